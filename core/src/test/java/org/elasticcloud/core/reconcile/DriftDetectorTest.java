package org.elasticcloud.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elasticcloud.core.reconcile.ReconcileFixture.SERVER_A;
import static org.elasticcloud.core.reconcile.ReconcileFixture.SERVER_B;
import static org.elasticcloud.core.reconcile.ReconcileFixture.endpoint;
import static org.elasticcloud.core.reconcile.ReconcileFixture.grant;

import java.util.List;
import java.util.Map;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.ObservationRegistry.Monitoring;
import org.elasticcloud.core.reconcile.InventoryView.GroupRef;
import org.elasticcloud.core.reconcile.InventoryView.Recorded;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
  private ReconcileFixture f;
  private GroupRef cap;
  private Recorded c1;
  private Recorded c2;
  private Recorded c3;

  /** "KIND TYPE key ACTION" per item, skipped and unchecked included. */
  static List<String> summary(Drift d) {
    return d.items().stream().map(i -> i.kind() + " " + i.type() + " " + i.key() + " " + i.action()).toList();
  }

  @BeforeEach
  void world() {
    f = new ReconcileFixture();
    cap = f.group("cap", "production", "v2", List.of(grant(SERVER_A, "cap_db", "cap_user")), "vip-cap",
        List.of("cpu", "memory"), true, true);
    c1 = f.container(cap, 1, "h1", ContainerState.RUNNING);
    c2 = f.container(cap, 2, "h2", ContainerState.RUNNING);
    c3 = f.container(cap, 3, "h3", ContainerState.STOPPED);
    f.host("h4");
  }

  @Test
  void aWorldThatMatchesItsInventory_hasNoDrift() {
    Drift d = f.detect();
    assertThat(d.items()).isEmpty();
    assertThat(d.clean()).isTrue();
    assertThat(d.counts()).containsEntry(DriftKind.ORPHAN, 0).hasSize(DriftKind.values().length);
  }

  // --- containers -------------------------------------------------------------------------------

  @Test
  void aLabelledContainerTheInventoryDoesNotRecord_isAnOrphanToRemove() {
    String name = ContainerBlueprint.name("cap", "production", "v2", 9);
    f.world.runtime.put(endpoint("h2"), name, true, "10.0.9.9", ReconcileFixture.labels(cap, name, 1));

    Drift d = f.detect();

    assertThat(summary(d)).containsExactly("ORPHAN CONTAINER CONTAINER|h2|" + name + " REMOVE_CONTAINER");
    assertThat(d.items().get(0).application()).isEqualTo("cap");
    assertThat(d.items().get(0).actual()).contains("running", "10.0.9.9");
  }

  @Test
  void foreignContainers_areNeverJudged() {
    f.world.runtime.put(endpoint("h1"), "postgres", true, "172.17.0.2", Map.of());
    f.world.runtime.put(endpoint("h1"), "other-production-v1-1", true, "10.0.5.5",
        Map.of(ContainerBlueprint.LABEL_APP, "other"));
    f.world.runtime.put(endpoint("h4"), "cap-production-v2-77", true, "10.0.5.6", Map.of("some.label", "x"));

    assertThat(f.detect().items()).isEmpty();
  }

  @Test
  void aRecordedContainerOnNoHost_isMissing_butOnlyWhenItsHostWasRead() {
    f.world.runtime.engines.get(endpoint("h1")).remove(c1.name());
    assertThat(summary(f.detect())).containsExactly("MISSING CONTAINER CONTAINER|h1|" + c1.name() + " NONE");

    f.world.runtime.down.add(endpoint("h1"));
    Drift d = f.detect();
    assertThat(summary(d)).containsExactly("UNCHECKED SOURCE SOURCE|host h1 NONE");
    assertThat(d.items().get(0).detail()).contains("ECP-DOCKER-001");
  }

  @Test
  void aStoppedRecordedContainer_mustExistToo() {
    f.world.runtime.engines.get(endpoint("h3")).remove(c3.name());
    assertThat(summary(f.detect())).containsExactly("MISSING CONTAINER CONTAINER|h3|" + c3.name() + " NONE");
  }

  @Test
  void runningStateAndIpAreCompared() {
    f.world.runtime.put(endpoint("h1"), c1.name(), false, c1.ip(), ReconcileFixture.labels(cap, c1.name(), 1));
    f.world.runtime.put(endpoint("h3"), c3.name(), true, c3.ip(), ReconcileFixture.labels(cap, c3.name(), 1));
    f.world.runtime.put(endpoint("h2"), c2.name(), true, "10.0.99.99", ReconcileFixture.labels(cap, c2.name(), 1));

    Drift d = f.detect();

    assertThat(summary(d)).containsExactly(
        "MISMATCH CONTAINER CONTAINER|h1|" + c1.name() + " NONE",
        "MISMATCH CONTAINER CONTAINER|h2|" + c2.name() + " NONE",
        "MISMATCH CONTAINER CONTAINER|h3|" + c3.name() + " NONE");
    assertThat(d.items()).extracting(DriftItem::detail).anyMatch(s -> s.contains("not running while the inventory says RUNNING"))
        .anyMatch(s -> s.contains("running while the inventory says STOPPED"))
        .anyMatch(s -> s.contains("another IP"));
  }

  @Test
  void aContainerOnAnotherHost_isAMismatch_andACopyBesideTheRecordedOne_isAStaleOrphan() {
    f.world.runtime.engines.get(endpoint("h1")).remove(c1.name());
    f.world.runtime.put(endpoint("h4"), c1.name(), true, c1.ip(), ReconcileFixture.labels(cap, c1.name(), 2));
    f.world.runtime.put(endpoint("h4"), c2.name(), true, c2.ip(), ReconcileFixture.labels(cap, c2.name(), 0));

    Drift d = f.detect();

    assertThat(summary(d)).containsExactly(
        "ORPHAN CONTAINER CONTAINER|h4|" + c2.name() + " REMOVE_CONTAINER",
        "MISMATCH CONTAINER CONTAINER|h4|" + c1.name() + " NONE");
    assertThat(d.items().get(0).detail()).contains("stale copy", "h2");
    assertThat(d.items().get(1).detail()).contains("records it on h1");
  }

  @Test
  void aTransitionalRecordWithNoOperation_isOneMismatch_andNothingOfItIsJudged() {
    Recorded creating = f.record(new Recorded("cap-production-v2-5", cap.id(), "h4", "10.0.7.7", null,
        "cap-production-v2-5-data", "cap-production-v2-5-log", ContainerState.CREATING, 0));
    f.world.ports.put(creating.name(), "10.0.7.8", "x", "h1");

    assertThat(summary(f.detect())).containsExactly(
        "MISMATCH CONTAINER CONTAINER|h4|" + creating.name() + " NONE");
  }

  // --- ports and volumes ------------------------------------------------------------------------

  @Test
  void ports_orphanMissingAndMismatch_foreignNamesIgnored() {
    f.world.ports.put("cap-production-v2-8", "10.0.8.8", "02:00:00:00:00:08", "h2");
    f.world.ports.put("router-1", "10.0.8.9", "02:00:00:00:00:09", "h2");
    f.world.ports.put("cap-nightly-v2-8", "10.0.8.10", "02:00:00:00:00:10", "h2");
    f.world.ports.byName.remove(c1.name());
    f.world.ports.put(c2.name(), c2.ip(), "02:ff:ff:ff:ff:ff", "h2");

    assertThat(summary(f.detect())).containsExactly(
        "ORPHAN PORT PORT|cap-production-v2-8 RELEASE_PORT",
        "MISSING PORT PORT|" + c1.name() + " NONE",
        "MISMATCH PORT PORT|" + c2.name() + " NONE");
  }

  @Test
  void volumes_orphanMissingAndMismatch() {
    f.world.volumes.put("cap-production-v2-8-data", 10, "h1");
    f.world.volumes.put("cap-production-v2-1-scratch", 10, "h1");
    f.world.volumes.put("scratch", 10, "h1");
    f.world.volumes.byName.remove(c2.logVolume());
    f.world.volumes.put(c3.dataVolume(), 10, "h1");

    assertThat(summary(f.detect())).containsExactly(
        "ORPHAN VOLUME VOLUME|cap-production-v2-8-data DELETE_VOLUME",
        "MISSING VOLUME VOLUME|" + c2.logVolume() + " NONE",
        "MISMATCH VOLUME VOLUME|" + c3.dataVolume() + " NONE");
  }

  @Test
  void aVolumeNamedAfterARecordedContainerButNotItsOwn_isReportedButNeverDeleted() {
    f.unrecord(c2.name());
    f.record(new Recorded(c2.name(), cap.id(), "h2", c2.ip(), c2.mac(), "elsewhere-data", c2.logVolume(),
        ContainerState.RUNNING, 1));
    f.world.volumes.put("elsewhere-data", 1, "h2");

    assertThat(summary(f.detect())).containsExactly("ORPHAN VOLUME VOLUME|" + c2.dataVolume() + " NONE");
  }

  // --- grants -----------------------------------------------------------------------------------

  @Test
  void grants_anAccountOnAPlatformAddressOfNoContainer_isAnOrphan_othersAreNotThePlatforms() {
    f.world.grants.put(SERVER_A, "cap_user", "10.0.200.1", "cap_db", List.of("SELECT"));
    f.world.grants.put(SERVER_A, "cap_user", "192.168.1.5", "cap_db", List.of("SELECT"));
    f.world.grants.put(SERVER_A, "cap_user", "%", "cap_db", List.of("SELECT"));
    f.world.grants.put(SERVER_A, "cap_user", "localhost", "cap_db", List.of("SELECT"));
    f.world.grants.put(SERVER_A, "other_user", "10.0.200.2", "cap_db", List.of("SELECT"));
    f.world.grants.put(SERVER_B, "cap_user", "10.0.200.3", "cap_db", List.of("SELECT"));

    Drift d = f.detect();

    assertThat(summary(d)).containsExactly("ORPHAN GRANT GRANT|" + SERVER_A + "|cap_user@10.0.200.1 REVOKE_GRANT");
    assertThat(d.items().get(0).grantUser()).isEqualTo("cap_user");
    assertThat(d.items().get(0).grantIp()).isEqualTo("10.0.200.1");
  }

  @Test
  void grants_everyContainerOfTheGroupNeedsItsAccount_theTemplateKeepsItsOwn() {
    f.world.grants.servers.get(SERVER_A).remove("cap_user@" + c3.ip());

    assertThat(summary(f.detect())).containsExactly("MISSING GRANT GRANT|" + SERVER_A + "|cap_user@" + c3.ip() + " NONE");
  }

  @Test
  void grants_ofAServerThatDoesNotAnswer_areUnchecked() {
    f.world.grants.down.add(SERVER_A);
    assertThat(summary(f.detect())).containsExactly(
        "UNCHECKED SOURCE SOURCE|database accounts cap_user on " + SERVER_A + " NONE");
  }

  // --- VIP members ------------------------------------------------------------------------------

  @Test
  void vip_extraMemberIsAnOrphan_missingAndMovedMembersAreReported() {
    f.world.loadBalancer.put("vip-cap", "intruder", "10.0.66.6", 8080);
    f.world.loadBalancer.vips.get("vip-cap").remove(c1.name());
    f.world.loadBalancer.put("vip-cap", c2.name(), "10.0.66.7", 8080);
    f.world.loadBalancer.put("vip-foreign", "whatever", "10.0.66.8", 80);

    assertThat(summary(f.detect())).containsExactly(
        "ORPHAN VIP_MEMBER VIP_MEMBER|vip-cap|intruder REMOVE_VIP_MEMBER",
        "MISSING VIP_MEMBER VIP_MEMBER|vip-cap|" + c1.name() + " NONE",
        "MISMATCH VIP_MEMBER VIP_MEMBER|vip-cap|" + c2.name() + " NONE");
  }

  @Test
  void vip_absent_everyRunningContainerIsMissingFromIt() {
    f.world.loadBalancer.vips.remove("vip-cap");
    Drift d = f.detect();
    assertThat(summary(d)).containsExactly(
        "MISSING VIP_MEMBER VIP_MEMBER|vip-cap|" + c1.name() + " NONE",
        "MISSING VIP_MEMBER VIP_MEMBER|vip-cap|" + c2.name() + " NONE");
    assertThat(d.items()).allSatisfy(i -> assertThat(i.detail()).contains("no such VIP"));
  }

  // --- monitoring -------------------------------------------------------------------------------

  @Test
  void monitoring_missingForAHealthyContainer_isRegisteredAgain_notForOneThatDoesNotRun() {
    f.world.observation.monitoring.remove(c1.name());
    f.world.observation.monitoring.remove(c2.name());
    f.world.runtime.engines.get(endpoint("h2")).remove(c2.name());

    assertThat(summary(f.detect())).containsExactly(
        "MISSING CONTAINER CONTAINER|h2|" + c2.name() + " NONE",
        "MISSING MONITORING MONITORING|" + c1.name() + " REGISTER_MONITORING",
        "MISSING MONITORING MONITORING|" + c2.name() + " NONE");
  }

  @Test
  void monitoring_orphanAndMismatch() {
    f.world.observation.monitor(new Monitoring("cap-production-v2-50", "h1", "10.0.50.50", List.of("cpu")));
    f.world.observation.monitor(new Monitoring("kafka-broker", "h1", "10.0.50.51", List.of("cpu")));
    f.world.observation.monitor(new Monitoring(c1.name(), "h9", c1.ip(), List.of("cpu", "memory")));

    assertThat(summary(f.detect())).containsExactly(
        "ORPHAN MONITORING MONITORING|cap-production-v2-50 FORGET_MONITORING",
        "MISMATCH MONITORING MONITORING|" + c1.name() + " REGISTER_MONITORING");
  }

  // --- what is skipped --------------------------------------------------------------------------

  @Test
  void anApplicationWithAnOperationInProgress_isSkippedWhole() {
    GroupRef web = f.group("web", "staging", "blue", List.of(grant(SERVER_B, "web_db", "web_user")), "vip-web",
        List.of("cpu"), false, false);
    Recorded w1 = f.container(web, 1, "h1", ContainerState.RUNNING);
    // drift everywhere for cap
    f.world.runtime.engines.get(endpoint("h1")).remove(c1.name());
    f.world.ports.put("cap-production-v2-8", "10.0.8.8", "m", "h2");
    f.world.volumes.put("cap-production-v2-8-data", 10, "h1");
    f.world.grants.put(SERVER_A, "cap_user", "10.0.200.1", "cap_db", List.of("SELECT"));
    f.world.loadBalancer.put("vip-cap", "intruder", "10.0.66.6", 8080);
    f.world.observation.monitor(new Monitoring("cap-production-v2-50", "h1", "10.0.50.50", List.of("cpu")));
    f.world.runtime.put(endpoint("h3"), "cap-production-v2-9", true, "10.0.9.9",
        ReconcileFixture.labels(cap, "cap-production-v2-9", 1));
    f.record(new Recorded("cap-production-v2-6", cap.id(), "h4", "10.0.7.7", null, null, null, ContainerState.CREATING, 0));
    // and one for web
    f.world.runtime.engines.get(endpoint("h1")).remove(w1.name());
    f.world.queue.enqueue("cap", "pi-42", "ScaleOutProcess cap/production/v2/dc1");

    Drift d = f.detect();

    assertThat(summary(d)).containsExactly(
        "MISSING CONTAINER CONTAINER|h1|" + w1.name() + " NONE",
        "SKIPPED APPLICATION APPLICATION|cap NONE");
    assertThat(d.ofKind(DriftKind.SKIPPED).get(0).detail()).contains("pi-42", "ScaleOutProcess");
  }

  @Test
  void anAccountSharedWithABusyApplication_isNotJudged() {
    GroupRef web = f.group("web", "staging", "blue", List.of(grant(SERVER_A, "cap_db", "cap_user")), null,
        List.of(), false, false);
    f.container(web, 1, "h1", ContainerState.RUNNING);
    f.world.grants.put(SERVER_A, "cap_user", "10.0.200.1", "cap_db", List.of("SELECT"));
    assertThat(summary(f.detect())).containsExactly(
        "ORPHAN GRANT GRANT|" + SERVER_A + "|cap_user@10.0.200.1 REVOKE_GRANT");
    assertThat(f.detect().items().get(0).application()).isEqualTo("cap,web");

    f.world.queue.enqueue("web", "pi-7", "ScaleInProcess");
    assertThat(summary(f.detect())).containsExactly("SKIPPED APPLICATION APPLICATION|web NONE");
  }

  @Test
  void sourcesThatDoNotAnswer_areListedAndNothingOfThemIsJudged() {
    f.world.ports.byName.clear();
    f.world.volumes.byName.clear();
    f.world.observation.monitoring.clear();
    f.world.loadBalancer.vips.clear();
    f.world.ports.down = true;
    f.world.volumes.down = true;
    f.world.observation.down = true;
    f.world.loadBalancer.down = true;

    assertThat(summary(f.detect())).containsExactly(
        "UNCHECKED SOURCE SOURCE|VIP vip-cap NONE",
        "UNCHECKED SOURCE SOURCE|monitoring registrations NONE",
        "UNCHECKED SOURCE SOURCE|network ports NONE",
        "UNCHECKED SOURCE SOURCE|volumes NONE");
  }

  @Test
  void templateContainers_areNeverOrphans() {
    String template = cap.templateContainer();
    f.world.runtime.put(endpoint("h4"), template, true, cap.templateIp(), ReconcileFixture.labels(cap, template, 0));
    f.world.ports.put(template, cap.templateIp(), "m", "h4");
    f.world.volumes.put(ContainerBlueprint.dataVolume(template), 1, "h4");
    f.world.observation.monitor(new Monitoring(template, "h4", cap.templateIp(), List.of("cpu")));

    assertThat(f.detect().items()).isEmpty();
  }

  @Test
  void names_areAttributedToEveryApplicationAndEnvironmentPrefixTheyFit_dashesIncluded() {
    ReconcileFixture g = new ReconcileFixture();
    g.application("a");
    GroupRef dashed = g.group("a-production", "production", "x", List.of(), null, List.of(), false, false);
    g.world.ports.put("a-production-production-x-3", "10.0.1.1", "m", "h1");
    g.world.ports.put("a-production-y-3", "10.0.1.2", "m", "h1");
    g.world.ports.put("a-production-y-", "10.0.1.3", "m", "h1");
    g.world.ports.put("a-qa-y-3", "10.0.1.4", "m", "h1");

    Drift d = g.detect();

    assertThat(d.items()).extracting(DriftItem::name, DriftItem::application).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("a-production-production-x-3", "a,a-production"),
        org.assertj.core.groups.Tuple.tuple("a-production-y-3", "a"));
    assertThat(g.view().owners("A-PRODUCTION-Y-3")).containsExactly("a");
    assertThat(dashed.id()).isPositive();
  }
}
