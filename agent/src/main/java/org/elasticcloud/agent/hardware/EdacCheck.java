package org.elasticcloud.agent.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.elasticcloud.agent.collect.ProcFiles;
import org.elasticcloud.core.metrics.HostCondition;

/**
 * Memory errors from the kernel's EDAC counters ({@code <sys>/devices/system/edac/mc/mc*}/
 * {@code ce_count}, {@code ue_count}): any uncorrectable error is a fault; correctable errors are
 * a fault when their count rises, reported for {@code hold} after the last rise (so that a report
 * lost while the platform was away does not hide it).
 */
public class EdacCheck implements HardwareCheck {
  public static final String NAME = "edac";
  private final Path mcDir;
  private final Duration hold;
  private final Map<String, Long> lastCorrectable = new HashMap<>();
  private Instant lastRise;
  private String riseDetail;

  public EdacCheck(Path sysRoot, Duration hold) {
    this.mcDir = sysRoot.resolve("devices/system/edac/mc");
    this.hold = hold;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostCondition check(Instant now) {
    List<Path> controllers = new ArrayList<>();
    try (Stream<Path> s = Files.list(mcDir)) {
      s.filter(p -> p.getFileName().toString().matches("mc\\d+")).sorted().forEach(controllers::add);
    } catch (IOException e) {
      return new HostCondition(NAME, true, "no EDAC memory controllers (" + mcDir + ")");
    }
    if (controllers.isEmpty()) {
      return new HostCondition(NAME, true, "no EDAC memory controllers (" + mcDir + ")");
    }
    List<String> uncorrectable = new ArrayList<>();
    List<String> rises = new ArrayList<>();
    long ceTotal = 0;
    for (Path mc : controllers) {
      String name = mc.getFileName().toString();
      long ue = ProcFiles.readLong(mc.resolve("ue_count")).orElse(0);
      long ce = ProcFiles.readLong(mc.resolve("ce_count")).orElse(0);
      ceTotal += ce;
      if (ue > 0) {
        uncorrectable.add(name + ": " + ue + " uncorrectable");
      }
      Long before = lastCorrectable.put(name, ce);
      if (before != null && ce > before) {
        rises.add(name + ": correctable " + before + " -> " + ce);
      }
    }
    if (!rises.isEmpty()) {
      lastRise = now;
      riseDetail = String.join("; ", rises);
    }
    if (!uncorrectable.isEmpty()) {
      return new HostCondition(NAME, false, "memory errors " + String.join("; ", uncorrectable));
    }
    if (lastRise != null && now.isBefore(lastRise.plus(hold))) {
      return new HostCondition(NAME, false, "memory errors rising (" + riseDetail + " at " + lastRise + ")");
    }
    return new HostCondition(NAME, true, controllers.size() + " memory controller(s), " + ceTotal
        + " correctable, 0 uncorrectable");
  }
}
