package org.elasticcloud.agent.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A container's counters in the cgroup file system, v1 (one hierarchy per controller, e.g.
 * {@code cpuacct/<parent>/<id>}) or v2 (unified, {@code <parent>/<id>}), detected from the root:
 * v2 has {@code cgroup.controllers} at its top.
 */
public final class Cgroups {
  /** Limits at or above this mean "no limit" (v1 writes 2^63 rounded down to a page). */
  private static final long UNLIMITED = 1L << 60;
  private final Path root;
  private final boolean v2;

  public Cgroups(Path root) {
    this.root = root;
    this.v2 = Files.exists(root.resolve("cgroup.controllers"));
  }

  public boolean unified() {
    return v2;
  }

  /**
   * Where a process's cgroups are: from {@code <proc>/<pid>/cgroup}, one path per v1 controller
   * (lines {@code 4:memory:/lab-d1/<id>}; {@code 2:cpu,cpuacct:/...} names two) or the one v2
   * path (line {@code 0::/...}).
   */
  public record Location(Map<String, String> byController, String unifiedPath) {
    public Optional<String> path(String controller) {
      return Optional.ofNullable(byController.get(controller));
    }

    /**
     * The container's own cgroup path, for the parent filter: a v1 controller's where there are
     * any (on a v1 host the {@code 0::} line is systemd's, often just {@code /}), else v2's.
     */
    public String anyPath() {
      for (String c : new String[] {"cpuacct", "cpu", "memory", "pids"}) {
        if (byController.containsKey(c)) {
          return byController.get(c);
        }
      }
      return unifiedPath == null ? "" : unifiedPath;
    }
  }

  /** The cgroups of process {@code pid}, empty when it is gone. */
  public static Optional<Location> ofProcess(Path procRoot, long pid) {
    Optional<List<String>> lines = ProcFiles.lines(procRoot.resolve(Long.toString(pid)).resolve("cgroup"));
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> byController = new HashMap<>();
    String unified = null;
    for (String line : lines.get()) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[1].isEmpty()) {
        unified = f[2];
      } else {
        for (String c : f[1].split(",")) {
          byController.put(c, f[2]);
        }
      }
    }
    return Optional.of(new Location(Map.copyOf(byController), unified));
  }

  /** CPU time used, in nanoseconds (v1 {@code cpuacct.usage}; v2 {@code cpu.stat usage_usec}). */
  public OptionalLong cpuNanos(Location at) {
    if (v2) {
      OptionalLong usec = ProcFiles.keyed(unifiedDir(at).resolve("cpu.stat"), "usage_usec");
      return usec.isPresent() ? OptionalLong.of(usec.getAsLong() * 1000) : usec;
    }
    return dir(at, "cpuacct").map(d -> ProcFiles.readLong(d.resolve("cpuacct.usage"))).orElse(OptionalLong.empty());
  }

  /** Memory used without page cache (v1 usage − total_cache; v2 memory.current − file). */
  public OptionalLong memoryUsed(Location at) {
    Path dir;
    OptionalLong usage;
    OptionalLong cache;
    if (v2) {
      dir = unifiedDir(at);
      usage = ProcFiles.readLong(dir.resolve("memory.current"));
      cache = ProcFiles.keyed(dir.resolve("memory.stat"), "file");
    } else {
      Optional<Path> d = dir(at, "memory");
      if (d.isEmpty()) {
        return OptionalLong.empty();
      }
      dir = d.get();
      usage = ProcFiles.readLong(dir.resolve("memory.usage_in_bytes"));
      cache = ProcFiles.keyed(dir.resolve("memory.stat"), "total_cache");
      if (cache.isEmpty()) {
        cache = ProcFiles.keyed(dir.resolve("memory.stat"), "cache");
      }
    }
    if (usage.isEmpty()) {
      return usage;
    }
    return OptionalLong.of(Math.max(0, usage.getAsLong() - cache.orElse(0)));
  }

  /** The memory limit; empty when there is none (v1 a near-2^63 value, v2 {@code max}). */
  public OptionalLong memoryLimit(Location at) {
    OptionalLong limit;
    if (v2) {
      limit = ProcFiles.readLong(unifiedDir(at).resolve("memory.max"));
    } else {
      limit = dir(at, "memory").map(d -> ProcFiles.readLong(d.resolve("memory.limit_in_bytes")))
          .orElse(OptionalLong.empty());
    }
    return limit.isPresent() && limit.getAsLong() < UNLIMITED ? limit : OptionalLong.empty();
  }

  /** The thread ids in the cgroup (v1 {@code tasks} of the cpu or pids hierarchy; v2 {@code cgroup.threads}). */
  public Optional<List<Long>> tasks(Location at) {
    List<Path> candidates = new ArrayList<>();
    if (v2) {
      candidates.add(unifiedDir(at).resolve("cgroup.threads"));
    } else {
      for (String c : new String[] {"cpu", "pids", "cpuacct", "memory"}) {
        dir(at, c).ifPresent(d -> candidates.add(d.resolve("tasks")));
      }
    }
    for (Path file : candidates) {
      Optional<List<String>> lines = ProcFiles.lines(file);
      if (lines.isPresent()) {
        List<Long> ids = new ArrayList<>();
        for (String l : lines.get()) {
          ProcFiles.parseLong(l).ifPresent(ids::add);
        }
        return Optional.of(ids);
      }
    }
    return Optional.empty();
  }

  private Path unifiedDir(Location at) {
    return root.resolve(relative(at.unifiedPath() == null ? "" : at.unifiedPath()));
  }

  /** The v1 directory of {@code controller}, also where it is co-mounted ({@code cpu,cpuacct}). */
  private Optional<Path> dir(Location at, String controller) {
    Optional<String> path = at.path(controller);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    for (String mount : new String[] {controller, "cpu,cpuacct", "cpuacct,cpu"}) {
      if (!mount.equals(controller) && !mount.contains(controller)) {
        continue;
      }
      Path d = root.resolve(mount).resolve(relative(path.get()));
      if (Files.isDirectory(d)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static String relative(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }
}
