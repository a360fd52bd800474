package org.elasticcloud.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.migration.ContainerFailureJudge.Failure;
import org.elasticcloud.core.migration.ContainerFailureJudge.Ignored;
import org.elasticcloud.core.migration.ContainerFailureJudge.Sighting;
import org.junit.jupiter.api.Test;

/** The judge fed report by report, as the listener of the agents' reports feeds it (rounds every 10 s). */
class ContainerFailureJudgeTest {
  private static final String H = "h1";
  private static final String C = "shop-prod-web-1";
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private final ContainerFailureJudge judge = new ContainerFailureJudge(Duration.ofSeconds(20));
  private Optional<Ignored> standing = Optional.empty();
  private final List<String> asked = new ArrayList<>();

  private List<Failure> round(int second, boolean alive) {
    return judge.report(H, List.of(new Sighting(C, T0.plusSeconds(second), alive)), c -> {
      asked.add(c);
      return standing;
    });
  }

  @Test
  void deadForTheWholeTimeIsDeclaredOnceUntilAliveAgain() {
    assertThat(round(0, false)).isEmpty();
    assertThat(round(10, false)).isEmpty();
    List<Failure> f = round(20, false);
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.container()).isEqualTo(C);
      assertThat(x.host()).isEqualTo(H);
      assertThat(x.deadSince()).isEqualTo(T0);
      assertThat(x.rounds()).isEqualTo(3);
      assertThat(x.detail()).contains(H).contains("3 rounds");
    });
    assertThat(round(30, false)).as("declared once per failure").isEmpty();
    assertThat(round(40, false)).isEmpty();
    assertThat(round(50, true)).isEmpty();
    assertThat(round(60, false)).isEmpty();
    assertThat(round(70, false)).isEmpty();
    assertThat(round(80, false)).as("a new failure after it lived again").hasSize(1);
  }

  @Test
  void anAliveRoundInBetweenStartsTheCountAgain() {
    round(0, false);
    round(10, false);
    round(15, true);
    assertThat(round(20, false)).isEmpty();
    assertThat(round(30, false)).isEmpty();
    assertThat(round(40, false)).hasSize(1);
  }

  @Test
  void oneDeadRoundIsNeverEnoughEvenWithoutAWait() {
    ContainerFailureJudge now = new ContainerFailureJudge(Duration.ZERO);
    Optional<Ignored> counts = Optional.empty();
    assertThat(now.report(H, List.of(new Sighting(C, T0, false)), c -> counts)).isEmpty();
    assertThat(now.report(H, List.of(new Sighting(C, T0.plusSeconds(1), false)), c -> counts)).hasSize(1);
  }

  @Test
  void aContainerBeingOperatedOnIsNotCountedAndItsCountStartsAgain() {
    round(0, false);
    round(10, false);
    standing = Optional.of(Ignored.APPLICATION_BUSY);
    assertThat(round(20, false)).isEmpty();
    assertThat(round(30, false)).isEmpty();
    standing = Optional.empty();
    assertThat(round(40, false)).isEmpty();
    assertThat(round(50, false)).isEmpty();
    assertThat(round(60, false)).as("20 s of eligible dead rounds again").hasSize(1);
  }

  @Test
  void aDeclaredContainerWhoseRecoveryHoldsTheLeaseIsNotDeclaredAgainAfterwards() {
    round(0, false);
    round(10, false);
    assertThat(round(20, false)).hasSize(1);
    standing = Optional.of(Ignored.APPLICATION_BUSY); // ContainerFailureProcess takes the lease
    round(30, false);
    standing = Optional.empty(); // it gave up: still dead
    round(40, false);
    round(50, false);
    assertThat(round(60, false)).isEmpty();
  }

  @Test
  void aliveContainersAreNotLookedUp() {
    round(0, true);
    round(10, true);
    assertThat(asked).isEmpty();
    round(20, false);
    assertThat(asked).containsExactly(C);
  }

  @Test
  void roundsComeInAnyOrderAndInSeveralReportsAndRepeatedRoundsCountOnce() {
    List<Sighting> buffered = List.of(new Sighting(C, T0.plusSeconds(20), false), new Sighting(C, T0, false),
        new Sighting(C, T0.plusSeconds(10), false));
    assertThat(judge.report(H, buffered.subList(0, 1), c -> Optional.empty())).isEmpty();
    assertThat(judge.report(H, buffered.subList(1, 3), c -> Optional.empty()))
        .as("older rounds after a newer one are ignored").isEmpty();
    assertThat(judge.report(H, List.of(new Sighting(C, T0.plusSeconds(20), false)), c -> Optional.empty()))
        .as("the same round again").isEmpty();
    assertThat(judge.report(H, List.of(new Sighting(C, T0.plusSeconds(40), false)), c -> Optional.empty()))
        .hasSize(1);
  }

  @Test
  void aBufferedReportOfADeadContainerThatLivesAgainAtTheEndDeclaresNothing() {
    List<Sighting> s = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      s.add(new Sighting(C, T0.plusSeconds(10L * i), i == 5));
    }
    assertThat(judge.report(H, s, c -> Optional.empty())).isEmpty();
  }

  @Test
  void hostsAreJudgedApartAndAForgottenHostStartsAgain() {
    round(0, false);
    round(10, false);
    assertThat(judge.report("h2", List.of(new Sighting(C, T0.plusSeconds(20), false)), c -> Optional.empty()))
        .as("the same name on another host is another track").isEmpty();
    judge.forget(H);
    assertThat(judge.tracked(H)).isZero();
    assertThat(round(20, false)).isEmpty();
  }

  @Test
  void longSilentContainersAreForgotten() {
    round(0, false);
    judge.report(H, List.of(new Sighting("other-1", T0.plus(Duration.ofMinutes(11)), true)), c -> Optional.empty());
    assertThat(judge.tracked(H)).isEqualTo(1);
  }

  @Test
  void standingFromTheRecords() {
    assertThat(ContainerFailureJudge.standing(ContainerState.RUNNING, H, H, HostState.READY, false)).isEmpty();
    assertThat(ContainerFailureJudge.standing(null, null, H, HostState.READY, false)).contains(Ignored.NOT_RECORDED);
    assertThat(ContainerFailureJudge.standing(ContainerState.RUNNING, "h2", H, HostState.READY, false))
        .contains(Ignored.ELSEWHERE);
    assertThat(ContainerFailureJudge.standing(ContainerState.RUNNING, null, H, HostState.READY, false))
        .contains(Ignored.ELSEWHERE);
    for (ContainerState s : ContainerState.values()) {
      if (s != ContainerState.RUNNING) {
        assertThat(ContainerFailureJudge.standing(s, H, H, HostState.READY, false)).contains(Ignored.NOT_RUNNING);
      }
    }
    for (HostState s : HostState.values()) {
      if (s != HostState.READY) {
        assertThat(ContainerFailureJudge.standing(ContainerState.RUNNING, H, H, s, false))
            .contains(Ignored.HOST_NOT_READY);
      }
    }
    assertThat(ContainerFailureJudge.standing(ContainerState.RUNNING, H, H, HostState.READY, true))
        .contains(Ignored.APPLICATION_BUSY);
  }

  @Test
  void refusesANegativeWait() {
    assertThatThrownBy(() -> new ContainerFailureJudge(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
