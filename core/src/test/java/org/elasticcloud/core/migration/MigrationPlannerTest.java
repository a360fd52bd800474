package org.elasticcloud.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.placement.HostLoad;
import org.elasticcloud.core.placement.PlacedContainer;
import org.elasticcloud.core.placement.Resources;
import org.elasticcloud.core.placement.Shortfall;
import org.elasticcloud.core.placement.SpreadPolicy;
import org.junit.jupiter.api.Test;

class MigrationPlannerTest {
  private static final Resources SMALL = new Resources(1, 1024, 10);
  private static final long SOURCE = 1;

  private static Host host(long id, long switchId, int cores, HostState state) {
    return new Host(id, switchId, "h" + id, cores, cores * 1024L, 1000L, "tcp://h" + id + ":2375", state);
  }

  private static HostLoad load(Host h, PlacedContainer... cs) {
    return new HostLoad(h, Arrays.asList(cs));
  }

  private static PlacedContainer placed(long id, long group) {
    return new PlacedContainer(id, group, SMALL);
  }

  private static Evacuee evacuee(long id, long group, String app, int priority) {
    return new Evacuee(id, app + "-production-g" + group + "-" + id, group, app, priority, SMALL);
  }

  private static Map<String, String> targets(MigrationPlan plan) {
    return plan.moves().stream().collect(Collectors.toMap(m -> m.evacuee().containerName(), MigrationPlan.Move::targetHostName));
  }

  @Test
  void everyContainerLeaves_neverForTheSourceOrAHostThatIsNotReady() {
    List<Evacuee> evacuees = List.of(evacuee(11, 100, "cap", 50), evacuee(12, 100, "cap", 50), evacuee(13, 200, "web", 50));
    List<HostLoad> hosts = List.of(
        load(host(SOURCE, 1, 16, HostState.DOWN), placed(11, 100), placed(12, 100), placed(13, 200)),
        load(host(2, 1, 16, HostState.READY)),
        load(host(3, 1, 16, HostState.DRAINING)),
        load(host(4, 2, 16, HostState.FAULTY)),
        load(host(5, 2, 16, HostState.READY)));

    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(SOURCE, evacuees, hosts, SpreadPolicy.DEFAULT));

    assertThat(plan.complete()).isTrue();
    assertThat(plan.moves()).hasSize(3).allSatisfy(m -> assertThat(m.targetHostId()).isIn(2L, 5L));
    // the group of two keeps its spread: one per host
    assertThat(plan.moves().stream().filter(m -> m.evacuee().groupId() == 100).map(MigrationPlan.Move::targetHostId))
        .containsExactlyInAnyOrder(2L, 5L);
    assertThat(plan.moves()).allSatisfy(m -> assertThat(m.explanation()).startsWith(m.evacuee().containerName() + " #"));
  }

  @Test
  void aReadySourceIsExcludedToo() {
    List<HostLoad> hosts = List.of(load(host(SOURCE, 1, 16, HostState.READY), placed(11, 100)),
        load(host(2, 1, 16, HostState.READY)));
    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(SOURCE, List.of(evacuee(11, 100, "cap", 50)), hosts,
        SpreadPolicy.DEFAULT));
    assertThat(targets(plan)).containsEntry("cap-production-g100-11", "h2");
  }

  @Test
  void whenCapacityIsShort_theMostImportantApplicationsMoveAndTheOthersWaitWithTheReason() {
    // one free core left in the datacenter; "low" comes first by name and id, "high" by priority
    List<Evacuee> evacuees = List.of(evacuee(11, 100, "low", 10), evacuee(12, 200, "high", 90), evacuee(13, 300, "mid", 50));
    List<HostLoad> hosts = List.of(
        load(host(SOURCE, 1, 8, HostState.DOWN), placed(11, 100), placed(12, 200), placed(13, 300)),
        load(host(2, 1, 2, HostState.READY), placed(90, 999)));

    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(SOURCE, evacuees, hosts, SpreadPolicy.DEFAULT));

    assertThat(plan.moves()).extracting(m -> m.evacuee().application()).containsExactly("high");
    assertThat(plan.waiting()).extracting(w -> w.evacuee().application()).containsExactly("mid", "low");
    assertThat(plan.waiting()).allSatisfy(w -> {
      assertThat(w.cause()).isEqualTo(Shortfall.Cause.CAPACITY);
      assertThat(w.reason()).contains("free capacity for only 0");
    });
    assertThat(plan.waitingText()).contains("mid-production-g300-13 (mid, priority 50): ")
        .contains("low-production-g100-11 (low, priority 10): ").hasLineCount(2);
  }

  @Test
  void aGroupIsPlacedAsAWhole_soItsSpreadLimitsAreThoseOfTheWholeGroup() {
    // a group of 4: two on the failed host, one on each of the others; a group of 4 may hold 2 per host
    List<HostLoad> hosts = List.of(
        load(host(SOURCE, 1, 8, HostState.DOWN), placed(11, 100), placed(12, 100)),
        load(host(2, 1, 8, HostState.READY), placed(13, 100)),
        load(host(3, 2, 8, HostState.READY), placed(14, 100)));
    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(SOURCE,
        List.of(evacuee(11, 100, "cap", 50), evacuee(12, 100, "cap", 50)), hosts, SpreadPolicy.DEFAULT));

    assertThat(plan.complete()).isTrue();
    assertThat(plan.moves()).extracting(MigrationPlan.Move::targetHostId).containsExactlyInAnyOrder(2L, 3L);
  }

  @Test
  void theSpreadRulesHold_aContainerThatWouldBreakThemWaits() {
    // a group of 3 on 3 hosts, one per host: the one on the failed host may go to neither other host
    List<HostLoad> hosts = List.of(
        load(host(SOURCE, 1, 8, HostState.DOWN), placed(11, 100)),
        load(host(2, 1, 8, HostState.READY), placed(12, 100)),
        load(host(3, 2, 8, HostState.READY), placed(13, 100)));
    MigrationRequest request = new MigrationRequest(SOURCE, List.of(evacuee(11, 100, "cap", 50)), hosts,
        SpreadPolicy.DEFAULT);

    MigrationPlan plan = MigrationPlanner.plan(request);
    assertThat(plan.moves()).isEmpty();
    assertThat(plan.waiting()).singleElement().satisfies(w -> {
      assertThat(w.cause()).isEqualTo(Shortfall.Cause.SPREAD);
      assertThat(w.reason()).contains("spread limits allow only 0");
    });

    // an operator who accepts a worse spread for a while re-plans without the limits
    MigrationPlan relaxed = MigrationPlanner.plan(new MigrationRequest(SOURCE, request.evacuees(), hosts,
        SpreadPolicy.UNLIMITED));
    assertThat(relaxed.moves()).singleElement().satisfies(m -> assertThat(m.targetHostId()).isIn(2L, 3L));
  }

  @Test
  void whatOneGroupTakesIsTaken_theNextGroupSeesIt() {
    // two free cores on host 2, none elsewhere: two important containers take them, the third waits
    List<HostLoad> hosts = List.of(
        load(host(SOURCE, 1, 8, HostState.DOWN), placed(11, 100), placed(12, 200), placed(13, 300)),
        load(host(2, 1, 2, HostState.READY)));
    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(SOURCE,
        List.of(evacuee(11, 100, "a", 70), evacuee(12, 200, "b", 60), evacuee(13, 300, "c", 50)), hosts,
        SpreadPolicy.UNLIMITED));

    assertThat(plan.moves()).extracting(m -> m.evacuee().application()).containsExactly("a", "b");
    assertThat(plan.waiting()).extracting(w -> w.evacuee().application()).containsExactly("c");
  }

  @Test
  void noEligibleHost_everyContainerWaits() {
    List<HostLoad> hosts = List.of(
        load(host(SOURCE, 1, 8, HostState.DOWN), placed(11, 100), placed(12, 200)),
        load(host(2, 1, 8, HostState.MAINTENANCE)));
    MigrationPlan plan = MigrationPlanner.plan(new MigrationRequest(SOURCE,
        List.of(evacuee(11, 100, "a", 50), evacuee(12, 200, "b", 50)), hosts, SpreadPolicy.DEFAULT));
    assertThat(plan.moves()).isEmpty();
    assertThat(plan.waiting()).hasSize(2).allSatisfy(w -> assertThat(w.cause()).isEqualTo(Shortfall.Cause.NO_ELIGIBLE_HOST));

    MigrationPlan none = MigrationPlanner.plan(new MigrationRequest(SOURCE, List.of(evacuee(11, 100, "a", 50)), List.of(),
        SpreadPolicy.DEFAULT));
    assertThat(none.waiting()).singleElement().satisfies(w -> assertThat(w.cause()).isEqualTo(Shortfall.Cause.NO_ELIGIBLE_HOST));
  }

  @Test
  void theSamePlanWhateverTheOrderOfHostsAndEvacuees() {
    List<Evacuee> evacuees = new ArrayList<>();
    List<PlacedContainer> onSource = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      evacuees.add(evacuee(100 + i, 10 + i % 4, "app" + (i % 4), 20 * (i % 4)));
      onSource.add(placed(100 + i, 10 + i % 4));
    }
    List<HostLoad> hosts = new ArrayList<>();
    hosts.add(new HostLoad(host(SOURCE, 1, 32, HostState.DOWN), onSource));
    for (int h = 2; h <= 6; h++) {
      hosts.add(load(host(h, h % 2, 3, HostState.READY), placed(1000 + h, 10 + h % 4)));
    }
    MigrationPlan expected = MigrationPlanner.plan(new MigrationRequest(SOURCE, evacuees, hosts, SpreadPolicy.DEFAULT));
    assertThat(expected.moves()).isNotEmpty();
    assertThat(expected.waiting()).isNotEmpty();

    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      List<Evacuee> e = new ArrayList<>(evacuees);
      List<HostLoad> hs = new ArrayList<>(hosts);
      Collections.shuffle(e, random);
      Collections.shuffle(hs, random);
      assertThat(MigrationPlanner.plan(new MigrationRequest(SOURCE, e, hs, SpreadPolicy.DEFAULT))).isEqualTo(expected);
    }
  }

  @Test
  void aContainerListedTwiceIsRefused() {
    assertThatThrownBy(() -> new MigrationRequest(SOURCE, List.of(evacuee(11, 100, "a", 50), evacuee(11, 100, "a", 50)),
        List.of(), SpreadPolicy.DEFAULT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }
}
