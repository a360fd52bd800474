package org.elasticcloud.core.health;

/** Why a host's health changed: recorded with every host event. */
public enum HealthReason {
  /** READY to SUSPECT: the agent's member left ZooKeeper. */
  AGENT_LOST,
  /** READY to SUSPECT: the platform's probe of the engine failed. */
  ENGINE_UNREACHABLE,
  /** SUSPECT (or a fenced DOWN, when returning automatically) to READY: both signals are healthy again. */
  RECOVERED,
  /** SUSPECT to DOWN: the engine failed every probe for the down-after time and the agent is not there. */
  ENGINE_DOWN,
  /** The platform's containers left on a returning engine were removed (no state change). */
  FENCED,
  /** To FAULTY: the agent reported a failed hardware check. */
  HARDWARE_FAULT,
  /** FAULTY or DOWN to READY: an operator returned the host to service. */
  RETURNED_TO_SERVICE
}
