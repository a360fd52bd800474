package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.elasticcloud.core.reconcile.Drift;
import org.elasticcloud.core.reconcile.DriftItem;
import org.elasticcloud.core.reconcile.DriftKind;
import org.elasticcloud.core.reconcile.RepairAction;
import org.elasticcloud.core.reconcile.RepairOutcome;
import org.elasticcloud.core.reconcile.ResourceType;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the reconciliation store must do on every database the platform supports. */
abstract class ReconciliationStoreContract {
  protected ReconciliationStore store;

  protected void useDataSource(DataSource ds) {
    store = new ReconciliationStore(JdbcClient.create(ds));
  }

  private static final DriftItem ORPHAN_CONTAINER = new DriftItem(DriftKind.ORPHAN, ResourceType.CONTAINER, "cap", null,
      "h2", "cap-production-v2-9", null, "running, ip 10.0.9.9", "not recorded", RepairAction.REMOVE_CONTAINER);
  private static final DriftItem ORPHAN_GRANT = new DriftItem(DriftKind.ORPHAN, ResourceType.GRANT, "cap,web",
      "jdbc:mysql://db:3306/", null, "cap_user@10.0.9.9", null, "account", "x".repeat(3000), RepairAction.REVOKE_GRANT);
  private static final DriftItem MISSING = new DriftItem(DriftKind.MISSING, ResourceType.CONTAINER, "cap", null, "h1",
      "cap-production-v2-1", "RUNNING on h1", null, "on no host", RepairAction.NONE);
  private static final DriftItem SKIPPED = new DriftItem(DriftKind.SKIPPED, ResourceType.APPLICATION, "pay", null, null,
      "pay", null, null, "1 operation(s) queued", RepairAction.NONE);

  @Test
  void aReportKeepsItsItemsInOrder_withCountsPerKindAndOutcome() {
    store.saveDetected("pi-1", "TIMER", true, new Drift(List.of(SKIPPED, MISSING, ORPHAN_GRANT, ORPHAN_CONTAINER)));

    ReconciliationStore.Report r = store.find("pi-1").orElseThrow();
    assertThat(r.state()).isEqualTo(ReconciliationStore.State.DETECTED);
    assertThat(r.trigger()).isEqualTo("TIMER");
    assertThat(r.repairEnabled()).isTrue();
    assertThat(r.startedAt()).isNotNull();
    assertThat(r.finishedAt()).isNull();
    assertThat(r.counts()).containsEntry(DriftKind.ORPHAN, 2).containsEntry(DriftKind.MISSING, 1)
        .containsEntry(DriftKind.SKIPPED, 1).containsEntry(DriftKind.MISMATCH, 0).containsEntry(DriftKind.UNCHECKED, 0);
    assertThat(r.outcomes()).containsEntry(RepairOutcome.NOT_ATTEMPTED, 4).containsEntry(RepairOutcome.REPAIRED, 0);
    List<ReconciliationStore.Item> items = store.items("pi-1");
    assertThat(items).extracting(ReconciliationStore.Item::number).containsExactly(1, 2, 3, 4);
    assertThat(items).extracting(i -> i.item().kind()).containsExactly(DriftKind.ORPHAN, DriftKind.ORPHAN,
        DriftKind.MISSING, DriftKind.SKIPPED);
    assertThat(items.get(0).item()).isEqualTo(ORPHAN_CONTAINER);
    assertThat(items.get(1).item().detail()).hasSize(1000).endsWith("…");
    assertThat(items.get(1).item().key()).isEqualTo(ORPHAN_GRANT.key());
  }

  @Test
  void outcomesStateAndFinish() {
    store.saveDetected("pi-2", "REQUEST", false, new Drift(List.of(ORPHAN_CONTAINER, MISSING)));
    store.saveOutcome("pi-2", 1, RepairOutcome.REPAIRED, null);
    store.saveOutcome("pi-2", 2, RepairOutcome.FAILED, "ECP-X boom");
    store.setState("pi-2", ReconciliationStore.State.REPAIRED);
    assertThat(store.find("pi-2").orElseThrow().state()).isEqualTo(ReconciliationStore.State.REPAIRED);
    store.finish("pi-2");

    ReconciliationStore.Report r = store.find("pi-2").orElseThrow();
    assertThat(r.state()).isEqualTo(ReconciliationStore.State.RECORDED);
    assertThat(r.finishedAt()).isNotNull();
    assertThat(r.repairEnabled()).isFalse();
    assertThat(r.outcomes()).containsEntry(RepairOutcome.REPAIRED, 1).containsEntry(RepairOutcome.FAILED, 1);
    assertThat(store.items("pi-2")).extracting(ReconciliationStore.Item::outcomeDetail).containsExactly(null, "ECP-X boom");
  }

  @Test
  void savingTheSameReportAgain_replacesItsItems() {
    store.saveDetected("pi-3", "TIMER", true, new Drift(List.of(ORPHAN_CONTAINER, MISSING)));
    store.saveDetected("pi-3", "TIMER", true, new Drift(List.of(MISSING)));

    assertThat(store.items("pi-3")).extracting(i -> i.item().name()).containsExactly(MISSING.name());
    assertThat(store.find("pi-3").orElseThrow().counts()).containsEntry(DriftKind.ORPHAN, 0);
  }

  @Test
  void latest_andTheOrphansOfEarlierRecordedReports() {
    assertThat(store.latest()).isEmpty();
    store.saveDetected("a", "TIMER", true, new Drift(List.of(ORPHAN_CONTAINER, MISSING)));
    store.finish("a");
    store.saveDetected("b", "TIMER", true, new Drift(List.of(ORPHAN_GRANT)));
    store.saveDetected("c", "TIMER", true, new Drift(List.of(ORPHAN_CONTAINER, ORPHAN_GRANT)));
    store.finish("c");
    store.saveDetected("d", "REQUEST", true, new Drift(List.of()));

    assertThat(store.latest().orElseThrow().id()).isEqualTo("d");
    // b never finished: it does not count as a sighting
    assertThat(store.orphanKeysBefore("d", 2)).containsExactly(Set.of(ORPHAN_CONTAINER.key(), ORPHAN_GRANT.key()),
        Set.of(ORPHAN_CONTAINER.key()));
    assertThat(store.orphanKeysBefore("d", 1)).hasSize(1);
    assertThat(store.orphanKeysBefore("c", 5)).containsExactly(Set.of(ORPHAN_CONTAINER.key()));
    assertThat(store.orphanKeysBefore("d", 0)).isEmpty();
    assertThat(store.find("nope")).isEmpty();
    assertThat(store.items("nope")).isEmpty();
  }

  @Test
  void keepLatest_deletesOlderReportsAndTheirItems() {
    for (String id : List.of("r1", "r2", "r3", "r4")) {
      store.saveDetected(id, "TIMER", true, new Drift(List.of(ORPHAN_CONTAINER)));
    }
    assertThat(store.keepLatest(2)).isEqualTo(2);
    assertThat(store.find("r2")).isEmpty();
    assertThat(store.items("r1")).isEmpty();
    assertThat(store.find("r3")).isPresent();
    assertThat(store.items("r4")).hasSize(1);
    assertThat(store.keepLatest(2)).isZero();
  }
}
