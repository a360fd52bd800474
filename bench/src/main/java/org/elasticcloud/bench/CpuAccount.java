package org.elasticcloud.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the machine's CPU went during a phase of a bench: user+system time of every process,
 * summed by command name, from {@code /proc/<pid>/stat} before and after (processes that ended
 * during the phase count in their parent's children's times; the ones a phase starts count from
 * zero). Linux only.
 */
final class CpuAccount {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
  private final Map<Integer, Sample> before;

  private record Sample(String command, long ticks) {
  }

  private CpuAccount(Map<Integer, Sample> before) {
    this.before = before;
  }

  /** Starts counting now. */
  static CpuAccount start() {
    return new CpuAccount(sample());
  }

  /** CPU seconds per command name since {@link #start}, largest first is up to the caller. */
  Map<String, Double> secondsByCommand() {
    Map<String, Double> out = new TreeMap<>();
    sample().forEach((pid, now) -> {
      Sample then = before.get(pid);
      long used = then != null && then.command().equals(now.command()) ? now.ticks() - then.ticks() : now.ticks();
      if (used > 0) {
        out.merge(now.command(), used / TICKS_PER_SECOND, Double::sum);
      }
    });
    return out;
  }

  /** One line: the total and the largest consumers, e.g. {@code 9.1 s CPU: java 4.2, dockerd 2.3, ...}. */
  String summary(int top) {
    Map<String, Double> by = secondsByCommand();
    double total = by.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.1f s CPU:", total));
    by.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
        .forEach(e -> s.append(String.format(Locale.ROOT, " %s %.2f,", e.getKey(), e.getValue())));
    s.setLength(s.length() - 1);
    return s.toString();
  }

  /** A JVM by what it runs: {@code java:ecloud.jar}, {@code java:ScaleOutBench}, {@code java:HMaster}... */
  private static String javaName(Path proc) throws IOException {
    String[] args = new String(Files.readAllBytes(proc.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8)
        .split("\0");
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("-jar") && i + 1 < args.length) {
        return "java:" + Path.of(args[i + 1]).getFileName();
      }
      if (args[i].equals("-cp") || args[i].equals("-classpath")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return "java:" + args[i].substring(args[i].lastIndexOf('.') + 1);
      }
    }
    return "java";
  }

  private static Map<Integer, Sample> sample() {
    Map<Integer, Sample> out = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
        .chars().allMatch(Character::isDigit))) {
      for (Path p : procs) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String[] f = stat.substring(close + 2).split(" ");
          // after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14); the
          // children's times count the short-lived helpers (runc, docker-init...) that ended meanwhile
          String command = stat.substring(open + 1, close);
          if (command.equals("java")) {
            command = javaName(p);
          }
          out.put(Integer.parseInt(p.getFileName().toString()), new Sample(command,
              Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])));
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
    return out;
  }
}
