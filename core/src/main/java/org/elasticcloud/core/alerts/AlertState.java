package org.elasticcloud.core.alerts;

/**
 * Where an alert is in its life: {@code PENDING} (the condition holds, not yet for the whole hold
 * duration), {@code FIRING} (it held: notified, waiting for acknowledgement), {@code ACKNOWLEDGED}
 * (someone took it: no more escalation), {@code RESOLVED} (the condition has been false for the clear
 * period; an end state). A pending alert whose condition stops holding is forgotten, never resolved.
 */
public enum AlertState {
  PENDING, FIRING, ACKNOWLEDGED, RESOLVED;

  /** Firing or acknowledged: an AlertProcess is running for it. */
  public boolean open() {
    return this == FIRING || this == ACKNOWLEDGED;
  }
}
