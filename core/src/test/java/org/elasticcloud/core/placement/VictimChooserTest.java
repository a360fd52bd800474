package org.elasticcloud.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.elasticcloud.core.placement.Fixtures.G;
import static org.elasticcloud.core.placement.Fixtures.SPEC;
import static org.elasticcloud.core.placement.Fixtures.host;
import static org.elasticcloud.core.placement.Fixtures.load;
import static org.elasticcloud.core.placement.Fixtures.mine;
import static org.elasticcloud.core.placement.Fixtures.other;
import static org.elasticcloud.core.placement.Fixtures.withGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.placement.Victim.Criterion;
import org.junit.jupiter.api.Test;

class VictimChooserTest {
  private static ScaleInResult remove(int count, int minInstances, HostLoad... hosts) {
    return VictimChooser.choose(ScaleInRequest.of(G, count, List.of(hosts), minInstances));
  }

  /** Group G's containers per host after removing the victims. */
  private static Map<Long, Integer> countsAfter(ScaleInResult r, List<HostLoad> hosts) {
    Set<Long> gone = new HashSet<>(r.containerIds());
    Map<Long, Integer> counts = new HashMap<>();
    for (HostLoad h : hosts) {
      counts.put(h.hostId(), (int) h.containers().stream()
          .filter(c -> c.groupId() == G && !gone.contains(c.containerId())).count());
    }
    return counts;
  }

  @Test
  void theMostLoadedSwitchLosesFirstEvenIfAnotherHostHoldsMore() {
    // switch 1: hosts 1 and 2 with 2 each (4); switch 2: host 3 with 3
    ScaleInResult r = remove(1, 0, withGroup(1, 1, 2, 10), withGroup(2, 1, 2, 20), withGroup(3, 2, 3, 30));

    Victim v = r.victims().get(0);
    assertThat(v.hostId()).isEqualTo(1L);
    assertThat(v.switchGroupCountBefore()).isEqualTo(4);
    assertThat(v.decidedBy()).isEqualTo(Criterion.HOST_ID);
    assertThat(v.runnerUpHostId()).isEqualTo(2L);
  }

  @Test
  void switchLoadThenHostLoadDecide() {
    List<HostLoad> hosts = List.of(withGroup(1, 1, 2, 10), withGroup(2, 1, 2, 20), withGroup(3, 2, 3, 30));

    ScaleInResult r = VictimChooser.choose(ScaleInRequest.of(G, 3, hosts, 0));

    assertThat(r.victims()).extracting(Victim::hostId).containsExactly(1L, 3L, 2L);
    assertThat(r.victims()).extracting(Victim::decidedBy)
        .containsExactly(Criterion.HOST_ID, Criterion.HOST_LOAD, Criterion.HOST_LOAD);
    assertThat(r.victims().get(1).explanation()).contains("more of the group on its host (3 vs 2)");
    assertThat(countsAfter(r, hosts)).isEqualTo(Map.of(1L, 1, 2L, 1, 3L, 2));
    assertThat(r.maxPerHostAfter()).isEqualTo(2);
    assertThat(r.maxPerSwitchAfter()).isEqualTo(2);
  }

  @Test
  void aHeavierSwitchAgainstALighterOneIsDecidedBySwitchLoad() {
    // host 3 has the lower id among the loaded ones, but its switch holds less
    ScaleInResult r = remove(1, 0, withGroup(3, 1, 1, 30), withGroup(5, 2, 1, 50), withGroup(6, 2, 1, 60),
        load(host(1, 1)));

    Victim v = r.victims().get(0);
    assertThat(v.hostId()).isEqualTo(5L);
    assertThat(v.runnerUpHostId()).isEqualTo(6L);
    assertThat(v.decidedBy()).isEqualTo(Criterion.HOST_ID);

    ScaleInResult lone = remove(1, 0, withGroup(2, 2, 2, 20), withGroup(1, 1, 1, 10));
    assertThat(lone.victims().get(0).hostId()).isEqualTo(2L);
    assertThat(lone.victims().get(0).decidedBy()).isEqualTo(Criterion.SWITCH_LOAD);
    assertThat(lone.victims().get(0).explanation()).contains("more of the group on its switch (2 vs 1)");
  }

  @Test
  void containersOnHostsThatAreNotReadyGoFirst() {
    HostLoad draining = new HostLoad(host(9, 2, 32, 131072, 2000, HostState.DRAINING), List.of(mine(90)));
    ScaleInResult r = remove(1, 0, withGroup(1, 1, 3, 10), draining);

    Victim v = r.victims().get(0);
    assertThat(v.containerId()).isEqualTo(90L);
    assertThat(v.decidedBy()).isEqualTo(Criterion.HOST_NOT_READY);
    assertThat(v.explanation()).contains("its host is not READY (DRAINING)");
  }

  @Test
  void keepsTheSpreadEven() {
    List<HostLoad> hosts = List.of(withGroup(1, 1, 3, 10), withGroup(2, 2, 2, 20), withGroup(3, 3, 1, 30));

    ScaleInResult r = VictimChooser.choose(ScaleInRequest.of(G, 3, hosts, 0));

    assertThat(countsAfter(r, hosts)).isEqualTo(Map.of(1L, 1, 2L, 1, 3L, 1));
    assertThat(r.maxPerHostAfter()).isEqualTo(1);
    assertThat(r.groupSizeAfter()).isEqualTo(3);
  }

  @Test
  void theNewestContainerOfAHostGoesFirst() {
    HostLoad h = load(host(1, 1), mine(10), mine(30), mine(20));

    ScaleInResult r = remove(2, 0, h);

    assertThat(r.containerIds()).containsExactly(30L, 20L);
    assertThat(r.victims().get(0).decidedBy()).isEqualTo(Criterion.ONLY_CANDIDATE);
    assertThat(r.victims().get(0).explanation()).contains("the newest of the group's containers on that host");
  }

  @Test
  void otherGroupsAreNeverVictims() {
    HostLoad h1 = load(host(1, 1), other(500, SPEC), mine(10), other(501, SPEC));
    HostLoad h2 = load(host(2, 2), other(502, SPEC), other(503, SPEC), other(504, SPEC), mine(20));

    ScaleInResult r = remove(5, 0, h1, h2);

    assertThat(r.containerIds()).containsExactlyInAnyOrder(10L, 20L);
    assertThat(r.groupSizeBefore()).isEqualTo(2);
  }

  @Test
  void neverBelowTheMinimumUnlessAllowed() {
    List<HostLoad> hosts = List.of(withGroup(1, 1, 2, 10), withGroup(2, 2, 2, 20));

    ScaleInResult kept = VictimChooser.choose(ScaleInRequest.of(G, 2, hosts, 3));
    assertThat(kept.removed()).isEqualTo(1);
    assertThat(kept.groupSizeAfter()).isEqualTo(3);
    assertThat(kept.shortfall().cause()).isEqualTo(Shortfall.Cause.MINIMUM);
    assertThat(kept.shortfall().count()).isEqualTo(1);
    assertThat(kept.shortfall().explanation()).contains("removed 1 of 2", "below its minimum of 3");
    assertThatThrownBy(kept::requireAll).isInstanceOfSatisfying(ScaleInRefusedException.class, e -> {
      assertThat(e.result()).isSameAs(kept);
      assertThat(e.getMessage()).startsWith("ECP-PLACE-002 group 42: removed 1 of 2");
    });

    ScaleInResult allowed = VictimChooser.choose(ScaleInRequest.of(G, 2, hosts, 3).allowingBelowMinimum());
    assertThat(allowed.removed()).isEqualTo(2);
    assertThat(allowed.requireAll()).isSameAs(allowed);
  }

  @Test
  void aGroupAtItsMinimumLosesNothing() {
    ScaleInResult r = remove(1, 2, withGroup(1, 1, 1, 10), withGroup(2, 2, 1, 20));

    assertThat(r.victims()).isEmpty();
    assertThat(r.shortfall().cause()).isEqualTo(Shortfall.Cause.MINIMUM);
    assertThat(r.shortfall().explanation()).contains("already at or below its minimum of 2");
  }

  @Test
  void aSmallGroupLosesWhatItHas() {
    ScaleInResult r = remove(3, 0, withGroup(1, 1, 1, 10), withGroup(2, 2, 1, 20));

    assertThat(r.removed()).isEqualTo(2);
    assertThat(r.shortfall().cause()).isEqualTo(Shortfall.Cause.GROUP_TOO_SMALL);
    assertThat(r.shortfall().explanation()).contains("only 2 container(s)");
    assertThat(r.maxPerHostAfter()).isZero();
  }

  @Test
  void theSameResultWhateverTheInputOrder() {
    Random random = new Random(5);
    List<HostLoad> hosts = new ArrayList<>();
    long id = 1;
    for (long h = 1; h <= 30; h++) {
      List<PlacedContainer> cs = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        cs.add(mine(id++));
      }
      cs.add(other(id++, SPEC));
      HostState state = h % 11 == 0 ? HostState.SUSPECT : HostState.READY;
      hosts.add(new HostLoad(host(h, 1 + h % 4, 32, 131072, 2000, state), cs));
    }
    ScaleInResult expected = VictimChooser.choose(ScaleInRequest.of(G, 12, hosts, 1));
    assertThat(expected.removed()).isEqualTo(12);

    for (int i = 0; i < 20; i++) {
      assertThat(VictimChooser.choose(ScaleInRequest.of(G, 12, Fixtures.shuffled(hosts, random), 1)))
          .isEqualTo(expected);
    }
  }

  @Test
  void explainListsEveryVictim() {
    ScaleInResult r = remove(2, 1, withGroup(1, 1, 2, 10), withGroup(2, 2, 1, 20));

    assertThat(r.explain())
        .startsWith("Remove 2 of 2 requested container(s) of group 42 (group of 3 -> 1, minimum 1;")
        .contains("#1 container 11 on h1 (id 1, switch 1)", "more of the group on its switch (2 vs 1)",
            "#2 container 10 on h1 (id 1, switch 1)", "equal load, lower host id");
    assertThat(r.explain().lines().count()).isEqualTo(3);
  }

  @Test
  void large_aGroupOfThousandsOverAThousandHostsIsLeveledPerSwitch() {
    List<HostLoad> hosts = new ArrayList<>();
    long containerId = 1;
    for (long id = 1; id <= 1000; id++) {
      List<PlacedContainer> cs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        long group = i < (id * 7) % 5 ? G : 1000 + i; // 0-4 containers of G per host
        cs.add(new PlacedContainer(containerId++, group, new Resources(1, 1024, 10)));
      }
      hosts.add(new HostLoad(host(id, 1 + (id * id) % 37, 256, 1048576, 8000), cs));
    }
    int size = hosts.stream().mapToInt(h -> h.groupCount(G)).sum();
    int k = 900;

    ScaleInResult r = VictimChooser.choose(ScaleInRequest.of(G, k, hosts, 10));

    assertThat(size).isGreaterThan(1500);
    assertThat(r.removed()).isEqualTo(k);
    assertThat(r.groupSizeAfter()).isEqualTo(size - k);
    assertThat(new HashSet<>(r.containerIds())).hasSize(k);
    // the fewest a switch can be left holding at most: the lowest level L with Σ max(0, count − L) ≤ k
    Map<Long, Integer> perSwitch = new HashMap<>();
    hosts.forEach(h -> perSwitch.merge(h.switchId(), h.groupCount(G), Integer::sum));
    int level = 0;
    while (excess(perSwitch, level) > k) {
      level++;
    }
    assertThat(r.maxPerSwitchAfter()).isEqualTo(level);
    assertThat(VictimChooser.choose(ScaleInRequest.of(G, k, hosts, 10))).isEqualTo(r);
  }

  private static int excess(Map<Long, Integer> counts, int level) {
    return counts.values().stream().mapToInt(c -> Math.max(0, c - level)).sum();
  }
}
