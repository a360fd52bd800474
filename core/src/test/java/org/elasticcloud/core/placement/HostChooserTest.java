package org.elasticcloud.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.elasticcloud.core.placement.Fixtures.G;
import static org.elasticcloud.core.placement.Fixtures.SPEC;
import static org.elasticcloud.core.placement.Fixtures.host;
import static org.elasticcloud.core.placement.Fixtures.load;
import static org.elasticcloud.core.placement.Fixtures.mine;
import static org.elasticcloud.core.placement.Fixtures.other;
import static org.elasticcloud.core.placement.Fixtures.withGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.placement.HostDecision.Verdict;
import org.elasticcloud.core.placement.Placement.Criterion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HostChooserTest {
  private static PlacementResult place(int count, HostLoad... hosts) {
    return HostChooser.choose(PlacementRequest.of(G, SPEC, count, List.of(hosts)));
  }

  private static PlacementResult place(int count, SpreadPolicy policy, HostLoad... hosts) {
    return HostChooser.choose(PlacementRequest.of(G, SPEC, count, List.of(hosts)).withPolicy(policy));
  }

  private static HostDecision decision(PlacementResult r, long hostId) {
    return r.decision(hostId).orElseThrow();
  }

  // --- simple fit ---------------------------------------------------------------------------

  @Test
  void simpleFit_onePerfectlyEqualHostOfThreeIsChosenByHostId() {
    PlacementResult r = place(1, load(host(3, 3)), load(host(1, 1)), load(host(2, 2)));

    assertThat(r.complete()).isTrue();
    assertThat(r.hostIds()).containsExactly(1L);
    Placement p = r.placements().get(0);
    assertThat(p.decidedBy()).isEqualTo(Criterion.HOST_ID);
    assertThat(p.runnerUpHostId()).isEqualTo(2L);
    assertThat(p.ratioMismatch()).isZero();
    assertThat(p.explanation()).contains("h1", "preferred over h2", "lower host id");
    assertThat(r.decisions()).extracting(HostDecision::hostId).containsExactly(1L, 2L, 3L);
    assertThat(decision(r, 1).verdict()).isEqualTo(Verdict.CHOSEN);
    assertThat(decision(r, 1).placed()).isEqualTo(1);
    assertThat(decision(r, 2).verdict()).isEqualTo(Verdict.NOT_NEEDED);
    assertThat(decision(r, 3).verdict()).isEqualTo(Verdict.NOT_NEEDED);
    assertThat(r.shortfall()).isEqualTo(Shortfall.NONE);
    assertThat(r.requireAll()).isSameAs(r);
  }

  @Test
  void simpleFit_theOnlyHostThatCanTakeItSaysSo() {
    PlacementResult r = place(1, load(host(1, 1)), load(host(2, 2, 1, 4096, 10)));

    assertThat(r.hostIds()).containsExactly(1L);
    assertThat(r.placements().get(0).decidedBy()).isEqualTo(Criterion.ONLY_CANDIDATE);
    assertThat(r.placements().get(0).runnerUpHostId()).isNull();
  }

  // --- spread -------------------------------------------------------------------------------

  @Test
  void spread_anotherSwitchComesBeforeAnotherHostOnTheSameSwitch() {
    PlacementResult r = place(2, SpreadPolicy.UNLIMITED, load(host(1, 1)), load(host(2, 1)), load(host(3, 2)));

    assertThat(r.hostIds()).containsExactly(1L, 3L);
    assertThat(r.placements().get(1).decidedBy()).isEqualTo(Criterion.SWITCH_SPREAD);
    assertThat(r.placements().get(1).explanation()).contains("fewer of the group on its switch (0 vs 1)");
  }

  @Test
  void spread_overHostsWhenTheSwitchesAreEven() {
    PlacementResult r = place(4, SpreadPolicy.UNLIMITED,
        load(host(1, 1)), load(host(2, 1)), load(host(3, 2)), load(host(4, 2)));

    assertThat(r.hostIds()).containsExactly(1L, 3L, 2L, 4L);
    // the runner-up is the nearest competitor: for #2 and #3 that is the other host of the same switch
    assertThat(r.placements()).extracting(Placement::decidedBy)
        .containsExactly(Criterion.HOST_ID, Criterion.HOST_ID, Criterion.HOST_ID, Criterion.HOST_SPREAD);
    assertThat(r.placements()).extracting(Placement::runnerUpHostId).containsExactly(2L, 4L, 4L, 3L);
  }

  @Test
  void spread_countsTheGroupsExistingContainers() {
    PlacementResult r = place(1, SpreadPolicy.UNLIMITED,
        withGroup(1, 1, 1, 100), load(host(2, 1)), load(host(3, 2)));

    assertThat(r.groupSizeBefore()).isEqualTo(1);
    assertThat(r.groupSizeAfter()).isEqualTo(2);
    assertThat(r.hostIds()).containsExactly(3L);
    assertThat(r.placements().get(0).decidedBy()).isEqualTo(Criterion.SWITCH_SPREAD);
  }

  @Test
  void spread_comesBeforeRatioFit() {
    // host 1 matches the spec's shape exactly but its switch already holds the group; host 2 is a poor fit
    PlacementResult r = place(1, SpreadPolicy.UNLIMITED,
        load(host(1, 1)), withGroup(9, 1, 1, 100), load(host(2, 2, 64, 131072, 2000)));

    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(r.placements().get(0).decidedBy()).isEqualTo(Criterion.SWITCH_SPREAD);
    assertThat(r.placements().get(0).ratioMismatch()).isEqualTo(Math.log(2), within(1e-12));
  }

  // --- share limits ------------------------------------------------------------------------

  @Test
  void hostShare_fourOnTwoHostsIsTwoEach() {
    PlacementResult r = place(4, load(host(1, 1)), load(host(2, 2)));

    assertThat(r.complete()).isTrue();
    assertThat(r.countsByHost()).isEqualTo(Map.of(1L, 2, 2L, 2));
    assertThat(r.hostLimit()).isEqualTo(2);
    assertThat(r.switchLimit()).isEqualTo(2);
    assertThat(decision(r, 1).constraints()).containsExactly(Constraint.HOST_SHARE, Constraint.SWITCH_SHARE);
  }

  @Test
  void hostShare_existingContainersFillTheirHostsShare() {
    // a group of 2 + 2 may hold 2 per host: host 1 already does
    PlacementResult r = place(2, new SpreadPolicy(0.5, 1.0),
        withGroup(1, 1, 2, 100), load(host(2, 2)), load(host(3, 3)));

    assertThat(r.countsByHost()).isEqualTo(Map.of(2L, 1, 3L, 1));
    HostDecision full = decision(r, 1);
    assertThat(full.verdict()).isEqualTo(Verdict.RULED_OUT);
    assertThat(full.constraints()).containsExactly(Constraint.HOST_SHARE);
    assertThat(full.explanation()).contains("holds 2 of a group of 4", "at most 2");
    assertThat(r.hostsRuledOutBy(Constraint.HOST_SHARE)).containsExactly(1L);
  }

  @Test
  void hostShare_aGroupOfOneMayStillUseAHost() {
    PlacementResult r = place(1, load(host(1, 1)));

    assertThat(r.complete()).isTrue();
    assertThat(r.hostLimit()).isEqualTo(1); // floor(0.5 × 1) = 0, raised to 1
  }

  @Test
  void hostShare_threeOnTwoHostsPlacesTwoButFourPlacesFour() {
    PlacementResult three = place(3, load(host(1, 1)), load(host(2, 2)));
    PlacementResult four = place(4, load(host(1, 1)), load(host(2, 2)));

    assertThat(three.placed()).isEqualTo(2);
    assertThat(three.countsByHost()).isEqualTo(Map.of(1L, 1, 2L, 1));
    assertThat(three.shortfall().cause()).isEqualTo(Shortfall.Cause.SPREAD);
    assertThat(three.shortfall().count()).isEqualTo(1);
    assertThat(three.shortfall().explanation())
        .contains("placed 2 of 3", "a group of 3 may hold at most 1 per host", "spread limits allow only 2");
    assertThat(four.placed()).isEqualTo(4);
  }

  @Test
  void hostShare_neverPilesTheRestOnTheLastHostStanding() {
    // one host: asking for 4 places 1, never 2 (which would be the whole group of 2 on one host)
    PlacementResult r = place(4, new SpreadPolicy(0.5, 1.0), load(host(1, 1)));

    assertThat(r.placed()).isEqualTo(1);
    assertThat(r.hostLimit()).isEqualTo(1);
    assertThat(decision(r, 1).constraints()).contains(Constraint.HOST_SHARE);
  }

  @Test
  void switchShare_aFullSwitchRulesOutItsOtherHosts() {
    // a group of 3: one per host, two per switch
    PlacementResult r = place(3, load(host(1, 1)), load(host(2, 1)), load(host(3, 1)), load(host(4, 2)));

    assertThat(r.switchLimit()).isEqualTo(2);
    assertThat(r.hostIds()).containsExactly(1L, 4L, 2L);
    HostDecision third = decision(r, 3);
    assertThat(third.verdict()).isEqualTo(Verdict.RULED_OUT);
    assertThat(third.constraints()).containsExactly(Constraint.SWITCH_SHARE);
    assertThat(third.explanation()).contains("switch 1 holds 2 of a group of 3");
  }

  @Test
  void switchShare_aOneSwitchDatacenterNeedsAShareOfOne() {
    PlacementResult strict = place(2, load(host(1, 1)), load(host(2, 1)));
    PlacementResult relaxed = place(2, new SpreadPolicy(0.5, 1.0), load(host(1, 1)), load(host(2, 1)));

    assertThat(strict.placed()).isEqualTo(1);
    assertThat(strict.shortfall().cause()).isEqualTo(Shortfall.Cause.SPREAD);
    assertThat(strict.shortfall().explanation()).contains("sit on 1 switch(es)");
    assertThat(relaxed.placed()).isEqualTo(2);
  }

  // --- ratio preference --------------------------------------------------------------------

  @Test
  void ratio_prefersTheHostWhoseFreeMemoryPerCoreMatchesTheSpec() {
    HostLoad cpuHeavy = load(host(1, 1, 32, 65536, 2000)); // 2 GB per core
    HostLoad matching = load(host(2, 2, 16, 65536, 2000)); // 4 GB per core, like SPEC
    HostLoad memoryHeavy = load(host(3, 3, 8, 65536, 2000)); // 8 GB per core

    PlacementResult r = place(1, cpuHeavy, matching, memoryHeavy);
    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(r.placements().get(0).decidedBy()).isEqualTo(Criterion.RATIO_FIT);
    assertThat(r.placements().get(0).explanation()).contains("mismatch 0.000 vs 0.693");

    PlacementResult bigMemory = HostChooser.choose(
        PlacementRequest.of(G, new Resources(1, 8192, 10), 1, List.of(cpuHeavy, matching, memoryHeavy)));
    assertThat(bigMemory.hostIds()).containsExactly(3L);

    PlacementResult bigCpu = HostChooser.choose(
        PlacementRequest.of(G, new Resources(4, 8192, 10), 1, List.of(cpuHeavy, matching, memoryHeavy)));
    assertThat(bigCpu.hostIds()).containsExactly(1L);
  }

  @Test
  void ratio_isJudgedOnWhatIsFreeNotOnCapacity() {
    // host 1 is built at 4 GB per core, but another group left it 8 cores / 56 GB (7 GB per core);
    // host 2 is built at 6 GB per core, but what is left is 12 cores / 48 GB (4 GB per core)
    HostLoad h1 = load(host(1, 1, 16, 65536, 2000), other(50, new Resources(8, 8192, 10)));
    HostLoad h2 = load(host(2, 2, 16, 98304, 2000), other(51, new Resources(4, 49152, 10)));

    PlacementResult r = place(1, h1, h2);
    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(r.placements().get(0).ratioMismatch()).isZero();
  }

  @Test
  void ratioMismatch_isZeroOnAMatchAndSymmetricAround() {
    Resources spec = new Resources(2, 8192, 1);
    assertThat(HostChooser.ratioMismatch(new Resources(10, 40960, 0), spec)).isZero();
    double twice = HostChooser.ratioMismatch(new Resources(10, 81920, 0), spec);
    double half = HostChooser.ratioMismatch(new Resources(10, 20480, 0), spec);
    assertThat(twice).isEqualTo(half).isEqualTo(Math.log(2), within(1e-12));
    assertThat(HostChooser.ratioMismatch(new Resources(0, 81920, 0), spec)).isInfinite();
    assertThat(HostChooser.ratioMismatch(new Resources(4, -1, 0), spec)).isInfinite();
  }

  // --- exclusions and states ---------------------------------------------------------------

  @Test
  void excluded_hostIsSkippedAndSaysWhy() {
    PlacementRequest request = PlacementRequest.of(G, SPEC, 1, List.of(load(host(1, 1)), load(host(2, 2))))
        .excluding(1L);

    PlacementResult r = HostChooser.choose(request);
    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(decision(r, 1).verdict()).isEqualTo(Verdict.RULED_OUT);
    assertThat(decision(r, 1).constraints()).containsExactly(Constraint.EXCLUDED);
    assertThat(decision(r, 1).explanation()).contains("excluded by the caller");
  }

  @ParameterizedTest
  @EnumSource(value = HostState.class, names = "READY", mode = EnumSource.Mode.EXCLUDE)
  void notReady_everyOtherStateRulesTheHostOut(HostState state) {
    PlacementResult r = place(1, load(host(1, 1, 32, 131072, 2000, state)), load(host(2, 2)));

    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(decision(r, 1).constraints()).containsExactly(Constraint.NOT_READY);
    assertThat(decision(r, 1).explanation()).contains("not READY (" + state + ")");
  }

  @Test
  void notReady_aHostOfUnknownStateIsNotReadyEither() {
    PlacementResult r = place(1, load(host(1, 1, 32, 131072, 2000, null)), load(host(2, 2)));

    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(decision(r, 1).explanation()).contains("state unknown");
  }

  @Test
  void migration_theFailedHostIsExcludedAndItsGroupCountStillSpreads() {
    // the group had one container on each of hosts 1-4; host 1 went DOWN and its container is being
    // recreated, so the caller lists host 1 without it and excludes it
    PlacementRequest request = new PlacementRequest(G, SPEC, 1, List.of(
        load(host(1, 1, 32, 131072, 2000, HostState.DOWN), other(60, SPEC)),
        withGroup(2, 1, 1, 102), withGroup(3, 2, 1, 103), withGroup(4, 2, 1, 104),
        load(host(5, 1)), load(host(6, 3))), Set.of(1L), SpreadPolicy.DEFAULT);

    PlacementResult r = HostChooser.choose(request);
    assertThat(r.hostIds()).containsExactly(6L); // the only switch without the group
    assertThat(decision(r, 1).constraints()).containsExactly(Constraint.EXCLUDED, Constraint.NOT_READY);
    assertThat(r.groupSizeAfter()).isEqualTo(4);
  }

  // --- resources, "no host fits" and partial fits ---------------------------------------------

  @Test
  void noHostFits_isAResultThatNamesTheRuleForEveryHost() {
    PlacementRequest request = PlacementRequest.of(G, SPEC, 1, List.of(
        load(host(1, 1, 32, 131072, 2000, HostState.DOWN)),
        load(host(2, 1)),
        load(host(3, 1, 16, 65536, 2000), other(10, new Resources(15, 1024, 10))), // 1 core left
        load(host(4, 2, 16, 65536, 2000), other(11, new Resources(2, 61440, 10))), // 4 GB left
        load(host(5, 2, 16, 65536, 100), other(12, new Resources(2, 8192, 60))), // 40 GB left
        load(host(6, 3, 4, 4096, 10)))) // too small in every way
        .excluding(2L);

    PlacementResult r = HostChooser.choose(request);

    assertThat(r.placed()).isZero();
    assertThat(r.complete()).isFalse();
    assertThat(r.decisions()).extracting(HostDecision::verdict).containsOnly(Verdict.RULED_OUT);
    assertThat(decision(r, 1).constraints()).containsExactly(Constraint.NOT_READY);
    assertThat(decision(r, 2).constraints()).containsExactly(Constraint.EXCLUDED);
    assertThat(decision(r, 3).constraints()).containsExactly(Constraint.CORES);
    assertThat(decision(r, 3).explanation()).contains("needs 2 cores, 1 free");
    assertThat(decision(r, 4).constraints()).containsExactly(Constraint.MEMORY);
    assertThat(decision(r, 4).explanation()).contains("needs 8192 MB memory, 4096 MB free");
    assertThat(decision(r, 5).constraints()).containsExactly(Constraint.DISK);
    assertThat(decision(r, 5).explanation()).contains("needs 50 GB disk, 40 GB free");
    assertThat(decision(r, 6).constraints()).containsExactly(Constraint.MEMORY, Constraint.DISK);

    Shortfall s = r.shortfall();
    assertThat(s.count()).isEqualTo(1);
    assertThat(s.cause()).isEqualTo(Shortfall.Cause.CAPACITY);
    assertThat(s.explanation()).contains("placed 0 of 1", "capacity for only 0",
        "1 short of cores, 2 of memory, 2 of disk");

    assertThatThrownBy(r::requireAll).isInstanceOfSatisfying(NoHostFitsException.class, e -> {
      assertThat(e.result()).isSameAs(r);
      assertThat(e.getMessage()).startsWith("ECP-PLACE-001 group 42: placed 0 of 1");
    });
  }

  @Test
  void noHostFits_whenNoHostIsReadyAndNotExcluded() {
    PlacementResult r = HostChooser.choose(PlacementRequest.of(G, SPEC, 2, List.of(
        load(host(1, 1, 32, 131072, 2000, HostState.DRAINING)), load(host(2, 1)))).excluding(2L));

    assertThat(r.shortfall().cause()).isEqualTo(Shortfall.Cause.NO_ELIGIBLE_HOST);
    assertThat(r.shortfall().count()).isEqualTo(2);
    assertThat(r.shortfall().explanation()).contains("none of the 2 host(s)", "1 not READY, 1 excluded");
  }

  @Test
  void noHostFits_whenNoHostIsGivenAtAll() {
    PlacementResult r = HostChooser.choose(PlacementRequest.of(G, SPEC, 1, List.of()));

    assertThat(r.placed()).isZero();
    assertThat(r.shortfall().cause()).isEqualTo(Shortfall.Cause.NO_ELIGIBLE_HOST);
    assertThat(r.shortfall().explanation()).contains("no host was given");
  }

  @Test
  void overCommittedHost_isRuledOutNotAnError() {
    HostLoad over = load(host(1, 1, 8, 32768, 100), other(10, new Resources(12, 40960, 200)));

    PlacementResult r = place(1, over, load(host(2, 2)));
    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(decision(r, 1).constraints()).containsExactly(Constraint.CORES, Constraint.MEMORY, Constraint.DISK);
    assertThat(decision(r, 1).explanation()).contains("-4 free");
  }

  @Test
  void partialFit_placesWhatFitsAndExplainsTheRest() {
    // three hosts, each with room for exactly one, on three switches
    HostLoad h1 = load(host(1, 1, 3, 12288, 2000));
    HostLoad h2 = load(host(2, 2, 3, 12288, 2000));
    HostLoad h3 = load(host(3, 3, 2, 16384, 2000));

    PlacementResult r = place(5, h1, h2, h3);

    assertThat(r.placed()).isEqualTo(3);
    assertThat(r.countsByHost()).isEqualTo(Map.of(1L, 1, 2L, 1, 3L, 1));
    assertThat(r.shortfall().count()).isEqualTo(2);
    assertThat(r.shortfall().cause()).isEqualTo(Shortfall.Cause.CAPACITY);
    assertThat(r.shortfall().explanation()).contains("placed 3 of 5", "capacity for only 3 container(s)");
    assertThat(decision(r, 1).verdict()).isEqualTo(Verdict.CHOSEN);
    assertThat(decision(r, 1).constraints()).contains(Constraint.CORES, Constraint.MEMORY);
    assertThat(decision(r, 3).constraints()).contains(Constraint.CORES);
    assertThat(decision(r, 3).explanation()).contains("chosen for 1 (#", "takes no more");
    assertThatThrownBy(r::requireAll).isInstanceOfSatisfying(NoHostFitsException.class,
        e -> assertThat(e.result().placed()).isEqualTo(3));
  }

  @Test
  void partialFit_capacityAndSpreadTogether() {
    // room for 3 (2 on host 1, 1 on host 2) but a group of 3 may hold only 1 per host
    HostLoad h1 = load(host(1, 1, 4, 16384, 2000));
    HostLoad h2 = load(host(2, 2, 2, 8192, 2000));

    PlacementResult r = place(4, h1, h2);
    assertThat(r.placed()).isEqualTo(2);
    assertThat(r.shortfall().cause()).isEqualTo(Shortfall.Cause.CAPACITY);
    assertThat(r.shortfall().explanation()).contains("capacity for only 3", "spread limits allow only 2");
  }

  @Test
  void chosenHost_thatCouldTakeMoreSaysTheRequestWasMet() {
    // a group of 2 may hold 2 per host and per switch: host 2 holds 1 and could take another
    PlacementResult r = place(1, SpreadPolicy.UNLIMITED, withGroup(1, 1, 1, 100), load(host(2, 2)));

    assertThat(r.hostIds()).containsExactly(2L);
    assertThat(decision(r, 2).constraints()).isEmpty();
    assertThat(decision(r, 2).explanation()).contains("could take more, but the request was met");
  }

  // --- determinism and explanation --------------------------------------------------------

  @Test
  void determinism_theSameResultWhateverTheOrderOfHostsAndContainers() {
    List<HostLoad> hosts = randomDatacenter(new Random(7), 60, 6, 12);
    PlacementRequest request = new PlacementRequest(G, SPEC, 9, hosts, Set.of(3L, 17L),
        SpreadPolicy.DEFAULT);
    PlacementResult expected = HostChooser.choose(request);
    assertThat(expected.placed()).isEqualTo(9);

    Random shuffler = new Random(11);
    for (int i = 0; i < 20; i++) {
      PlacementRequest shuffled = new PlacementRequest(G, SPEC, 9, Fixtures.shuffled(hosts, shuffler),
          Set.of(17L, 3L), SpreadPolicy.DEFAULT);
      assertThat(HostChooser.choose(shuffled)).isEqualTo(expected);
    }
  }

  @Test
  void explain_coversEveryPlacementAndEveryHost() {
    PlacementResult r = place(3, load(host(1, 1)), load(host(2, 2)),
        load(host(3, 3, 32, 131072, 2000, HostState.FAULTY)));

    String text = r.explain();
    assertThat(text).startsWith("Placed 2 of 3 container(s) of group 42 (group of 0 -> 2; at most 1 per host, 1 per switch).")
        .contains("SPREAD: placed 2 of 3", "#1 -> h1 (id 1, switch 1)", "#2 -> h2 (id 2, switch 2)",
            "h3 (id 3, switch 3): ruled out: not READY (FAULTY)");
    assertThat(text.lines().count()).isEqualTo(1 + 1 + 2 + 3);
  }

  // --- invariants on random datacenters -----------------------------------------------------

  @Test
  void invariants_holdOnManyRandomDatacenters() {
    Random random = new Random(2024);
    for (int round = 0; round < 300; round++) {
      List<HostLoad> hosts = randomDatacenter(random, 1 + random.nextInt(25), 1 + random.nextInt(5), 4);
      SpreadPolicy policy = new SpreadPolicy(0.2 + 0.8 * random.nextDouble(), 0.2 + 0.8 * random.nextDouble());
      Set<Long> excluded = random.nextInt(3) == 0 ? Set.of(1L) : Set.of();
      int count = 1 + random.nextInt(15);
      PlacementRequest request = new PlacementRequest(G, SPEC, count, hosts, excluded, policy);

      PlacementResult r = HostChooser.choose(request);

      String context = "round " + round + ":\n" + r.explain();
      assertThat(r.placed() + r.shortfall().count()).as(context).isEqualTo(count);
      assertThat(r.hostLimit()).as(context).isEqualTo(policy.hostLimit(r.groupSizeAfter()));
      assertThat(r.switchLimit()).as(context).isEqualTo(policy.switchLimit(r.groupSizeAfter()));
      Map<Long, Integer> added = r.countsByHost();
      Map<Long, Integer> perSwitch = new HashMap<>();
      for (HostLoad h : hosts) {
        perSwitch.merge(h.switchId(), h.groupCount(G) + added.getOrDefault(h.hostId(), 0), Integer::sum);
      }
      for (HostLoad h : hosts) {
        int n = added.getOrDefault(h.hostId(), 0);
        HostDecision d = decision(r, h.hostId());
        assertThat(d.placed()).as(context).isEqualTo(n);
        if (n == 0) {
          assertThat(d.verdict()).as(context).isNotEqualTo(Verdict.CHOSEN);
          assertThat(d.verdict() == Verdict.RULED_OUT).as(context).isEqualTo(!d.constraints().isEmpty());
          continue;
        }
        assertThat(d.verdict()).as(context).isEqualTo(Verdict.CHOSEN);
        assertThat(h.isReady()).as(context).isTrue();
        assertThat(excluded).as(context).doesNotContain(h.hostId());
        assertThat(h.free().fitCount(SPEC)).as(context).isGreaterThanOrEqualTo(n);
        assertThat(h.groupCount(G) + n).as(context).isLessThanOrEqualTo(r.hostLimit());
        assertThat(perSwitch.get(h.switchId())).as(context).isLessThanOrEqualTo(r.switchLimit());
      }
      if (!r.complete()) {
        // nothing is left idle, and no larger count than the one placed could meet its own limits
        assertThat(r.decisions()).as(context).noneMatch(d -> d.verdict() == Verdict.NOT_NEEDED);
        assertThat(r.decisions()).as(context)
            .noneMatch(d -> d.verdict() == Verdict.CHOSEN && d.constraints().isEmpty());
        for (int m = r.placed() + 1; m <= count; m++) {
          assertThat(fitsUnderOwnLimits(request, m)).as(context + "\n" + m + " would have fit").isFalse();
        }
      }
    }
  }

  /**
   * An independent oracle: can {@code m} new containers be placed so that a group of existing + m
   * keeps its own limits? First-fit over the hosts in input order; with identical containers any
   * greedy that never skips a feasible host reaches the maximum.
   */
  private static boolean fitsUnderOwnLimits(PlacementRequest request, int m) {
    int existing = request.hosts().stream().mapToInt(h -> h.groupCount(G)).sum();
    int hostCap = request.policy().hostLimit(existing + m);
    int switchCap = request.policy().switchLimit(existing + m);
    Map<Long, Integer> perSwitch = new HashMap<>();
    request.hosts().forEach(h -> perSwitch.merge(h.switchId(), h.groupCount(G), Integer::sum));
    int placed = 0;
    for (HostLoad h : request.hosts()) {
      if (!h.isReady() || request.excludedHostIds().contains(h.hostId())) {
        continue;
      }
      int onHost = h.groupCount(G);
      int fit = h.free().fitCount(SPEC);
      while (placed < m && fit > 0 && onHost < hostCap && perSwitch.get(h.switchId()) < switchCap) {
        placed++;
        fit--;
        onHost++;
        perSwitch.merge(h.switchId(), 1, Integer::sum);
      }
    }
    return placed == m;
  }

  // --- large input ------------------------------------------------------------------------

  @Test
  void large_thousandHostsWithHundredContainersEach() {
    List<HostLoad> hosts = new ArrayList<>();
    long containerId = 1;
    for (long id = 1; id <= 1000; id++) {
      HostState state = id % 50 == 0 ? HostState.DOWN : HostState.READY;
      List<PlacedContainer> cs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        long group = i < (id % 3) ? G : 1000 + i;
        cs.add(new PlacedContainer(containerId++, group, new Resources(1, 1024, 10)));
      }
      long memory = 131072 + (id % 7) * 16384; // varied memory per core
      hosts.add(new HostLoad(host(id, 1 + id % 40, 128, memory, 4000, state), cs));
    }
    PlacementRequest request = PlacementRequest.of(G, SPEC, 500, hosts).excluding(1L, 2L);

    PlacementResult r = HostChooser.choose(request);

    assertThat(r.complete()).isTrue();
    assertThat(r.groupSizeBefore()).isEqualTo(1000); // 334 hosts with 1, 333 with 2
    assertThat(r.hostLimit()).isEqualTo(750);
    assertThat(r.switchLimit()).isEqualTo(1005);
    assertThat(r.decisions()).hasSize(1000);
    assertThat(r.hostsRuledOutBy(Constraint.NOT_READY)).hasSize(20);
    assertThat(r.hostsRuledOutBy(Constraint.EXCLUDED)).containsExactly(1L, 2L);

    // every host here keeps room, so spread-first placement is water-filling: a switch (a host) that
    // received a container ends at most one above the emptiest switch (host of its switch) that could
    Map<Long, Integer> added = r.countsByHost();
    Map<Long, Integer> perSwitch = new HashMap<>();
    for (HostLoad h : hosts) {
      perSwitch.merge(h.switchId(), h.groupCount(G) + added.getOrDefault(h.hostId(), 0), Integer::sum);
    }
    int emptiestSwitch = perSwitch.values().stream().min(Integer::compare).orElseThrow();
    Map<Long, Integer> emptiestEligibleHostPerSwitch = new HashMap<>();
    for (HostLoad h : hosts) {
      if (h.isReady() && h.hostId() > 2) {
        emptiestEligibleHostPerSwitch.merge(h.switchId(), h.groupCount(G) + added.getOrDefault(h.hostId(), 0),
            Math::min);
      }
    }
    for (HostLoad h : hosts) {
      int n = added.getOrDefault(h.hostId(), 0);
      if (n > 0) {
        assertThat(h.isReady()).isTrue();
        assertThat(h.hostId()).isNotIn(1L, 2L);
        assertThat(perSwitch.get(h.switchId())).isLessThanOrEqualTo(emptiestSwitch + 1);
        assertThat(h.groupCount(G) + n).isLessThanOrEqualTo(emptiestEligibleHostPerSwitch.get(h.switchId()) + 1);
      }
    }
    assertThat(perSwitch.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1500);
    assertThat(HostChooser.choose(request)).isEqualTo(r);
  }

  /** Hosts of varied size and state on {@code switches} switches, with other groups and some of G. */
  private static List<HostLoad> randomDatacenter(Random random, int hostCount, int switches, int maxContainers) {
    HostState[] states = HostState.values();
    List<HostLoad> hosts = new ArrayList<>();
    long containerId = 1;
    for (long id = 1; id <= hostCount; id++) {
      int cores = 4 + random.nextInt(29);
      long memoryMb = cores * (2048L + random.nextInt(4) * 2048L);
      HostState state = random.nextInt(5) == 0 ? states[random.nextInt(states.length)] : HostState.READY;
      Host h = host(id, 1 + random.nextInt(switches), cores, memoryMb, 100 + random.nextInt(400), state);
      List<PlacedContainer> cs = new ArrayList<>();
      for (int i = random.nextInt(maxContainers + 1); i > 0; i--) {
        boolean mine = random.nextInt(3) == 0;
        cs.add(mine ? mine(containerId++)
            : other(containerId++, new Resources(1 + random.nextInt(3), 1024L * (1 + random.nextInt(8)), 20)));
      }
      hosts.add(new HostLoad(h, cs));
    }
    return hosts;
  }
}
