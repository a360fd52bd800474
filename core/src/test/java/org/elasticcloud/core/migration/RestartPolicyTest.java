package org.elasticcloud.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.migration.RestartPolicy.Action;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final RestartPolicy policy = new RestartPolicy(2, Duration.ofMinutes(10));

  @Test
  void restartsInPlaceUpToTheLimitWithinTheWindow_thenMoves() {
    assertThat(policy.decide(List.of(), now, HostState.READY).action()).isEqualTo(Action.RESTART_IN_PLACE);
    RestartPolicy.Decision second = policy.decide(List.of(now.minusSeconds(30)), now, HostState.READY);
    assertThat(second.action()).isEqualTo(Action.RESTART_IN_PLACE);
    assertThat(second.explanation()).contains("restart 2 of 2");

    RestartPolicy.Decision third = policy.decide(List.of(now.minusSeconds(30), now.minusSeconds(90)), now, HostState.READY);
    assertThat(third.action()).isEqualTo(Action.MOVE);
    assertThat(third.restartsInWindow()).isEqualTo(2);
    assertThat(third.explanation()).contains("restarted 2 time(s)").contains("move it");
  }

  @Test
  void restartsOlderThanTheWindowDoNotCount() {
    RestartPolicy.Decision d = policy.decide(List.of(now.minus(Duration.ofMinutes(11)), now.minus(Duration.ofMinutes(30)),
        now.minusSeconds(10)), now, HostState.READY);
    assertThat(d.action()).isEqualTo(Action.RESTART_IN_PLACE);
    assertThat(d.restartsInWindow()).isEqualTo(1);
  }

  @Test
  void aContainerOnAHostThatIsNotReadyMovesAtOnce() {
    for (HostState s : new HostState[] {HostState.DOWN, HostState.FAULTY, HostState.DRAINING, HostState.SUSPECT, null}) {
      RestartPolicy.Decision d = policy.decide(List.of(), now, s);
      assertThat(d.action()).as("host %s", s).isEqualTo(Action.MOVE);
      assertThat(d.explanation()).contains("not READY");
    }
  }

  @Test
  void noRestartsAllowed_alwaysMoves() {
    assertThat(new RestartPolicy(0, Duration.ofMinutes(1)).decide(List.of(), now, HostState.READY).action())
        .isEqualTo(Action.MOVE);
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new RestartPolicy(-1, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestartPolicy(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RestartPolicy(1, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
