package org.elasticcloud.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.elasticcloud.core.health.HostHealthJudge.Action;
import org.elasticcloud.core.health.HostHealthJudge.Agent;
import org.elasticcloud.core.health.HostHealthJudge.Verdict;
import org.elasticcloud.core.inventory.HostState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every transition of the judge, driven by a hand-moved clock the way the monitor drives it: every
 * probe interval (2 s here) it reports the agent's presence and one probe result, then asks.
 */
class HostHealthJudgeTest {
  private static final String H = "h1";
  private static final Duration DOWN_AFTER = Duration.ofSeconds(10);
  private static final Duration RECOVER_AFTER = Duration.ofSeconds(4);
  private final TestClock clock = new TestClock(Instant.parse("2026-11-26T10:00:00Z"));
  private final HostHealthJudge judge = new HostHealthJudge(clock, DOWN_AFTER, RECOVER_AFTER, false);
  private HostState state = HostState.READY;
  private boolean fenced = true;

  /** One monitor round: observe, ask, apply the transition (as the monitor does); returns the verdict. */
  private Verdict round(Boolean agentPresent, boolean engineAnswers) {
    if (agentPresent != null) {
      judge.agentObserved(H, agentPresent);
    }
    judge.engineProbed(H, engineAnswers, engineAnswers ? "20.10.24" : "connection refused");
    Verdict v = judge.decide(H, state, fenced);
    if (v.action() == Action.TRANSITION) {
      state = v.to();
      if (v.to() == HostState.DOWN) {
        fenced = false;
      }
    }
    return v;
  }

  /** Rounds every 2 s for {@code seconds}; returns the states seen after each. */
  private java.util.List<HostState> rounds(double seconds, Boolean agentPresent, boolean engineAnswers) {
    java.util.List<HostState> seen = new java.util.ArrayList<>();
    for (double t = 0; t < seconds; t += 2) {
      clock.advanceSeconds(2);
      round(agentPresent, engineAnswers);
      seen.add(state);
    }
    return seen;
  }

  // --- READY ----------------------------------------------------------------------------------

  @Test
  void healthyHost_staysReady() {
    assertThat(rounds(60, true, true)).containsOnly(HostState.READY);
  }

  @Test
  void agentLost_readyBecomesSuspectAtOnce() {
    rounds(4, true, true);
    clock.advanceSeconds(2);
    Verdict v = round(false, true);
    assertThat(v.action()).isEqualTo(Action.TRANSITION);
    assertThat(v.to()).isEqualTo(HostState.SUSPECT);
    assertThat(v.reason()).isEqualTo(HealthReason.AGENT_LOST);
    assertThat(v.detail()).contains("left ZooKeeper", "engine answers");
  }

  @Test
  void twoFailedProbesInARow_readyBecomesSuspect_oneSlowAnswerDoesNot() {
    rounds(4, true, true);
    clock.advanceSeconds(2);
    assertThat(round(true, false)).isEqualTo(Verdict.NONE);
    clock.advanceSeconds(2);
    assertThat(round(true, true)).isEqualTo(Verdict.NONE);
    clock.advanceSeconds(2);
    round(true, false);
    clock.advanceSeconds(2);
    Verdict v = round(true, false);
    assertThat(v.to()).isEqualTo(HostState.SUSPECT);
    assertThat(v.reason()).isEqualTo(HealthReason.ENGINE_UNREACHABLE);
    assertThat(v.detail()).contains("2 times in a row", "connection refused", "agent present");
  }

  @Test
  void unknownHost_orNoObservation_meansNothing() {
    assertThat(judge.decide("nobody", HostState.READY, true)).isEqualTo(Verdict.NONE);
    judge.agentObserved(H, true);
    assertThat(judge.decide(H, HostState.READY, true)).isEqualTo(Verdict.NONE);
    assertThat(judge.decide(H, null, true)).isEqualTo(Verdict.NONE);
  }

  // --- the partition: lost agent, answering engine ----------------------------------------------

  @Test
  void lostAgentWithAnsweringEngine_staysSuspectForever() {
    rounds(4, true, true);
    java.util.List<HostState> seen = rounds(3600, false, true);
    assertThat(seen).containsOnly(HostState.SUSPECT);
  }

  @Test
  void lostAgentWithAnEngineThatOnlyOccasionallyFails_neverDown() {
    rounds(4, true, true);
    for (int i = 0; i < 100; i++) {
      clock.advanceSeconds(2);
      round(false, i % 4 != 0); // one probe in four fails: the engine still answers within every 10 s
      assertThat(state).isEqualTo(HostState.SUSPECT);
    }
  }

  // --- DOWN -------------------------------------------------------------------------------------

  @Test
  void agentLostAndEngineSilent_downExactlyAfterDownAfterSinceTheLastAnswer() {
    clock.advanceSeconds(2);
    round(true, true); // last answer at t=2
    java.util.List<HostState> seen = new java.util.ArrayList<>();
    Verdict down = null;
    for (int t = 4; t <= 12; t += 2) {
      clock.advanceSeconds(2);
      Verdict v = round(false, false);
      seen.add(state);
      if (v.to() == HostState.DOWN) {
        down = v;
      }
    }
    // t=4..10: silent for 2..8 s: SUSPECT; t=12: silent for 10 s: DOWN
    assertThat(seen).containsExactly(HostState.SUSPECT, HostState.SUSPECT, HostState.SUSPECT, HostState.SUSPECT,
        HostState.DOWN);
    assertThat(down.reason()).isEqualTo(HealthReason.ENGINE_DOWN);
    assertThat(down.detail()).contains("10.0 s", "5 probes", "connection refused", "agent absent");
  }

  @Test
  void justBeforeDownAfter_notDown() {
    clock.advanceSeconds(2);
    round(true, true);
    judge.agentObserved(H, false);
    for (int i = 0; i < 9; i++) {
      clock.advanceSeconds(1.1);
      round(false, false);
    }
    assertThat(state).isEqualTo(HostState.SUSPECT); // 9.9 s
    clock.advanceSeconds(0.1);
    round(false, false);
    assertThat(state).isEqualTo(HostState.DOWN);
  }

  @Test
  void engineSilentButAgentPresent_staysSuspect_theHostLivesAndItsContainersMayServe() {
    rounds(4, true, true);
    java.util.List<HostState> seen = rounds(600, true, false);
    assertThat(seen.get(0)).isEqualTo(HostState.READY);
    assertThat(seen.subList(1, seen.size())).containsOnly(HostState.SUSPECT);
    assertThat(judge.observation(H).orElseThrow().failedProbes()).isEqualTo(300);
  }

  @Test
  void aSingleFailedProbe_neverMakesDown_howeverLongAgo() {
    judge.agentObserved(H, false);
    judge.expectAgent(H);
    state = HostState.SUSPECT;
    judge.engineProbed(H, false, "timeout");
    clock.advance(Duration.ofMinutes(5));
    assertThat(judge.decide(H, state, true)).isEqualTo(Verdict.NONE);
    judge.engineProbed(H, false, "timeout");
    assertThat(judge.decide(H, state, true).to()).isEqualTo(HostState.DOWN);
  }

  @Test
  void hostWithoutAgent_isJudgedOnItsEngineAlone() {
    assertThat(rounds(20, null, true)).containsOnly(HostState.READY);
    assertThat(judge.observation(H).orElseThrow().agent()).isEqualTo(Agent.UNKNOWN);
    java.util.List<HostState> seen = rounds(12, null, false);
    assertThat(seen.get(0)).isEqualTo(HostState.READY);
    assertThat(seen.get(1)).isEqualTo(HostState.SUSPECT);
    assertThat(seen).endsWith(HostState.DOWN);
    assertThat(seen.indexOf(HostState.DOWN)).isEqualTo(4); // 10 s after the last answer
  }

  @Test
  void anAgentSeenOnce_isExpected_itsAbsenceIsALoss() {
    judge.agentObserved(H, true);
    judge.agentObserved(H, false);
    assertThat(judge.observation(H).orElseThrow().agent()).isEqualTo(Agent.ABSENT);
    // a new monitor seeds what it stored
    judge.reset();
    judge.expectAgent(H);
    judge.agentObserved(H, false);
    judge.engineProbed(H, true, "20.10.24");
    assertThat(judge.decide(H, HostState.READY, true).reason()).isEqualTo(HealthReason.AGENT_LOST);
  }

  // --- SUSPECT to READY -------------------------------------------------------------------------

  @Test
  void agentBack_suspectBecomesReadyAfterRecoverAfter() {
    rounds(4, true, true);
    rounds(20, false, true);
    assertThat(state).isEqualTo(HostState.SUSPECT);
    java.util.List<HostState> seen = rounds(8, true, true);
    // agent back at t0: t0 READY? no: 0 s healthy; t0+2: 2 s; t0+4: 4 s >= recover-after
    assertThat(seen).containsExactly(HostState.SUSPECT, HostState.SUSPECT, HostState.READY, HostState.READY);
  }

  @Test
  void engineBack_suspectBecomesReady_reasonRecovered() {
    rounds(4, true, true);
    rounds(4, true, false);
    assertThat(state).isEqualTo(HostState.SUSPECT);
    assertThat(judge.observation(H).orElseThrow().failedProbes()).isEqualTo(2);
    clock.advanceSeconds(2);
    round(true, true);
    clock.advanceSeconds(4);
    Verdict v = round(true, true);
    assertThat(v.to()).isEqualTo(HostState.READY);
    assertThat(v.reason()).isEqualTo(HealthReason.RECOVERED);
  }

  // --- flapping -------------------------------------------------------------------------------

  @Test
  void flappingEngine_staysOutOfPlacementButNeverDown() {
    rounds(4, true, true);
    java.util.List<HostState> seen = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      clock.advanceSeconds(2);
      round(false, i % 2 == 0); // agent gone, engine answers every other probe
      seen.add(state);
    }
    assertThat(seen).containsOnly(HostState.SUSPECT);
  }

  @Test
  void flappingAgent_doesNotBounceInAndOutOfPlacement() {
    rounds(4, true, true);
    java.util.List<HostState> seen = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      clock.advanceSeconds(2);
      round(i % 2 == 1, true); // the agent's session goes and comes back every other probe
      seen.add(state);
    }
    assertThat(seen).containsOnly(HostState.SUSPECT);
    // once it holds still for recover-after, the host is back
    assertThat(rounds(6, true, true)).endsWith(HostState.READY);
  }

  @Test
  void flappingEngineWithAgentGone_downOnlyWhenTheSilenceLastsDownAfter() {
    rounds(4, true, true);
    // 8 s of silence, one answer, 8 s of silence ...: never 10 s of silence
    for (int cycle = 0; cycle < 10; cycle++) {
      rounds(8, false, false);
      clock.advanceSeconds(2);
      round(false, true);
      assertThat(state).isEqualTo(HostState.SUSPECT);
    }
    assertThat(rounds(10, false, false)).endsWith(HostState.DOWN);
  }

  // --- DOWN, fencing, return --------------------------------------------------------------------

  @Test
  void downHostWhoseEngineAnswers_mustBeFencedFirst_thenStaysDownForTheOperator() {
    rounds(4, true, true);
    rounds(12, false, false);
    assertThat(state).isEqualTo(HostState.DOWN);
    assertThat(fenced).isFalse();
    assertThat(rounds(10, false, false)).containsOnly(HostState.DOWN);

    clock.advanceSeconds(2);
    Verdict v = round(true, true);
    assertThat(v.action()).isEqualTo(Action.FENCE);
    assertThat(v.detail()).contains("engine answers again");
    assertThat(state).isEqualTo(HostState.DOWN);
    fenced = true;
    assertThat(rounds(60, true, true)).containsOnly(HostState.DOWN);
  }

  @Test
  void autoReturn_fencedDownHostBecomesReadyOnceHealthy_butNeverUnfenced() {
    HostHealthJudge auto = new HostHealthJudge(clock, DOWN_AFTER, RECOVER_AFTER, true);
    auto.agentObserved(H, true);
    auto.engineProbed(H, true, "20.10.24");
    clock.advanceSeconds(10);
    auto.engineProbed(H, true, "20.10.24");
    assertThat(auto.decide(H, HostState.DOWN, false).action()).isEqualTo(Action.FENCE);
    assertThat(auto.decide(H, HostState.DOWN, true).to()).isEqualTo(HostState.READY);
    auto.agentObserved(H, false);
    assertThat(auto.decide(H, HostState.DOWN, true)).isEqualTo(Verdict.NONE);
  }

  @Test
  void downHostWithSilentEngine_nothingToDo() {
    judge.agentObserved(H, true);
    judge.engineProbed(H, false, "timeout");
    assertThat(judge.decide(H, HostState.DOWN, false)).isEqualTo(Verdict.NONE);
  }

  // --- states the judge leaves alone ------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = HostState.class, names = {"FAULTY", "DRAINING", "MAINTENANCE", "REGISTERING"})
  void hostsOutOfTheJudgesHands_areNeverChanged(HostState s) {
    judge.agentObserved(H, true);
    judge.engineProbed(H, true, "20.10.24");
    clock.advanceSeconds(60);
    judge.engineProbed(H, true, "20.10.24");
    assertThat(judge.decide(H, s, true)).isEqualTo(Verdict.NONE);
    judge.agentObserved(H, false);
    judge.engineProbed(H, false, "x");
    clock.advanceSeconds(60);
    judge.engineProbed(H, false, "x");
    assertThat(judge.decide(H, s, false)).isEqualTo(Verdict.NONE);
  }

  // --- memory ---------------------------------------------------------------------------------

  @Test
  void resetAndRetain_forget() {
    judge.agentObserved("a", true);
    judge.agentObserved("b", true);
    judge.retain(Set.of("a"));
    assertThat(judge.observation("a")).isPresent();
    assertThat(judge.observation("b")).isEmpty();
    judge.reset();
    assertThat(judge.observation("a")).isEmpty();
  }

  @Test
  void observationTellsTheLastProbe() {
    judge.engineProbed(H, true, "20.10.24");
    Instant answered = clock.instant();
    clock.advanceSeconds(2);
    judge.engineProbed(H, false, "timeout");
    HostHealthJudge.Observation o = judge.observation(H).orElseThrow();
    assertThat(o.engineAnswered()).isFalse();
    assertThat(o.probeDetail()).isEqualTo("timeout");
    assertThat(o.lastAnswerAt()).isEqualTo(answered);
    assertThat(o.lastProbeAt()).isEqualTo(clock.instant());
    assertThat(o.failedProbes()).isEqualTo(1);
  }

  @Test
  void badSettings_areRefused() {
    assertThatThrownBy(() -> new HostHealthJudge(clock, Duration.ZERO, RECOVER_AFTER, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostHealthJudge(clock, DOWN_AFTER, Duration.ofSeconds(-1), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
