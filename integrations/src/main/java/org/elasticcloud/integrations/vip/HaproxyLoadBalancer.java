package org.elasticcloud.integrations.vip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.LoadBalancerUnavailableException;
import org.elasticcloud.core.port.MemberConflictException;
import org.elasticcloud.core.port.VipNotFoundException;
import org.elasticcloud.integrations.vip.VipStore.DesiredMember;
import org.elasticcloud.integrations.vip.VipStore.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LoadBalancer} on HAProxy 2.6: VIPs come from its configuration, members from its runtime
 * API (see docs/adr/0008-vip-haproxy-runtime-api.md).
 *
 * <ul>
 *   <li><b>VIPs</b>: HAProxy 2.6 cannot add a frontend at run time. The adapter keeps the VIP
 *       definitions in a small file ({@code vips.conf}, see {@link VipStore}) and runs the
 *       configured reload command (in the lab {@code lab/haproxy.sh reload}), which generates the
 *       configuration from it (one frontend and one backend {@code vip_NAME} per VIP, {@code
 *       balance roundrobin}, {@code option httpchk GET PATH}, no servers), puts the VIP address
 *       on the host and reloads HAProxy. While the command runs, the adapter polls the runtime
 *       API and fills the new worker with the members as soon as it answers.
 *   <li><b>Members</b> are servers added through the runtime API only: {@code add server
 *       vip_NAME/MEMBER IP:PORT check inter INTERVAL downinter INTERVAL/4 fall 2 rise 1}, {@code
 *       enable health}, then (new member) {@code set server ... state drain}, {@code health down},
 *       {@code state ready}: it gets traffic only after its first passing check, which comes
 *       after {@code downinter} (without it, after a whole {@code inter}). Removal: {@code state
 *       drain}, {@code state maint}, {@code shutdown sessions server}, {@code del server}.
 *   <li><b>Reloads lose run-time servers</b>: the desired members are kept in {@code
 *       members.state}; whenever the worker's pid (from {@code show info}) differs from the one
 *       this adapter last filled, it puts every missing member back (as UP, trusting its last
 *       known health, so that a reload costs no extra check interval) before doing anything else.
 *       {@link #reconcile()} does the same on demand (call it after starting HAProxy, or on a
 *       timer).
 * </ul>
 *
 * One command per connection to the unix socket ({@link HaproxyRuntimeApi}); each call holds the
 * store's lock, so calls from several threads, adapters or platform nodes on one HAProxy never
 * interleave.
 */
public class HaproxyLoadBalancer implements LoadBalancer {
  /** HAProxy's frontend and backend of VIP {@code web} are both {@code vip_web}. */
  public static final String PROXY_PREFIX = "vip_";
  /** Consecutive failed checks that make a member DOWN. */
  public static final int FALL = 2;
  /** Consecutive passed checks that make a member UP. */
  public static final int RISE = 1;

  private static final Logger LOG = LoggerFactory.getLogger(HaproxyLoadBalancer.class);
  // srv_admin_state bits (HAProxy's enum srv_admin): forced/inherited/config/resolution maintenance, drain
  private static final int ADMIN_MAINT = 0x01 | 0x02 | 0x04 | 0x20;
  private static final int ADMIN_DRAIN = 0x08 | 0x10;
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

  /**
   * Where HAProxy is and how to change its VIPs.
   *
   * @param runtimeSocket HAProxy's {@code stats socket ... level admin}
   * @param vipDefinitions the VIP definitions file the reload command generates HAProxy's
   *     configuration from; {@code members.state} and a lock file are kept beside it
   * @param reloadCommand regenerates the configuration from the definitions and reloads (or
   *     starts) HAProxy; exits non-zero when it could not, saying why on its output
   * @param vipRange the addresses VIPs may have (IPv4 CIDR, e.g. {@code 10.211.14.0/24}), or null
   *     for any
   * @param timeout for one runtime API answer, one reload, and a member's removal
   */
  public record Settings(Path runtimeSocket, Path vipDefinitions, List<String> reloadCommand, String vipRange,
      Duration timeout) {
    public Settings {
      Objects.requireNonNull(runtimeSocket, "runtimeSocket");
      Objects.requireNonNull(vipDefinitions, "vipDefinitions");
      reloadCommand = List.copyOf(reloadCommand);
      if (reloadCommand.isEmpty()) {
        throw new IllegalArgumentException("reloadCommand is empty");
      }
      if (vipRange != null) {
        Cidr.parse(vipRange);
      }
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private final Settings settings;
  private final HaproxyRuntimeApi api;
  private final VipStore store;
  private final Cidr range;
  /** The HAProxy worker this adapter last put the desired members into (null: none yet). */
  private volatile Long filledPid;

  public HaproxyLoadBalancer(Settings settings) {
    this.settings = settings;
    this.api = new HaproxyRuntimeApi(settings.runtimeSocket(), settings.timeout());
    this.store = new VipStore(settings.vipDefinitions());
    this.range = settings.vipRange() == null ? null : Cidr.parse(settings.vipRange());
  }

  /** The runtime API this adapter talks to (for diagnostics: {@code show stat}, {@code show info}). */
  public HaproxyRuntimeApi runtimeApi() {
    return api;
  }

  // ---------------------------------------------------------------- VIPs

  @Override
  public void ensureVip(VipSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (range != null && !range.holds(spec.address())) {
      throw new IllegalArgumentException("ECP-VIP-030 VIP address " + spec.address() + " is outside the VIP range "
          + settings.vipRange());
    }
    try (VipStore.Held held = store.lock()) {
      State state = store.read();
      if (spec.equals(state.vips().get(spec.name()))) {
        current(state);
        return;
      }
      for (VipSpec other : state.vips().values()) {
        if (!other.name().equals(spec.name()) && other.address().equals(spec.address()) && other.port() == spec.port()) {
          throw new IllegalArgumentException("ECP-VIP-031 " + spec.address() + ":" + spec.port()
              + " is already VIP " + other.name());
        }
      }
      State next = state.copy();
      next.vips().put(spec.name(), spec);
      applyDefinitions(state, next);
      LOG.info("ECP-VIP-100 VIP {} is {}:{} (health GET {} every {} ms)", spec.name(), spec.address(), spec.port(),
          spec.healthCheck().path(), spec.healthCheck().interval().toMillis());
    }
  }

  @Override
  public List<VipSpec> vips() {
    try (VipStore.Held held = store.lock()) {
      return List.copyOf(store.read().vips().values());
    }
  }

  @Override
  public boolean removeVip(String vipName) {
    try (VipStore.Held held = store.lock()) {
      State state = store.read();
      if (!state.vips().containsKey(vipName)) {
        return false;
      }
      State next = state.copy();
      next.vips().remove(vipName);
      next.members().remove(vipName);
      applyDefinitions(state, next);
      LOG.info("ECP-VIP-101 VIP {} removed", vipName);
      return true;
    }
  }

  // ---------------------------------------------------------------- members

  @Override
  public void addMember(String vipName, String memberName, String ip, int port) {
    if (memberName == null || !NAME.matcher(memberName).matches()) {
      throw new IllegalArgumentException("member name must match " + NAME.pattern() + ": " + memberName);
    }
    requireAddress(ip, port);
    try (VipStore.Held held = store.lock()) {
      State state = store.read();
      VipSpec vip = vip(state, vipName);
      current(state);
      DesiredMember wanted = state.membersOf(vipName).get(memberName);
      if (wanted != null && (!wanted.ip().equals(ip) || wanted.port() != port)) {
        throw conflict(vipName, memberName, wanted.ip(), wanted.port(), ip, port);
      }
      Server have = servers(vipName).get(memberName);
      if (have != null && (!have.ip().equals(ip) || have.port() != port)) {
        throw conflict(vipName, memberName, have.ip(), have.port(), ip, port);
      }
      if (wanted == null || wanted.draining()) {
        State next = state.copy();
        next.membersOf(vipName).put(memberName, new DesiredMember(vipName, memberName, ip, port, false));
        store.writeMembers(next);
      }
      if (have == null) {
        addServer(vip, memberName, ip, port, true, false);
        LOG.info("ECP-VIP-102 member {} ({}:{}) added to VIP {}", memberName, ip, port, vipName);
      } else if ((have.admin() & (ADMIN_MAINT | ADMIN_DRAIN)) != 0) {
        expectEmpty(setState(vipName, memberName, "ready"));
        LOG.info("ECP-VIP-103 member {} of VIP {} enabled again", memberName, vipName);
      }
    }
  }

  @Override
  public boolean drain(String vipName, String memberName) {
    try (VipStore.Held held = store.lock()) {
      State state = store.read();
      VipSpec vip = vip(state, vipName);
      current(state);
      DesiredMember wanted = state.membersOf(vipName).get(memberName);
      Server have = servers(vipName).get(memberName);
      if (wanted == null && have == null) {
        return false;
      }
      if (wanted != null && !wanted.draining()) {
        State next = state.copy();
        next.membersOf(vipName).put(memberName,
            new DesiredMember(vipName, memberName, wanted.ip(), wanted.port(), true));
        store.writeMembers(next);
      }
      if (have == null) {
        addServer(vip, memberName, wanted.ip(), wanted.port(), false, true);
      } else {
        expectEmpty(setState(vipName, memberName, "drain"));
      }
      LOG.info("ECP-VIP-104 member {} of VIP {} draining", memberName, vipName);
      return true;
    }
  }

  @Override
  public boolean removeMember(String vipName, String memberName) {
    try (VipStore.Held held = store.lock()) {
      State state = store.read();
      if (!state.vips().containsKey(vipName)) {
        return false;
      }
      current(state);
      boolean wanted = state.membersOf(vipName).containsKey(memberName);
      if (wanted) {
        State next = state.copy();
        next.membersOf(vipName).remove(memberName);
        store.writeMembers(next);
      }
      boolean had = servers(vipName).containsKey(memberName);
      if (had) {
        deleteServer(vipName, memberName);
        LOG.info("ECP-VIP-105 member {} removed from VIP {}", memberName, vipName);
      }
      return wanted || had;
    }
  }

  @Override
  public List<Member> members(String vipName) {
    try (VipStore.Held held = store.lock()) {
      State state = store.read();
      vip(state, vipName);
      current(state);
      List<Member> out = new ArrayList<>();
      for (Server s : servers(vipName).values()) {
        out.add(new Member(s.name(), s.ip(), s.port(), s.state()));
      }
      return out;
    }
  }

  /**
   * Puts every desired member HAProxy lacks back (after a start or reload of HAProxy that this
   * adapter did not make), reloading first if HAProxy lacks a defined VIP. Every other call does
   * this by itself when it sees a new HAProxy worker; call it to repair without waiting for one.
   *
   * @return the number of members put back
   */
  public int reconcile() {
    try (VipStore.Held held = store.lock()) {
      Filled f = fill(store.read());
      filledPid = f.pid();
      return f.added();
    }
  }

  // ---------------------------------------------------------------- desired state -> HAProxy

  private static VipSpec vip(State state, String vipName) {
    VipSpec vip = state.vips().get(vipName);
    if (vip == null) {
      throw new VipNotFoundException("ECP-VIP-040 no VIP named " + vipName);
    }
    return vip;
  }

  private static MemberConflictException conflict(String vip, String member, String ip, int port, String wantIp,
      int wantPort) {
    return new MemberConflictException("ECP-VIP-041 VIP " + vip + " has member " + member + " at " + ip + ":" + port
        + ", not " + wantIp + ":" + wantPort);
  }

  /** Fills a HAProxy worker this adapter has not filled yet. Called under the store's lock. */
  private void current(State state) {
    long pid = workerPid();
    if (filledPid == null || pid != filledPid) {
      filledPid = fill(state).pid();
    }
  }

  /** Writes the definitions, reloads HAProxy, waits for the new worker and fills it. */
  private void applyDefinitions(State before, State after) {
    Long oldPid = workerPidOrNull();
    store.writeVips(after);
    store.writeMembers(after);
    try {
      filledPid = reload(oldPid, after);
    } catch (RuntimeException e) {
      // the reload command checks everything before it changes anything
      store.writeVips(before);
      store.writeMembers(before);
      throw e;
    }
  }

  /** What {@link #fill} did: the worker it filled (its pid read before it started) and how many members it added. */
  private record Filled(long pid, int added) {
  }

  /**
   * Adds the desired members HAProxy lacks; reloads once if a VIP's backend is missing. The pid is
   * read first: should HAProxy reload meanwhile, the next call sees another pid and fills again.
   */
  private Filled fill(State state) {
    long pid = workerPid();
    Set<String> backends = backends();
    boolean missing = state.vips().keySet().stream().anyMatch(v -> !backends.contains(PROXY_PREFIX + v));
    if (missing) {
      LOG.warn("ECP-VIP-111 HAProxy lacks VIP backends of {}: reloading", store.vipsFile());
      pid = reload(pid, null);
      Set<String> again = backends();
      for (String v : state.vips().keySet()) {
        if (!again.contains(PROXY_PREFIX + v)) {
          throw new LoadBalancerUnavailableException("ECP-VIP-005 HAProxy has no backend " + PROXY_PREFIX + v
              + " even after a reload: is it running with the configuration generated from " + store.vipsFile() + "?");
        }
      }
    }
    int n = 0;
    for (VipSpec vip : state.vips().values()) {
      Map<String, Server> have = servers(vip.name());
      for (DesiredMember m : state.membersOf(vip.name()).values()) {
        if (!have.containsKey(m.name())) {
          addServer(vip, m.name(), m.ip(), m.port(), false, m.draining());
          n++;
        }
      }
      for (String extra : have.keySet()) {
        if (!state.membersOf(vip.name()).containsKey(extra)) {
          LOG.warn("ECP-VIP-112 VIP {} has server {} that the platform does not know: left alone", vip.name(), extra);
        }
      }
    }
    if (n > 0) {
      LOG.info("ECP-VIP-110 HAProxy worker {}: {} member(s) put back", pid, n);
    }
    return new Filled(pid, n);
  }

  /**
   * add server, enable its health check, then: a new member DOWN until its first check passes
   * (drain first so that it never takes a request meanwhile), a member put back after a reload
   * UP at once (or draining).
   */
  private void addServer(VipSpec vip, String member, String ip, int port, boolean fresh, boolean draining) {
    String server = PROXY_PREFIX + vip.name() + "/" + member;
    long inter = vip.healthCheck().interval().toMillis();
    String answer = api.execute("add server " + server + " " + ip + ":" + port + " check inter " + inter
        + " downinter " + downInterval(inter) + " fall " + FALL + " rise " + RISE);
    if (!answer.startsWith("New server registered")) {
      throw new LoadBalancerUnavailableException("ECP-VIP-006 HAProxy refused 'add server " + server + "': "
          + answer.strip());
    }
    expectEmpty(api.execute("enable health " + server));
    if (fresh) {
      expectEmpty(setState(vip.name(), member, "drain"));
      expectEmpty(api.execute("set server " + server + " health down"));
    }
    expectEmpty(setState(vip.name(), member, draining ? "drain" : "ready"));
  }

  /**
   * How often a DOWN member is checked: a quarter of the interval (at least 100 ms), so that a new
   * member (forced DOWN until its first check) or a recovered one takes traffic that much sooner.
   */
  static long downInterval(long interMillis) {
    return Math.min(interMillis, Math.max(100, interMillis / 4));
  }

  /** drain, maint, shutdown sessions, del server; del is retried while connections linger. */
  private void deleteServer(String vipName, String member) {
    String server = PROXY_PREFIX + vipName + "/" + member;
    expectEmptyOrGone(setState(vipName, member, "drain"));
    expectEmptyOrGone(setState(vipName, member, "maint"));
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    while (true) {
      expectEmptyOrGone(api.execute("shutdown sessions server " + server));
      String answer = api.execute("del server " + server).strip();
      if (answer.startsWith("Server deleted") || answer.startsWith("No such server")) {
        return;
      }
      if (!answer.contains("still has connections") || System.nanoTime() > deadline) {
        throw new LoadBalancerUnavailableException("ECP-VIP-007 HAProxy refused 'del server " + server + "': " + answer);
      }
      pause(20);
    }
  }

  private String setState(String vipName, String member, String state) {
    return api.execute("set server " + PROXY_PREFIX + vipName + "/" + member + " state " + state);
  }

  private static void expectEmpty(String answer) {
    if (!answer.isBlank()) {
      throw new LoadBalancerUnavailableException("ECP-VIP-008 HAProxy answered: " + answer.strip());
    }
  }

  private static void expectEmptyOrGone(String answer) {
    if (!answer.isBlank() && !answer.strip().startsWith("No such server")) {
      throw new LoadBalancerUnavailableException("ECP-VIP-008 HAProxy answered: " + answer.strip());
    }
  }

  // ---------------------------------------------------------------- reading HAProxy

  /** One server as {@code show servers state} reports it. */
  private record Server(String name, String ip, int port, int op, int admin) {
    MemberState state() {
      if ((admin & ADMIN_MAINT) != 0) {
        return MemberState.MAINT;
      }
      if (op == 0) {
        return MemberState.DOWN;
      }
      if ((admin & ADMIN_DRAIN) != 0 || op == 3) { // 3: up but soft-stopping (NOLB)
        return MemberState.DRAIN;
      }
      return MemberState.UP;
    }
  }

  /** The backend's servers by name, from {@code show servers state} (columns found by the header). */
  private Map<String, Server> servers(String vipName) {
    String answer = api.execute("show servers state " + PROXY_PREFIX + vipName);
    if (answer.startsWith("Can't find backend")) {
      throw new LoadBalancerUnavailableException("ECP-VIP-009 HAProxy has no backend " + PROXY_PREFIX + vipName);
    }
    Map<String, Integer> col = new HashMap<>();
    Map<String, Server> out = new TreeMap<>();
    for (String line : answer.split("\n")) {
      String t = line.strip();
      if (t.startsWith("# be_id")) {
        String[] h = t.substring(2).split("\\s+");
        for (int i = 0; i < h.length; i++) {
          col.put(h[i], i);
        }
        continue;
      }
      if (t.isEmpty() || t.startsWith("#") || col.isEmpty()) {
        continue;
      }
      String[] f = t.split("\\s+");
      try {
        Server s = new Server(f[col.get("srv_name")], f[col.get("srv_addr")], Integer.parseInt(f[col.get("srv_port")]),
            Integer.parseInt(f[col.get("srv_op_state")]), Integer.parseInt(f[col.get("srv_admin_state")]));
        out.put(s.name(), s);
      } catch (RuntimeException e) {
        throw new LoadBalancerUnavailableException("ECP-VIP-003 unexpected 'show servers state' line: " + t, e);
      }
    }
    if (col.isEmpty()) {
      throw new LoadBalancerUnavailableException("ECP-VIP-003 unexpected 'show servers state' answer: " + answer.strip());
    }
    return out;
  }

  private Set<String> backends() {
    Set<String> out = new HashSet<>();
    for (String line : api.execute("show backend").split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  private long workerPid() {
    String answer = api.execute("show info");
    for (String line : answer.split("\n")) {
      if (line.startsWith("Pid:")) {
        return Long.parseLong(line.substring(4).strip());
      }
    }
    throw new LoadBalancerUnavailableException("ECP-VIP-003 no Pid in 'show info': " + answer.strip());
  }

  private Long workerPidOrNull() {
    try {
      return workerPid();
    } catch (LoadBalancerUnavailableException e) {
      return null;
    }
  }

  private long awaitNewWorker(Long oldPid) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    LoadBalancerUnavailableException last = null;
    while (System.nanoTime() < deadline) {
      try {
        long pid = workerPid();
        if (oldPid == null || pid != oldPid) {
          return pid;
        }
      } catch (LoadBalancerUnavailableException e) {
        last = e;
      }
      pause(20);
    }
    throw new LoadBalancerUnavailableException("ECP-VIP-004 no new HAProxy worker answered on " + api.socket()
        + " within " + settings.timeout().toMillis() + " ms after the reload (old worker " + oldPid + ")", last);
  }

  /**
   * Runs the reload command and returns the new worker's pid; fails with the command's output when
   * it exits non-zero or takes too long. The new worker serves the VIPs with no servers from the
   * moment it starts, so while the command still runs (its own checks and clean-up) the runtime
   * API is polled, and the new worker is filled from {@code fillWith} as soon as it answers.
   */
  private long reload(Long oldPid, State fillWith) {
    long t0 = System.nanoTime();
    long deadline = t0 + settings.timeout().toNanos();
    Process p;
    try {
      p = new ProcessBuilder(settings.reloadCommand()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new LoadBalancerUnavailableException("ECP-VIP-004 cannot run " + settings.reloadCommand() + ": "
          + e.getMessage(), e);
    }
    try {
      p.getOutputStream().close(); // nothing on its standard input
    } catch (IOException e) {
      // it may have exited already
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    try {
      Long filled = null;
      long filledAt = 0;
      while (!p.waitFor(fillWith == null || filled != null ? 50 : 5, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new LoadBalancerUnavailableException("ECP-VIP-004 " + settings.reloadCommand()
              + " did not finish within " + settings.timeout().toMillis() + " ms");
        }
        if (fillWith != null && filled == null) {
          Long pid = workerPidOrNull();
          if (pid != null && !pid.equals(oldPid)) {
            try {
              filled = fill(fillWith).pid();
              filledAt = System.nanoTime();
            } catch (LoadBalancerUnavailableException e) {
              LOG.debug("filling the new worker while the reload runs failed, again after it: {}", e.getMessage());
            }
          }
        }
      }
      String out = output.get(5, TimeUnit.SECONDS).strip();
      if (p.exitValue() != 0) {
        throw new LoadBalancerUnavailableException("ECP-VIP-004 " + settings.reloadCommand() + " failed (exit "
            + p.exitValue() + "): " + out);
      }
      if (filled == null) {
        long pid = awaitNewWorker(oldPid);
        filled = fillWith == null ? pid : fill(fillWith).pid();
        filledAt = System.nanoTime();
      }
      LOG.info("ECP-VIP-120 HAProxy reloaded in {} ms, new worker {} filled after {} ms",
          (System.nanoTime() - t0) / 1_000_000, filled, (filledAt - t0) / 1_000_000);
      LOG.debug("reload output: {}", out);
      return filled;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new LoadBalancerUnavailableException("ECP-VIP-004 interrupted while reloading HAProxy", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new LoadBalancerUnavailableException("ECP-VIP-004 cannot read the output of " + settings.reloadCommand(), e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoadBalancerUnavailableException("ECP-VIP-004 interrupted", e);
    }
  }

  private static void requireAddress(String ip, int port) {
    if (ip == null || !IPV4.matcher(ip).matches()) {
      throw new IllegalArgumentException("member address must be an IPv4 address: " + ip);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("member port must be 1-65535: " + port);
    }
  }

  /** An IPv4 network, for the VIP range check. */
  private record Cidr(long network, long mask) {
    static Cidr parse(String cidr) {
      String[] p = cidr.split("/");
      if (p.length != 2) {
        throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
      }
      int len = Integer.parseInt(p[1]);
      if (len < 0 || len > 32) {
        throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
      }
      long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
      return new Cidr(toLong(p[0]) & mask, mask);
    }

    /** Inside the network, and neither its network nor its broadcast address. */
    boolean holds(String ip) {
      long a = toLong(ip);
      return (a & mask) == network && a != network && a != (network | (~mask & 0xFFFFFFFFL));
    }

    static long toLong(String ip) {
      String[] o = ip.split("\\.");
      if (o.length != 4) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      long v = 0;
      for (String s : o) {
        int b = Integer.parseInt(s);
        if (b < 0 || b > 255) {
          throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        v = (v << 8) | b;
      }
      return v;
    }
  }
}
