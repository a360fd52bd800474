package org.elasticcloud.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.migration.HostTransitions.FailureReason;
import org.junit.jupiter.api.Test;

class HostTransitionsTest {
  @Test
  void aFailedHostIsFencedInTheReasonsState_butDetectionsStateIsKept() {
    assertThat(HostTransitions.fenced(HostState.READY, FailureReason.DOWN)).isEqualTo(HostState.DOWN);
    assertThat(HostTransitions.fenced(HostState.SUSPECT, FailureReason.DOWN)).isEqualTo(HostState.DOWN);
    assertThat(HostTransitions.fenced(HostState.DRAINING, FailureReason.FAULTY)).isEqualTo(HostState.FAULTY);
    // an operator evacuating a FAULTY host by hand with reason DOWN keeps it FAULTY, and the other way round
    assertThat(HostTransitions.fenced(HostState.FAULTY, FailureReason.DOWN)).isEqualTo(HostState.FAULTY);
    assertThat(HostTransitions.fenced(HostState.DOWN, FailureReason.FAULTY)).isEqualTo(HostState.DOWN);
  }

  @Test
  void reasonsAreParsedStrictly() {
    assertThat(FailureReason.parse(" faulty ")).isEqualTo(FailureReason.FAULTY);
    assertThatThrownBy(() -> FailureReason.parse("broken")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FailureReason.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyAReadyOrDrainingHostIsDrained_andOnlyADrainedOneIsUndrained() {
    assertThat(HostTransitions.refuseDrain(HostState.READY)).isEmpty();
    assertThat(HostTransitions.refuseDrain(HostState.DRAINING)).isEmpty();
    assertThat(HostTransitions.refuseDrain(HostState.MAINTENANCE)).hasValueSatisfying(r -> assertThat(r).contains("already"));
    assertThat(HostTransitions.refuseDrain(HostState.FAULTY)).hasValueSatisfying(r -> assertThat(r).contains("evacuate"));
    assertThat(HostTransitions.refuseDrain(HostState.REGISTERING)).isPresent();

    assertThat(HostTransitions.refuseUndrain(HostState.MAINTENANCE)).isEmpty();
    assertThat(HostTransitions.refuseUndrain(HostState.DRAINING)).isEmpty();
    assertThat(HostTransitions.refuseUndrain(HostState.READY)).isPresent();
    assertThat(HostTransitions.refuseUndrain(HostState.DOWN)).isPresent();

    assertThat(HostTransitions.refuseEvacuation(HostState.READY)).isEmpty();
    assertThat(HostTransitions.refuseEvacuation(HostState.REGISTERING)).isPresent();
  }

  @Test
  void theSourceEngineIsSkippedOnlyWhenTheHostIsDown() {
    assertThat(SourceCleanup.forHost(HostState.DOWN)).isEqualTo(SourceCleanup.SKIP);
    assertThat(SourceCleanup.forHost(HostState.FAULTY)).isEqualTo(SourceCleanup.BEST_EFFORT);
    assertThat(SourceCleanup.forHost(HostState.SUSPECT)).isEqualTo(SourceCleanup.BEST_EFFORT);
    assertThat(SourceCleanup.forHost(HostState.DRAINING)).isEqualTo(SourceCleanup.REQUIRED);
    assertThat(SourceCleanup.forHost(HostState.READY)).isEqualTo(SourceCleanup.REQUIRED);
  }
}
