package org.elasticcloud.integrations.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.LoadBalancer.HealthCheck;
import org.elasticcloud.core.port.LoadBalancer.Member;
import org.elasticcloud.core.port.LoadBalancer.MemberState;
import org.elasticcloud.core.port.LoadBalancer.VipSpec;
import org.elasticcloud.core.port.LoadBalancerUnavailableException;
import org.elasticcloud.core.port.contract.LoadBalancerContract;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VIP contract and HAProxy's own behaviour against the lab's real HAProxy
 * ({@code lab/haproxy.sh start}; its {@code env} gives the ECLOUD_LAB_HAPROXY_* variables) and two
 * real sample-app containers on two engines of the lab segment. Addresses 10.211.13.100-110 and
 * VIPs 10.211.14.10-14 are this test's. Every wait polls a state; nothing sleeps.
 */
class HaproxyLoadBalancerTest extends LoadBalancerContract {
  private static final String IMAGE = "ecloud/sample-app:1";
  private static final String TEST_LABEL = "org.elasticcloud.test";
  private static final String[] NAMES = {"vip-test-a", "vip-test-b"};
  private static final String[] IPS = {"10.211.13.100", "10.211.13.101"};
  private static final String[] MACS = {"02:ec:0a:d3:0d:64", "02:ec:0a:d3:0d:65"};
  private static final String DEAD_IP = "10.211.13.109";
  private static final String VIP_ADDRESS = "10.211.14.10";
  private static final String PREFIX = "ht-";

  private static DockerEngines engines;
  private static ContainerRuntime runtime;
  private static HttpServer configServer;
  private static HaproxyLoadBalancer lb;

  private final String run = UUID.randomUUID().toString().substring(0, 6);

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: start the lab (lab/up.sh) and HAProxy, then export "
          + "their variables: lab/haproxy.sh start && eval \"$(lab/haproxy.sh env)\" (lab/test.sh does both)");
    }
    return v;
  }

  static String engine(int n) {
    return env("ECLOUD_LAB_DOCKER_" + n);
  }

  static HaproxyLoadBalancer.Settings settings() {
    return new HaproxyLoadBalancer.Settings(Path.of(env("ECLOUD_LAB_HAPROXY_SOCKET")),
        Path.of(env("ECLOUD_LAB_HAPROXY_VIPS")), List.of(env("ECLOUD_LAB_HAPROXY_CTL"), "reload"),
        System.getenv().getOrDefault("ECLOUD_LAB_VIP_RANGE", "10.211.14.0/24"), Duration.ofSeconds(20));
  }

  @BeforeAll
  static void startBackendsAndHaproxy() throws IOException {
    lb = new HaproxyLoadBalancer(settings());
    try {
      lb.runtimeApi().execute("show info");
    } catch (LoadBalancerUnavailableException e) {
      throw new IllegalStateException("HAProxy does not answer on " + env("ECLOUD_LAB_HAPROXY_SOCKET")
          + ": run lab/haproxy.sh start", e);
    }
    // leftovers of a killed run: test VIPs, test containers
    lb.vips().stream().filter(v -> v.name().startsWith(PREFIX) || v.name().startsWith(NAME_PREFIX))
        .forEach(v -> lb.removeVip(v.name()));
    engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(30));
    runtime = new DockerContainerRuntime(engines);
    for (int i = 0; i < 2; i++) {
      runtime.remove(engine(i + 1), NAMES[i]);
    }
    // the sample app answers /health 200 only once it fetched its configuration: serve one on the shim
    String shimIp = System.getenv().getOrDefault("ECLOUD_LAB_SHIM_IP", "10.211.0.2");
    configServer = HttpServer.create(new InetSocketAddress(shimIp, 0), 16);
    configServer.createContext("/config.properties", ex -> {
      byte[] body = "greeting=hello from the VIP test\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    configServer.start();
    String configUrl = "http://" + shimIp + ":" + configServer.getAddress().getPort() + "/config.properties";
    for (int i = 0; i < 2; i++) {
      runtime.run(engine(i + 1), new ContainerSpec(NAMES[i], IMAGE, new Resources(0.5, 64, 1),
          Map.of(TEST_LABEL, "vip"), Map.of("ECLOUD_CONFIG_URL", configUrl, "APP", "vip-test"), env("ECLOUD_LAB_NETWORK"),
          IPS[i], MACS[i], List.of(), List.of()));
    }
    for (String ip : IPS) {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> status(ip, 8080, "/health") == 200);
    }
  }

  @AfterAll
  static void cleanUp() {
    if (lb != null) {
      lb.vips().stream().filter(v -> v.name().startsWith(PREFIX)).forEach(v -> lb.removeVip(v.name()));
    }
    if (runtime != null) {
      for (int i = 0; i < 2; i++) {
        runtime.remove(engine(i + 1), NAMES[i]);
      }
    }
    if (engines != null) {
      engines.close();
    }
    if (configServer != null) {
      configServer.stop(0);
    }
  }

  @AfterEach
  void removeMyVips() {
    lb.vips().stream().filter(v -> v.name().startsWith(PREFIX + run)).forEach(v -> lb.removeVip(v.name()));
  }

  // ---------------------------------------------------------------- the contract's needs

  @Override
  protected LoadBalancer loadBalancer() {
    return lb;
  }

  @Override
  protected String vipAddress(int n) {
    return "10.211.14." + (11 + n);
  }

  @Override
  protected Backend healthyBackend(int n) {
    return new Backend(IPS[n], 8080);
  }

  @Override
  protected Backend deadBackend() {
    return new Backend(DEAD_IP, 8080);
  }

  // ---------------------------------------------------------------- helpers

  /** An HTTP answer: status (-1 when no connection) and body. */
  record Answer(int status, String body) {
  }

  /**
   * One HTTP/1.0 GET on a connection of its own (no keep-alive: a pooled connection would still
   * be served by an old HAProxy worker after a reload, which is not what these tests look at).
   */
  static Answer get(String host, int port, String path) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int eol = text.indexOf("\r\n");
      String[] statusLine = (eol < 0 ? text : text.substring(0, eol)).split(" ");
      int body = text.indexOf("\r\n\r\n");
      return new Answer(Integer.parseInt(statusLine[1]), body < 0 ? "" : text.substring(body + 4));
    } catch (IOException | RuntimeException e) {
      return new Answer(-1, e.toString());
    }
  }

  static int status(String ip, int port, String path) {
    return get(ip, port, path).status();
  }

  /** GET /cgi-bin/info through the VIP: the answering member's IP. */
  static String answeredBy() throws IOException {
    Answer a = get(VIP_ADDRESS, 80, "/cgi-bin/info");
    assertThat(a.status()).as("GET /cgi-bin/info through the VIP: %s", a.body()).isEqualTo(200);
    Properties p = new Properties();
    p.load(new StringReader(a.body()));
    return p.getProperty("ip");
  }

  static Map<String, Integer> spread(int requests) throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      seen.merge(answeredBy(), 1, Integer::sum);
    }
    return seen;
  }

  private VipSpec webVip() {
    return new VipSpec(PREFIX + run + "-web", VIP_ADDRESS, 80, new HealthCheck("/health", Duration.ofSeconds(1)));
  }

  private long addAndAwaitUp(String vip, int i) {
    long t0 = System.nanoTime();
    lb.addMember(vip, NAMES[i], IPS[i], 8080);
    long added = System.nanoTime();
    awaitState(vip, NAMES[i], MemberState.UP);
    long up = System.nanoTime();
    System.out.printf("TIMING addMember %s: %d ms (runtime API), then UP after %d ms%n", NAMES[i],
        (added - t0) / 1_000_000, (up - added) / 1_000_000);
    return (up - t0) / 1_000_000;
  }

  private static List<String> serversInHaproxy(String vip) {
    List<String> out = new ArrayList<>();
    for (String line : lb.runtimeApi().execute("show servers state " + HaproxyLoadBalancer.PROXY_PREFIX + vip)
        .split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length > 4 && !line.startsWith("#")) {
        out.add(f[3]);
      }
    }
    return out;
  }

  private static String shimAddresses() throws Exception {
    Process p = new ProcessBuilder("ip", "-o", "-4", "addr", "show", "dev",
        System.getenv().getOrDefault("ECLOUD_LAB_SHIM", "lab0-shim")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static void haproxyCtl(String command) throws Exception {
    Process p = new ProcessBuilder(env("ECLOUD_LAB_HAPROXY_CTL"), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("lab/haproxy.sh %s: %s", command, out).isZero();
  }

  /** GET /health through the VIP in a loop on a thread of its own, counting answers. */
  static final class Load implements AutoCloseable {
    private final AtomicBoolean going = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long firstFailure;
    private volatile long lastFailure;
    private final Thread thread = new Thread(() -> {
      while (going.get()) {
        int st = status(VIP_ADDRESS, 80, "/health");
        (st == 200 ? ok : failed).incrementAndGet();
        statuses.merge(st, 1, Integer::sum);
        if (st != 200) {
          lastFailure = System.nanoTime();
          if (firstFailure == 0) {
            firstFailure = lastFailure;
          }
        }
      }
    });

    Load() {
      thread.start();
      awaitMore(5);
    }

    /** Waits until n more requests succeeded. */
    void awaitMore(int n) {
      int target = ok.get() + n;
      await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() >= target);
    }

    @Override
    public void close() throws InterruptedException {
      going.set(false);
      thread.join();
    }

    @Override
    public String toString() {
      return failed.get() + " of " + (ok.get() + failed.get()) + " requests failed " + statuses
          + (firstFailure == 0 ? "" : " within " + (lastFailure - firstFailure) / 1_000_000 + " ms");
    }
  }

  // ---------------------------------------------------------------- HAProxy with real traffic

  @Test
  void trafficIsSpreadOverHealthyMembersAndAvoidsFailedOnes() throws Exception {
    VipSpec vip = webVip();
    long t0 = System.nanoTime();
    lb.ensureVip(vip);
    System.out.printf("TIMING ensureVip (definitions + reload + refill): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(shimAddresses()).contains(" " + VIP_ADDRESS + "/32 ");
    addAndAwaitUp(vip.name(), 0);
    addAndAwaitUp(vip.name(), 1);

    assertThat(status(VIP_ADDRESS, 80, "/health")).isEqualTo(200);
    assertThat(spread(20)).containsOnlyKeys(IPS[0], IPS[1]).allSatisfy((ip, n) -> assertThat(n).isGreaterThan(5));

    // a paused container stops answering its checks: DOWN, and the VIP serves from the other one
    engines.client(engine(1)).pauseContainerCmd(NAMES[0]).exec();
    try {
      long p0 = System.nanoTime();
      awaitState(vip.name(), NAMES[0], MemberState.DOWN);
      System.out.printf("TIMING paused member DOWN after %d ms%n", (System.nanoTime() - p0) / 1_000_000);
      assertThat(spread(10)).containsOnlyKeys(IPS[1]);
    } finally {
      engines.client(engine(1)).unpauseContainerCmd(NAMES[0]).exec();
    }
    long u0 = System.nanoTime();
    awaitState(vip.name(), NAMES[0], MemberState.UP);
    System.out.printf("TIMING unpaused member UP after %d ms%n", (System.nanoTime() - u0) / 1_000_000);

    // removed: gone from HAProxy, the other one serves everything
    assertThat(lb.removeMember(vip.name(), NAMES[0])).isTrue();
    assertThat(lb.members(vip.name())).extracting(Member::name).containsExactly(NAMES[1]);
    assertThat(serversInHaproxy(vip.name())).containsExactly(NAMES[1]);
    assertThat(spread(10)).containsOnlyKeys(IPS[1]);

    // adding twice: one server
    lb.addMember(vip.name(), NAMES[1], IPS[1], 8080);
    lb.addMember(vip.name(), NAMES[1], IPS[1], 8080);
    assertThat(serversInHaproxy(vip.name())).containsExactly(NAMES[1]);
  }

  @Test
  void aStoppedContainerGoesDownAndComesBackWhenStarted() throws Exception {
    VipSpec vip = webVip();
    lb.ensureVip(vip);
    addAndAwaitUp(vip.name(), 0);
    addAndAwaitUp(vip.name(), 1);
    runtime.stop(engine(2), NAMES[1], Duration.ofSeconds(5));
    try {
      long s0 = System.nanoTime();
      awaitState(vip.name(), NAMES[1], MemberState.DOWN);
      System.out.printf("TIMING stopped member DOWN after %d ms%n", (System.nanoTime() - s0) / 1_000_000);
      assertThat(spread(10)).containsOnlyKeys(IPS[0]);
    } finally {
      runtime.start(engine(2), NAMES[1]);
    }
    awaitState(vip.name(), NAMES[1], MemberState.UP);
    await().atMost(Duration.ofSeconds(10)).until(() -> spread(10).size() == 2);
  }

  @Test
  void drainingKeepsRunningRequestsAndSendsNoNewOnes() throws Exception {
    VipSpec vip = webVip();
    lb.ensureVip(vip);
    addAndAwaitUp(vip.name(), 0);
    addAndAwaitUp(vip.name(), 1);
    assertThat(lb.drain(vip.name(), NAMES[0])).isTrue();
    assertThat(spread(10)).containsOnlyKeys(IPS[1]);
    assertThat(lb.members(vip.name())).extracting(Member::state).containsExactly(MemberState.DRAIN, MemberState.UP);
  }

  @Test
  void membersAreBackAfterEveryReloadAndRestart() throws Exception {
    VipSpec vip = webVip();
    lb.ensureVip(vip);
    addAndAwaitUp(vip.name(), 0);
    addAndAwaitUp(vip.name(), 1);
    lb.drain(vip.name(), NAMES[1]);

    // 1. the adapter's own reload (another VIP appears): members are back before ensureVip returns
    VipSpec other = new VipSpec(PREFIX + run + "-other", "10.211.14.14", 8081, new HealthCheck("/health", Duration.ofSeconds(1)));
    try (Load load = new Load()) {
      long r0 = System.nanoTime();
      lb.ensureVip(other);
      long done = System.nanoTime();
      load.awaitMore(20);
      System.out.printf("TIMING ensureVip of another VIP under traffic: %d ms; %s%n", (done - r0) / 1_000_000, load);
    }
    assertThat(serversInHaproxy(vip.name())).containsExactly(NAMES[0], NAMES[1]);
    assertThat(lb.members(vip.name())).extracting(Member::state).containsExactly(MemberState.UP, MemberState.DRAIN);

    // 2. a reload from outside, under traffic: HAProxy's new worker starts empty, the next call fills it
    try (Load load = new Load()) {
      long r0 = System.nanoTime();
      haproxyCtl("reload");
      long reloaded = System.nanoTime();
      assertThat(serversInHaproxy(vip.name())).as("a reload loses run-time servers").isEmpty();
      assertThat(lb.members(vip.name())).extracting(Member::name, Member::state)
          .containsExactly(tuple(NAMES[0], MemberState.UP), tuple(NAMES[1], MemberState.DRAIN));
      long refilled = System.nanoTime();
      load.awaitMore(20);
      System.out.printf("TIMING external reload %d ms, members back %d ms after it; %s%n",
          (reloaded - r0) / 1_000_000, (refilled - reloaded) / 1_000_000, load);
    }
    assertThat(status(VIP_ADDRESS, 80, "/health")).isEqualTo(200);

    // 3. a restart (stop, start): the same
    haproxyCtl("stop");
    assertThatThrownBy(() -> lb.members(vip.name())).isInstanceOf(LoadBalancerUnavailableException.class)
        .hasMessageContaining("ECP-VIP-001");
    haproxyCtl("start");
    assertThat(serversInHaproxy(vip.name())).isEmpty();
    assertThat(lb.reconcile()).isEqualTo(2);
    assertThat(lb.members(vip.name())).extracting(Member::name).containsExactly(NAMES[0], NAMES[1]);
    assertThat(spread(5)).containsOnlyKeys(IPS[0]);
    lb.addMember(vip.name(), NAMES[1], IPS[1], 8080);
    awaitState(vip.name(), NAMES[1], MemberState.UP);
    await().atMost(Duration.ofSeconds(10)).until(() -> spread(10).size() == 2);
  }

  @Test
  void anotherAdapterOnTheSameFilesSeesTheSameVipsAndMembers() {
    VipSpec vip = webVip();
    lb.ensureVip(vip);
    lb.addMember(vip.name(), NAMES[0], IPS[0], 8080);
    HaproxyLoadBalancer second = new HaproxyLoadBalancer(settings());
    assertThat(second.vips()).contains(vip);
    assertThat(second.members(vip.name())).extracting(Member::name).containsExactly(NAMES[0]);
    assertThat(second.removeMember(vip.name(), NAMES[0])).isTrue();
    assertThat(lb.members(vip.name())).isEmpty();
  }

  @Test
  void removingAVipTakesItsAddressOffTheShim() throws Exception {
    VipSpec vip = webVip();
    lb.ensureVip(vip);
    assertThat(shimAddresses()).contains(" " + VIP_ADDRESS + "/32 ");
    lb.removeVip(vip.name());
    assertThat(shimAddresses()).doesNotContain(" " + VIP_ADDRESS + "/32 ");
    assertThat(status(VIP_ADDRESS, 80, "/health")).isEqualTo(-1);
  }

  @Test
  void aVipOutsideTheRangeIsRefused() {
    VipSpec outside = new VipSpec(PREFIX + run + "-out", "10.211.13.200", 80, new HealthCheck("/health", Duration.ofSeconds(1)));
    assertThatThrownBy(() -> lb.ensureVip(outside)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the VIP range");
    assertThat(lb.vips()).extracting(VipSpec::name).doesNotContain(outside.name());
  }

  @Test
  void aMissingSocketOrAFailingReloadIsUnavailableAndChangesNothing(@TempDir Path dir) throws Exception {
    HaproxyLoadBalancer nowhere = new HaproxyLoadBalancer(new HaproxyLoadBalancer.Settings(dir.resolve("none.sock"),
        dir.resolve("vips.conf"), List.of("true"), null, Duration.ofSeconds(1)));
    Files.writeString(dir.resolve("vips.conf"), "web 10.211.14.20 80 /health 1000\n");
    assertThatThrownBy(() -> nowhere.members("web")).isInstanceOf(LoadBalancerUnavailableException.class)
        .hasMessageStartingWith("ECP-VIP-001");

    HaproxyLoadBalancer failing = new HaproxyLoadBalancer(new HaproxyLoadBalancer.Settings(
        Path.of(env("ECLOUD_LAB_HAPROXY_SOCKET")), dir.resolve("vips.conf"),
        List.of("sh", "-c", "echo 'ERROR: no way' >&2; exit 1"), null, Duration.ofSeconds(5)));
    VipSpec spec = new VipSpec("web2", "10.211.14.21", 80, new HealthCheck("/health", Duration.ofSeconds(1)));
    assertThatThrownBy(() -> failing.ensureVip(spec)).isInstanceOf(LoadBalancerUnavailableException.class)
        .hasMessageContaining("ERROR: no way");
    assertThat(Files.readString(dir.resolve("vips.conf"))).contains("web 10.211.14.20").doesNotContain("web2");
  }
}
