package org.elasticcloud.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.elasticcloud.agent.collect.ProcFiles;

/**
 * The agent's settings. Each is a key given on the command line as {@code --key=value} or in the
 * environment as {@code ECLOUD_AGENT_KEY} (upper case, dashes as underscores); the command line
 * wins. {@link #KEYS} lists them with their defaults and meaning (also printed by {@code --help}).
 */
public record AgentConfig(
    String host,
    String docker,
    String cgroupParent,
    String zkConnect,
    String zkBasePath,
    Duration zkSessionTimeout,
    List<URI> platforms,
    String user,
    String password,
    Duration interval,
    int bufferPoints,
    int batchPoints,
    Duration retryMin,
    Duration retryMax,
    Duration platformTimeout,
    Path procRoot,
    Path sysRoot,
    Path cgroupRoot,
    Path rootFs,
    Duration diskInterval,
    ProcFiles.ConnectionSource connections,
    Path kernelLog,
    Pattern kernelPatterns,
    List<String> readonlyMounts,
    List<String> smartCommand,
    Duration smartInterval,
    Duration faultHold,
    long rounds) {

  /** Every key: its default ("" for none) and what it means. */
  public static final Map<String, String[]> KEYS = keys();

  private static Map<String, String[]> keys() {
    Map<String, String[]> k = new LinkedHashMap<>();
    k.put("host", new String[] {"(this machine's host name)", "the host's name in the platform's inventory; the agent's member id in ZooKeeper"});
    k.put("docker", new String[] {"unix:///var/run/docker.sock", "the local Docker engine's endpoint"});
    k.put("cgroup-parent", new String[] {"", "only containers whose cgroup parent is this (e.g. /lab-d1); empty: all"});
    k.put("zk-connect", new String[] {"", "ZooKeeper connect string (host:port,...); empty: no registration"});
    k.put("zk-base-path", new String[] {"/ecloud", "the platform's root znode (ecloud.zookeeper.base-path)"});
    k.put("zk-session-timeout", new String[] {"8s", "ZooKeeper session timeout: the agent's member vanishes this long after it dies (with the platform's down-after, how soon a dead host is DOWN)"});
    k.put("platform", new String[] {"", "platform base URL(s), comma-separated, tried in turn (e.g. http://127.0.0.1:8080); empty: points are not shipped"});
    k.put("user", new String[] {"", "HTTP Basic user for the platform's /api"});
    k.put("password", new String[] {"", "HTTP Basic password"});
    k.put("interval", new String[] {"10s", "collection interval"});
    k.put("buffer-points", new String[] {"100000", "points kept while the platform is away; the oldest are dropped beyond"});
    k.put("batch-points", new String[] {"5000", "points per report at most"});
    k.put("retry-min", new String[] {"1s", "first back-off after every platform URL failed"});
    k.put("retry-max", new String[] {"60s", "longest back-off (doubling from retry-min)"});
    k.put("platform-timeout", new String[] {"10s", "connect and response timeout of one report"});
    k.put("proc-root", new String[] {"/proc", "the proc file system"});
    k.put("sys-root", new String[] {"/sys", "the sys file system (EDAC counters, block devices)"});
    k.put("cgroup-root", new String[] {"/sys/fs/cgroup", "the cgroup file systems (v1: one directory per controller; v2: unified)"});
    k.put("root-fs", new String[] {"/", "the host's file system whose use is the host's disk metric"});
    k.put("disk-interval", new String[] {"60s", "how often a container's writable layer and volumes are measured (walking them costs)"});
    k.put("connections", new String[] {"snmp", "where established TCP connections are counted: snmp (the kernel's "
        + "CurrEstab counter in <proc>/<pid>/net/snmp) or tables (state 01 lines of net/tcp and net/tcp6: exact but "
        + "the kernel walks its whole connection table per read)"});
    k.put("kernel-log", new String[] {"/var/log/kern.log", "kernel log file, read incrementally from its end at start"});
    k.put("kernel-patterns", new String[] {"Hardware Error|Machine check|I/O error|EXT4-fs error|Buffer I/O error",
        "regular expression of kernel log lines that are faults"});
    k.put("readonly-mounts", new String[] {"/", "comma-separated mount points that must not be read-only"});
    k.put("smart-command", new String[] {"smartctl -H", "SMART health command; the device path is appended"});
    k.put("smart-interval", new String[] {"30m", "how often SMART health is asked"});
    k.put("fault-hold", new String[] {"10m", "a transient fault (EDAC counter rise, kernel log line) is reported this long"});
    k.put("rounds", new String[] {"0", "stop after this many rounds (0: run until stopped)"});
    return java.util.Collections.unmodifiableMap(k);
  }

  /** Reads the settings from {@code args} over {@code env}; throws IllegalArgumentException on bad input. */
  public static AgentConfig from(String[] args, Map<String, String> env) {
    Map<String, String> v = new LinkedHashMap<>();
    KEYS.forEach((key, d) -> {
      String e = env.get("ECLOUD_AGENT_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      v.put(key, e != null ? e : d[0]);
    });
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("not --key=value: " + arg);
      }
      String key = arg.substring(2, arg.indexOf('='));
      if (!KEYS.containsKey(key)) {
        throw new IllegalArgumentException("unknown setting --" + key + " (see --help)");
      }
      v.put(key, arg.substring(arg.indexOf('=') + 1));
    }
    String host = v.get("host");
    if (host.startsWith("(")) {
      host = localHostName();
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    return new AgentConfig(host.trim(), v.get("docker"), v.get("cgroup-parent").trim(), v.get("zk-connect").trim(),
        v.get("zk-base-path"), duration("zk-session-timeout", v), uris(v.get("platform")), v.get("user"),
        v.get("password"), duration("interval", v), positive("buffer-points", v), positive("batch-points", v),
        duration("retry-min", v), duration("retry-max", v), duration("platform-timeout", v),
        Path.of(v.get("proc-root")), Path.of(v.get("sys-root")), Path.of(v.get("cgroup-root")),
        Path.of(v.get("root-fs")), duration("disk-interval", v), connections(v.get("connections")),
        Path.of(v.get("kernel-log")),
        Pattern.compile(v.get("kernel-patterns")), list(v.get("readonly-mounts")),
        Arrays.stream(v.get("smart-command").trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
        duration("smart-interval", v), duration("fault-hold", v), Long.parseLong(v.get("rounds").trim()));
  }

  /** The usage text: every key, its environment variable and default. */
  public static String usage() {
    StringBuilder b = new StringBuilder("Usage: java -jar ecloud-agent.jar [--key=value ...]\n"
        + "Each key may also come from the environment as ECLOUD_AGENT_<KEY> (e.g. ECLOUD_AGENT_ZK_CONNECT).\n\n");
    KEYS.forEach((key, d) -> b.append(String.format("  --%-20s %s%n  %-22s default: %s%n", key, d[1], "",
        d[0].isEmpty() ? "(none)" : d[0])));
    return b.toString();
  }

  /** {@code 10s}, {@code 500ms}, {@code 5m}, {@code 1h}, a number of seconds, or ISO-8601 ({@code PT10S}). */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("pt") || t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    char unit = t.charAt(t.length() - 1);
    if (Character.isDigit(unit)) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }

  private static Duration duration(String key, Map<String, String> v) {
    Duration d;
    try {
      d = parseDuration(v.get(key));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--" + key + ": not a duration (10s, 500ms, 5m): " + v.get(key), e);
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("--" + key + " must be positive: " + v.get(key));
    }
    return d;
  }

  private static ProcFiles.ConnectionSource connections(String text) {
    try {
      return ProcFiles.ConnectionSource.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--connections must be snmp or tables: " + text, e);
    }
  }

  private static int positive(String key, Map<String, String> v) {
    try {
      int n = Integer.parseInt(v.get(key).trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + key + " must be a positive number: " + v.get(key));
  }

  private static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return List.copyOf(out);
  }

  private static List<URI> uris(String text) {
    List<URI> out = new ArrayList<>();
    for (String s : list(text)) {
      URI u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("--platform: not an http(s) URL: " + s);
      }
      out.add(u);
    }
    return List.copyOf(out);
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
  }

  @Override
  public String toString() {
    return "AgentConfig[host=" + host + ", docker=" + docker + ", cgroupParent=" + cgroupParent + ", zk=" + (zkConnect.isEmpty() ? "(none)" : zkConnect + zkBasePath) + ", platforms=" + platforms + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
        + ", interval=" + interval + ", buffer=" + bufferPoints + ", batch=" + batchPoints + ", proc=" + procRoot
        + ", cgroup=" + cgroupRoot + ", sys=" + sysRoot + ", kernelLog=" + kernelLog + "]";
  }
}
