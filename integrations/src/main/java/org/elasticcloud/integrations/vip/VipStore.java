package org.elasticcloud.integrations.vip;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.elasticcloud.core.port.LoadBalancer.HealthCheck;
import org.elasticcloud.core.port.LoadBalancer.VipSpec;
import org.elasticcloud.core.port.LoadBalancerUnavailableException;

/**
 * The load balancer's desired state on the load balancer's host, in two small text files side by
 * side, each replaced atomically (written aside, then renamed):
 *
 * <ul>
 *   <li>{@code vips.conf} — the VIP definitions, one line {@code NAME ADDRESS PORT PATH INTERVAL_MS}
 *       per VIP: the input from which {@code lab/haproxy.sh} generates HAProxy's configuration;
 *   <li>{@code members.state} — the members, one line {@code VIP MEMBER IP PORT active|draining},
 *       which only the adapter reads: it puts them back after every HAProxy start or reload.
 * </ul>
 *
 * Every change is made under an exclusive lock ({@code .vips.lock}, a file lock between
 * processes, and a lock per file inside this JVM), so several platform nodes sharing the
 * directory never lose each other's updates.
 */
final class VipStore {
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path vipsFile;
  private final Path membersFile;
  private final Path lockFile;

  VipStore(Path vipsFile) {
    this.vipsFile = vipsFile.toAbsolutePath();
    this.membersFile = this.vipsFile.resolveSibling("members.state");
    this.lockFile = this.vipsFile.resolveSibling(".vips.lock");
  }

  Path vipsFile() {
    return vipsFile;
  }

  /** A member the platform wants in a VIP. */
  record DesiredMember(String vip, String name, String ip, int port, boolean draining) {
  }

  /** Everything, sorted by name: VIPs, and each VIP's members. */
  record State(TreeMap<String, VipSpec> vips, TreeMap<String, TreeMap<String, DesiredMember>> members) {
    TreeMap<String, DesiredMember> membersOf(String vip) {
      return members.computeIfAbsent(vip, v -> new TreeMap<>());
    }

    State copy() {
      TreeMap<String, TreeMap<String, DesiredMember>> m = new TreeMap<>();
      members.forEach((k, v) -> m.put(k, new TreeMap<>(v)));
      return new State(new TreeMap<>(vips), m);
    }
  }

  /** Holds the store's lock until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  Held lock() {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock;
      try {
        fileLock = channel.lock();
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      return () -> {
        try {
          fileLock.release();
          channel.close();
        } catch (IOException e) {
          // closing the channel releases the lock anyway
        } finally {
          jvmLock.unlock();
        }
      };
    } catch (IOException e) {
      jvmLock.unlock();
      throw new LoadBalancerUnavailableException("ECP-VIP-010 cannot lock " + lockFile + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      jvmLock.unlock();
      throw e;
    }
  }

  State read() {
    TreeMap<String, VipSpec> vips = new TreeMap<>();
    for (String[] f : lines(vipsFile)) {
      if (f.length != 5) {
        throw new LoadBalancerUnavailableException("ECP-VIP-011 bad line in " + vipsFile + ": " + String.join(" ", f));
      }
      vips.put(f[0], new VipSpec(f[0], f[1], Integer.parseInt(f[2]),
          new HealthCheck(f[3], Duration.ofMillis(Long.parseLong(f[4])))));
    }
    TreeMap<String, TreeMap<String, DesiredMember>> members = new TreeMap<>();
    for (String[] f : lines(membersFile)) {
      if (f.length != 5) {
        throw new LoadBalancerUnavailableException("ECP-VIP-011 bad line in " + membersFile + ": " + String.join(" ", f));
      }
      members.computeIfAbsent(f[0], v -> new TreeMap<>())
          .put(f[1], new DesiredMember(f[0], f[1], f[2], Integer.parseInt(f[3]), "draining".equals(f[4])));
    }
    return new State(vips, members);
  }

  void writeVips(State state) {
    StringBuilder b = new StringBuilder("# VIP definitions, written by HaproxyLoadBalancer, read by lab/haproxy.sh\n"
        + "# NAME ADDRESS PORT HEALTH_PATH INTERVAL_MS\n");
    for (VipSpec v : state.vips().values()) {
      b.append(v.name()).append(' ').append(v.address()).append(' ').append(v.port()).append(' ')
          .append(v.healthCheck().path()).append(' ').append(v.healthCheck().interval().toMillis()).append('\n');
    }
    replace(vipsFile, b.toString());
  }

  void writeMembers(State state) {
    StringBuilder b = new StringBuilder("# desired VIP members, written and read by HaproxyLoadBalancer only\n"
        + "# VIP MEMBER IP PORT active|draining\n");
    state.members().forEach((vip, ms) -> ms.values().forEach(m -> b.append(vip).append(' ').append(m.name())
        .append(' ').append(m.ip()).append(' ').append(m.port()).append(' ')
        .append(m.draining() ? "draining" : "active").append('\n')));
    replace(membersFile, b.toString());
  }

  private static List<String[]> lines(Path file) {
    List<String[]> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t.split("\\s+"));
        }
      }
      return out;
    } catch (IOException e) {
      throw new LoadBalancerUnavailableException("ECP-VIP-012 cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void replace(Path file, String content) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new LoadBalancerUnavailableException("ECP-VIP-013 cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
