package org.elasticcloud.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elasticcloud.core.reconcile.ReconcileFixture.SERVER_A;
import static org.elasticcloud.core.reconcile.ReconcileFixture.endpoint;
import static org.elasticcloud.core.reconcile.ReconcileFixture.grant;

import java.util.List;
import java.util.function.Predicate;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.ObservationRegistry.Monitoring;
import org.elasticcloud.core.reconcile.InventoryView.GroupRef;
import org.elasticcloud.core.reconcile.InventoryView.Recorded;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepairerTest {
  private ReconcileFixture f;
  private GroupRef cap;
  private Recorded c1;
  private final String orphan = ContainerBlueprint.name("cap", "production", "v2", 9);

  @BeforeEach
  void world() {
    f = new ReconcileFixture();
    cap = f.group("cap", "production", "v2", List.of(grant(SERVER_A, "cap_db", "cap_user"),
        grant(SERVER_A, "cap_logs", "cap_user")), "vip-cap", List.of("cpu"), true, false);
    c1 = f.container(cap, 1, "h1", ContainerState.RUNNING);
    f.host("h2");
  }

  /** An orphan container left by a crashed scale-out with everything it had: port, volumes, account, member, monitoring. */
  private void crashedLeftovers() {
    f.world.runtime.put(endpoint("h2"), orphan, true, "10.0.9.9", ReconcileFixture.labels(cap, orphan, 1));
    f.world.ports.put(orphan, "10.0.9.9", "02:00:00:00:09:09", "h2");
    f.world.volumes.put(ContainerBlueprint.dataVolume(orphan), 10, "h2");
    f.world.volumes.put(ContainerBlueprint.logVolume(orphan), 1, "h2");
    f.world.grants.put(SERVER_A, "cap_user", "10.0.9.9", "cap_db", List.of("SELECT", "INSERT"));
    f.world.grants.put(SERVER_A, "cap_user", "10.0.9.9", "cap_logs", List.of("SELECT", "INSERT"));
    f.world.loadBalancer.put("vip-cap", orphan, "10.0.9.9", 8080);
    f.world.observation.monitor(new Monitoring(orphan, "h2", "10.0.9.9", List.of("cpu")));
  }

  private static RepairOutcome outcomeOf(List<Repairer.Result> results, ResourceType type, String name) {
    return results.stream().filter(r -> r.item().type() == type && r.item().name().equals(name)).findFirst()
        .orElseThrow().outcome();
  }

  @Test
  void everythingACrashedScaleOutLeftBehind_isRemoved_andTheWorldMatchesItsInventoryAgain() {
    crashedLeftovers();
    Drift d = f.detect();
    assertThat(d.ofKind(DriftKind.ORPHAN)).extracting(DriftItem::type).containsExactlyInAnyOrder(ResourceType.CONTAINER,
        ResourceType.PORT, ResourceType.VOLUME, ResourceType.VOLUME, ResourceType.GRANT, ResourceType.VIP_MEMBER,
        ResourceType.MONITORING);
    assertThat(d.items()).hasSize(7);

    List<Repairer.Result> results = f.repair(d);

    assertThat(results).extracting(Repairer.Result::outcome).containsOnly(RepairOutcome.REPAIRED);
    assertThat(f.detect().items()).isEmpty();
    assertThat(f.world.grants.has(SERVER_A, "cap_user", "10.0.9.9")).isFalse();
    assertThat(f.world.grants.has(SERVER_A, "cap_user", c1.ip())).isTrue();
    assertThat(f.world.volumes.byName).doesNotContainKey(ContainerBlueprint.dataVolume(orphan));

    // a second run of the same report finds everything done
    int mutations = f.world.mutations.get();
    assertThat(f.repair(d)).extracting(Repairer.Result::outcome).containsOnly(RepairOutcome.ALREADY_DONE);
    assertThat(f.world.mutations.get()).isEqualTo(mutations);
  }

  @Test
  void anApplicationThatBecameBusy_isLeftAlone() {
    crashedLeftovers();
    Drift d = f.detect();
    f.world.queue.enqueue("cap", "pi-1", "ScaleOutProcess");
    int before = f.world.mutations.get();

    List<Repairer.Result> results = f.world.repairer().repair(d.items(), f.view(),
        a -> !f.world.queue.queue(a).isEmpty(), i -> true);

    assertThat(results).extracting(Repairer.Result::outcome).containsOnly(RepairOutcome.SKIPPED_BUSY);
    assertThat(f.world.mutations.get()).isEqualTo(before);
  }

  @Test
  void anOrphanNotYetConfirmed_waits() {
    crashedLeftovers();
    Drift d = f.detect();
    Predicate<DriftItem> onlyTheMember = i -> i.type() == ResourceType.VIP_MEMBER;

    List<Repairer.Result> results = f.world.repairer().repair(d.items(), f.view(), a -> false, onlyTheMember);

    assertThat(outcomeOf(results, ResourceType.VIP_MEMBER, orphan)).isEqualTo(RepairOutcome.REPAIRED);
    assertThat(results).filteredOn(r -> r.item().type() != ResourceType.VIP_MEMBER).extracting(Repairer.Result::outcome)
        .containsOnly(RepairOutcome.AWAITING_CONFIRMATION);
    assertThat(f.world.runtime.engines.get(endpoint("h2"))).containsKey(orphan);
  }

  @Test
  void whatTheInventoryRecordsByNow_isLeftAlone() {
    crashedLeftovers();
    Drift d = f.detect();
    // the operation that made it records it just now
    f.record(new Recorded(orphan, cap.id(), "h2", "10.0.9.9", "02:00:00:00:09:09", ContainerBlueprint.dataVolume(orphan),
        ContainerBlueprint.logVolume(orphan), ContainerState.CREATING, 0));
    int before = f.world.mutations.get();

    List<Repairer.Result> results = f.repair(d);

    assertThat(results).extracting(Repairer.Result::outcome).containsOnly(RepairOutcome.SKIPPED_CHANGED);
    assertThat(f.world.mutations.get()).isEqualTo(before);
  }

  @Test
  void aContainerThatCannotBeRemoved_keepsItsVolumesAndPort_theRestGoes() {
    crashedLeftovers();
    f.world.runtime.refuseRemoval.add(endpoint("h2"));

    List<Repairer.Result> results = f.repair(f.detect());

    assertThat(outcomeOf(results, ResourceType.CONTAINER, orphan)).isEqualTo(RepairOutcome.FAILED);
    assertThat(results.stream().filter(r -> r.outcome() == RepairOutcome.FAILED).findFirst().orElseThrow().detail())
        .contains("ECP-DOCKER-099");
    assertThat(outcomeOf(results, ResourceType.PORT, orphan)).isEqualTo(RepairOutcome.BLOCKED);
    assertThat(outcomeOf(results, ResourceType.VOLUME, ContainerBlueprint.dataVolume(orphan))).isEqualTo(RepairOutcome.BLOCKED);
    assertThat(outcomeOf(results, ResourceType.GRANT, "cap_user@10.0.9.9")).isEqualTo(RepairOutcome.REPAIRED);
    assertThat(outcomeOf(results, ResourceType.VIP_MEMBER, orphan)).isEqualTo(RepairOutcome.REPAIRED);
    assertThat(f.world.ports.byName).containsKey(orphan);
    assertThat(f.world.volumes.byName.get(ContainerBlueprint.dataVolume(orphan)).attachedHost()).isEqualTo("h2");
  }

  @Test
  void aStaleCopy_isRemovedOnlyWhileTheInventorysCopyIsThere() {
    f.world.runtime.put(endpoint("h2"), c1.name(), true, c1.ip(), ReconcileFixture.labels(cap, c1.name(), 0));
    Drift d = f.detect();
    assertThat(d.items()).singleElement().satisfies(i -> assertThat(i.action()).isEqualTo(RepairAction.REMOVE_CONTAINER));
    f.world.runtime.engines.get(endpoint("h1")).remove(c1.name());

    List<Repairer.Result> results = f.repair(d);

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(RepairOutcome.SKIPPED_CHANGED);
      assertThat(r.detail()).contains("last copy");
    });
    assertThat(f.world.runtime.engines.get(endpoint("h2"))).containsKey(c1.name());
  }

  @Test
  void missingMonitoringOfAHealthyContainer_isRegisteredFromTheInventory() {
    f.world.observation.monitoring.remove(c1.name());

    List<Repairer.Result> results = f.repair(f.detect());

    assertThat(results).extracting(Repairer.Result::outcome).containsExactly(RepairOutcome.REPAIRED);
    assertThat(f.world.observation.monitoring.get(c1.name())).isEqualTo(new Monitoring(c1.name(), "h1", c1.ip(), List.of("cpu")));
    assertThat(f.detect().items()).isEmpty();
  }

  @Test
  void reportOnlyItems_areNeverActedOn() {
    f.world.runtime.engines.get(endpoint("h1")).remove(c1.name());
    f.world.ports.byName.remove(c1.name());
    int before = f.world.mutations.get();

    List<Repairer.Result> results = f.repair(f.detect());

    assertThat(results).hasSize(2).extracting(Repairer.Result::outcome).containsOnly(RepairOutcome.NOT_ATTEMPTED);
    assertThat(f.world.mutations.get()).isEqualTo(before);
  }

  @Test
  void anAccountNoGroupRegistersAnyMore_isLeftAlone() {
    f.world.grants.put(SERVER_A, "cap_user", "10.0.9.9", "cap_db", List.of("SELECT"));
    Drift d = f.detect();
    ReconcileFixture without = new ReconcileFixture();
    without.group("cap", "production", "v2");

    List<Repairer.Result> results = f.world.repairer().repair(d.items(), without.view(), a -> false, i -> true);

    assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(RepairOutcome.SKIPPED_CHANGED));
    assertThat(f.world.grants.has(SERVER_A, "cap_user", "10.0.9.9")).isTrue();
  }
}
