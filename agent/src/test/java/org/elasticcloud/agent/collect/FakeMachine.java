package org.elasticcloud.agent.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine's kernel files in a temporary directory, written the way the kernel formats them
 * (copied from this machine's /proc and cgroup files): {@code proc/}, {@code cgroup/} (v1: one
 * directory per controller; v2: unified), {@code sys/} and {@code docker/} (layers and volumes).
 */
final class FakeMachine {
  final Path root;
  final Path proc;
  final Path cgroup;
  final boolean v2;

  FakeMachine(Path root, boolean v2) {
    this.root = root;
    this.proc = root.resolve("proc");
    this.cgroup = root.resolve("cgroup");
    this.v2 = v2;
    if (v2) {
      write(cgroup.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
    } else {
      for (String c : new String[] {"cpu", "cpuacct", "memory", "pids", "blkio"}) {
        mkdirs(cgroup.resolve(c));
      }
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A container's main process {@code pid} in cgroup {@code <parent>/<id>}. */
  void process(long pid, String parent, String id) {
    String path = parent + "/" + id;
    if (v2) {
      write(proc.resolve(pid + "/cgroup"), "0::" + path + "\n");
      mkdirs(cgroup.resolve(path.substring(1)));
    } else {
      write(proc.resolve(pid + "/cgroup"), "12:pids:" + path + "\n9:memory:" + path + "\n4:cpuacct:" + path
          + "\n3:cpu:" + path + "\n1:name=systemd:/docker/" + id + "\n0::/\n");
      for (String c : new String[] {"cpu", "cpuacct", "memory", "pids"}) {
        mkdirs(cgroup.resolve(c + path));
      }
    }
    threads(pid, parent, id, List.of(new long[] {pid, 'S'}));
    netDev(pid, 0, 0);
    tcp(pid, 0, 0);
  }

  /** CPU time the cgroup has used. */
  void cpuUsed(String parent, String id, long nanos) {
    if (v2) {
      write(cgroup.resolve(parent.substring(1) + "/" + id + "/cpu.stat"), "usage_usec " + nanos / 1000
          + "\nuser_usec " + nanos / 2000 + "\nsystem_usec " + nanos / 2000 + "\nnr_periods 0\n");
    } else {
      write(cgroup.resolve("cpuacct" + parent + "/" + id + "/cpuacct.usage"), nanos + "\n");
    }
  }

  /** Memory: usage including {@code cache} bytes of page cache; {@code limit} -1 for none. */
  void memory(String parent, String id, long usage, long cache, long limit) {
    if (v2) {
      Path d = cgroup.resolve(parent.substring(1) + "/" + id);
      write(d.resolve("memory.current"), usage + "\n");
      write(d.resolve("memory.stat"), "anon " + (usage - cache) + "\nfile " + cache + "\nkernel 0\nshmem 0\n");
      write(d.resolve("memory.max"), (limit < 0 ? "max" : Long.toString(limit)) + "\n");
    } else {
      Path d = cgroup.resolve("memory" + parent + "/" + id);
      write(d.resolve("memory.usage_in_bytes"), usage + "\n");
      write(d.resolve("memory.stat"), "cache " + cache + "\nrss " + (usage - cache) + "\nrss_huge 0\n"
          + "total_cache " + cache + "\ntotal_rss " + (usage - cache) + "\n");
      write(d.resolve("memory.limit_in_bytes"), (limit < 0 ? "9223372036854771712" : Long.toString(limit)) + "\n");
    }
  }

  /** The cgroup's threads, each {tid, state letter}, with their stat files. */
  void threads(long pid, String parent, String id, List<long[]> tidStates) {
    StringBuilder list = new StringBuilder();
    for (long[] t : tidStates) {
      list.append(t[0]).append('\n');
      write(proc.resolve(t[0] + "/stat"), t[0] + " (sh -c while :) " + (char) t[1]
          + " 1 " + t[0] + " " + t[0] + " 0 -1 4194560 106 0 0 0 3 5 0 0 20 0 1 0 1234 1601536 240\n");
    }
    if (v2) {
      write(cgroup.resolve(parent.substring(1) + "/" + id + "/cgroup.threads"), list.toString());
      write(cgroup.resolve(parent.substring(1) + "/" + id + "/cgroup.procs"), pid + "\n");
    } else {
      write(cgroup.resolve("cpu" + parent + "/" + id + "/tasks"), list.toString());
      write(cgroup.resolve("pids" + parent + "/" + id + "/tasks"), list.toString());
    }
  }

  /** {@code <proc>/<pid>/net/dev} with loopback traffic that must not count, and eth0. */
  void netDev(long pid, long rx, long tx) {
    write(proc.resolve(pid + "/net/dev"), netDevText(rx, tx));
  }

  static String netDevText(long rx, long tx) {
    return "Inter-|   Receive                                                |  Transmit\n"
        + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
        + "    lo: 999999     100    0    0    0     0          0         0   999999     100    0    0    0     0       0          0\n"
        + "  eth0: " + rx + "      30    0    0    0     0          0         0     " + tx
        + "      20    0    0    0     0       0          0\n";
  }

  /**
   * {@code net/tcp} and {@code net/tcp6}: {@code established} connections (st 01) and some
   * listening (0A); {@code net/snmp} with the kernel's count of them.
   */
  void tcp(long pid, int established, int listening) {
    write(proc.resolve(pid + "/net/tcp"), tcpText(established, listening, false));
    write(proc.resolve(pid + "/net/tcp6"), tcpText(0, 1, true));
    write(proc.resolve(pid + "/net/snmp"), snmpText(established));
  }

  static String snmpText(int established) {
    return "Ip: Forwarding DefaultTTL InReceives InHdrErrors\nIp: 1 64 6575240 0\n"
        + "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab "
        + "InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
        + "Tcp: 1 200 120000 -1 168499 92814 22511 19410 " + established + " 6429083 6381844 2157 0 33948 0\n"
        + "Udp: InDatagrams NoPorts InErrors OutDatagrams\nUdp: 1 2 0 3\n";
  }

  static String tcpText(int established, int listening, boolean six) {
    StringBuilder b = new StringBuilder(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
    List<String> states = new ArrayList<>();
    for (int i = 0; i < listening; i++) {
      states.add("0A");
    }
    for (int i = 0; i < established; i++) {
      states.add("01");
    }
    states.add("06"); // TIME_WAIT: not established
    int sl = 0;
    for (String st : states) {
      String local = six ? "00000000000000000000000000000000:1F90" : "0100007F:1F90";
      String remote = st.equals("0A") ? (six ? "00000000000000000000000000000000:0000" : "00000000:0000")
          : (six ? "0000000000000000FFFF00000100007F:D431" : "0100007F:D4" + String.format("%02X", sl));
      b.append(String.format("%4d: %s %s %s 00000000:00000000 00:00000000 00000000     0        0 %d 1 "
          + "0000000000000000 100 0 0 10 0%n", sl++, local, remote, st, 10000 + sl));
    }
    return b.toString();
  }
}
