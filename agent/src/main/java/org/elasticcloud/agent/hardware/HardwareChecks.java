package org.elasticcloud.agent.hardware;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.elasticcloud.agent.AgentConfig;
import org.elasticcloud.core.metrics.HostCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every hardware check, run once a round; a check that breaks reports that it could not check. */
public class HardwareChecks {
  private static final Logger LOG = LoggerFactory.getLogger(HardwareChecks.class);
  private final List<HardwareCheck> checks;
  private final List<String> faulty = new ArrayList<>();

  public HardwareChecks(List<HardwareCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  /** EDAC, SMART, kernel log and read-only file systems, on the configured roots. */
  public static HardwareChecks of(AgentConfig config) {
    return new HardwareChecks(List.of(
        new EdacCheck(config.sysRoot(), config.faultHold()),
        new SmartCheck(config.smartCommand(), config.sysRoot(), config.smartInterval()),
        new KernelLogCheck(config.kernelLog(), config.kernelPatterns(), config.faultHold()),
        new ReadOnlyFsCheck(config.procRoot(), config.readonlyMounts())));
  }

  public List<HostCondition> run(Instant now) {
    List<HostCondition> out = new ArrayList<>();
    for (HardwareCheck c : checks) {
      HostCondition result;
      try {
        result = c.check(now);
      } catch (RuntimeException e) {
        LOG.warn("ECP-AGENT-300 hardware check {} failed: {}", c.name(), e.toString());
        result = new HostCondition(c.name(), true, "not checked: " + e);
      }
      boolean wasFaulty = faulty.contains(c.name());
      if (!result.healthy() && !wasFaulty) {
        faulty.add(c.name());
        LOG.warn("ECP-AGENT-302 hardware fault: {}: {}", c.name(), result.detail());
      } else if (result.healthy() && wasFaulty) {
        faulty.remove(c.name());
        LOG.info("ECP-AGENT-303 hardware check {} healthy again: {}", c.name(), result.detail());
      }
      out.add(result);
    }
    return out;
  }
}
