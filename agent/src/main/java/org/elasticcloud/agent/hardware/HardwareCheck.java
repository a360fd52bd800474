package org.elasticcloud.agent.hardware;

import java.time.Instant;
import org.elasticcloud.core.metrics.HostCondition;

/** One of the agent's hardware checks, run every round; it keeps what it needs between rounds. */
public interface HardwareCheck {
  /** The check's name in {@link HostCondition#check()}. */
  String name();

  /** The condition now. */
  HostCondition check(Instant now);
}
