package org.elasticcloud.agent.hardware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.elasticcloud.core.metrics.HostCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk health by SMART: runs the configured command ({@code smartctl -H}) with each whole disk of
 * {@code <sys>/block} appended ({@code /dev/sda}), every {@code interval}. A disk whose answer says
 * {@code FAILED}, or whose exit status has smartctl's bit 3 ("disk failing"), is a fault. Without
 * the tool the check is reported healthy with the detail that it could not run: it says what it
 * did not see rather than pretending.
 */
public class SmartCheck implements HardwareCheck {
  public static final String NAME = "smart";
  private static final Logger LOG = LoggerFactory.getLogger(SmartCheck.class);
  private static final String VIRTUAL = "(loop|ram|zram|dm-|sr|md|nbd|fd|drbd).*";
  private final List<String> command;
  private final Path blockDir;
  private final Duration interval;
  private HostCondition last;
  private Instant lastRun;

  public SmartCheck(List<String> command, Path sysRoot, Duration interval) {
    this.command = List.copyOf(command);
    this.blockDir = sysRoot.resolve("block");
    this.interval = interval;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostCondition check(Instant now) {
    if (last == null || !now.isBefore(lastRun.plus(interval))) {
      last = run();
      lastRun = now;
    }
    return last;
  }

  private HostCondition run() {
    if (command.isEmpty()) {
      return new HostCondition(NAME, true, "not checked: no SMART command configured");
    }
    Optional<Path> tool = executable(command.get(0));
    if (tool.isEmpty()) {
      return new HostCondition(NAME, true, Path.of(command.get(0)).getFileName() + " not installed");
    }
    List<String> disks = disks();
    if (disks.isEmpty()) {
      return new HostCondition(NAME, true, "no disks in " + blockDir);
    }
    List<String> failing = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (String disk : disks) {
      List<String> cmd = new ArrayList<>(command);
      cmd.set(0, tool.get().toString());
      cmd.add("/dev/" + disk);
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readNBytes(64 * 1024);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          other.add(disk + ": no answer in 60 s");
          continue;
        }
        String text = new String(out, StandardCharsets.UTF_8);
        int status = p.exitValue();
        if ((status & 8) != 0 || text.contains("FAILED")) {
          failing.add(disk + ": " + resultLine(text));
        } else if (text.contains("PASSED") || text.contains(": OK")) {
          other.add(disk + ": passed");
        } else {
          other.add(disk + ": no SMART health (exit " + status + ")");
        }
      } catch (IOException e) {
        other.add(disk + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new HostCondition(NAME, true, "not checked: interrupted");
      }
    }
    if (!failing.isEmpty()) {
      LOG.warn("ECP-AGENT-301 SMART reports failing disks: {}", failing);
      return new HostCondition(NAME, false, String.join("; ", failing));
    }
    return new HostCondition(NAME, true, String.join("; ", other));
  }

  private static String resultLine(String text) {
    for (String line : text.split("\n")) {
      if (line.contains("FAILED") || line.contains("result")) {
        return line.strip();
      }
    }
    return "failing";
  }

  private List<String> disks() {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(blockDir)) {
      s.map(p -> p.getFileName().toString()).filter(n -> !n.matches(VIRTUAL)).sorted().forEach(out::add);
    } catch (IOException e) {
      // no block devices to ask about
    }
    return out;
  }

  /** The command as an absolute path, or found on PATH. */
  private static Optional<Path> executable(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }
}
