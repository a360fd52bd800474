package org.elasticcloud.systemtest;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.integrations.vip.HaproxyLoadBalancer;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;

/**
 * A platform of several nodes on the lab: one in-process ZooKeeper (in this JVM), one fresh
 * database on the lab's MariaDB, the nodes' container-access listeners behind one HAProxy VIP (so a
 * container made by one node is the same container for the others), and an inventory with three
 * hosts and applications, each with a group whose template is registered.
 */
final class Cluster implements AutoCloseable {
  static final String ADMIN = "admin";
  static final String PASSWORD = "sys-" + UUID.randomUUID();
  static final String SUBNET_POOL = "10.211.10.1-10.211.10.230";

  final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  final String schema = "sys_" + run;
  final String appSchema = "sysapp_" + run;
  final Path dir;
  final EmbeddedZooKeeper zk;
  final CuratorFramework curator;
  final DockerEngines engines = new DockerEngines(Duration.ofSeconds(3), Duration.ofSeconds(30));
  final HaproxyLoadBalancer loadBalancer;
  final List<PlatformNode> nodes = new ArrayList<>();
  /** The VIP in front of the nodes' container-access listeners (set while the cluster starts). */
  String accessVip;
  long datacenterId;
  /** Application name to its group's id. */
  final Map<String, Long> groups = new LinkedHashMap<>();
  /** The template containers' addresses: they hold hand-made grants, not the platform's. */
  final Set<String> templateIps = new java.util.HashSet<>();
  /** Host name to engine endpoint. */
  final Map<String, String> hosts = new LinkedHashMap<>();

  Cluster(int nodeCount) throws Exception {
    this(nodeCount, Map.of(), List.of());
  }

  /** With settings of the test's own on every node: environment variables and arguments. */
  Cluster(int nodeCount, Map<String, String> extraEnv, List<String> extraArgs) throws Exception {
    dir = Files.createTempDirectory("ecloud-system-");
    zk = new EmbeddedZooKeeper(0, dir.resolve("zookeeper").toFile());
    curator = CuratorFrameworkFactory.builder().connectString(zk.connectString()).sessionTimeoutMs(15_000)
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 3_000)).build();
    loadBalancer = new HaproxyLoadBalancer(new HaproxyLoadBalancer.Settings(Path.of(env("ECLOUD_LAB_HAPROXY_SOCKET")),
        Path.of(env("ECLOUD_LAB_HAPROXY_VIPS")), List.of(env("ECLOUD_LAB_HAPROXY_CTL"), "reload"),
        env("ECLOUD_LAB_VIP_RANGE"), Duration.ofSeconds(10)));
    try {
      start(nodeCount, extraEnv, extraArgs);
    } catch (Exception | Error failed) {
      // a cluster that did not come up leaves nothing behind either: nodes, schemas, VIP
      try {
        close();
      } catch (Exception cleanupFailed) {
        failed.addSuppressed(cleanupFailed);
      }
      throw failed;
    }
  }

  private void start(int nodeCount, Map<String, String> extraEnv, List<String> extraArgs) throws Exception {
    Files.createDirectories(dir.resolve("volumes"));
    curator.start();
    curator.blockUntilConnected(20, TimeUnit.SECONDS);
    sql("CREATE DATABASE " + schema, "CREATE DATABASE " + appSchema);
    accessVip = freeVipAddress();
    loadBalancer.ensureVip(new LoadBalancer.VipSpec("sys-" + run, accessVip, 8090,
        new LoadBalancer.HealthCheck("/api/config/_alive", Duration.ofMillis(500))));
    for (int i = 1; i <= nodeCount; i++) {
      int port = freePort();
      int accessPort = freePort();
      Map<String, String> env = nodeEnv(i);
      env.putAll(extraEnv);
      List<String> args = new ArrayList<>(nodeArgs());
      args.addAll(extraArgs);
      nodes.add(new PlatformNode("node" + i + "-" + run, port, accessPort, env, args, dir));
    }
    // one after the other: the first creates the schema (Flyway, then Camunda) on the empty database
    for (PlatformNode n : nodes) {
      n.start();
      loadBalancer.addMember("sys-" + run, n.id, env("ECLOUD_LAB_SHIM_IP"), n.accessPort);
    }
  }

  private Map<String, String> nodeEnv(int i) {
    Map<String, String> e = new HashMap<>();
    e.put("ECLOUD_DATA_DIR", dir.resolve("node" + i).toString());
    e.put("ECLOUD_DB_URL", "jdbc:mysql://127.0.0.1:3307/" + schema
        + "?sendFractionalSeconds=false&nullDatabaseMeansCurrent=true");
    e.put("ECLOUD_DB_USER", "ecloud");
    e.put("ECLOUD_DB_PASSWORD", "ecloud");
    e.put("ECLOUD_ZK_CONNECT", zk.connectString());
    e.put("ECLOUD_ADMIN_USER", ADMIN);
    e.put("ECLOUD_ADMIN_PASSWORD", PASSWORD);
    e.put("ECLOUD_CONTAINER_ACCESS_ADDRESS", env("ECLOUD_LAB_SHIM_IP"));
    e.put("ECLOUD_CONTAINER_ACCESS_URL", "http://" + accessVip + ":8090");
    // behind the VIP the platform reads the container's address from X-Forwarded-For, from HAProxy only
    e.put("SERVER_FORWARD_HEADERS_STRATEGY", "native");
    e.put("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES", env("ECLOUD_LAB_SHIM_IP").replace(".", "\\."));
    e.put("ECLOUD_DOCKER_NETWORK", env("ECLOUD_LAB_NETWORK"));
    e.put("ECLOUD_REGISTRY", env("ECLOUD_LAB_REGISTRY"));
    e.put("ECLOUD_VIP_SOCKET", env("ECLOUD_LAB_HAPROXY_SOCKET"));
    e.put("ECLOUD_VIP_DEFINITIONS", env("ECLOUD_LAB_HAPROXY_VIPS"));
    e.put("ECLOUD_VIP_RELOAD", env("ECLOUD_LAB_HAPROXY_CTL") + " reload");
    e.put("ECLOUD_GRANTS_ADMIN_USER", "ecloud");
    e.put("ECLOUD_GRANTS_ADMIN_PASSWORD", "ecloud");
    e.put("ECLOUD_MAX_SHARE_PER_SWITCH", "1.0");
    e.put("ECLOUD_MAX_SHARE_PER_HOST", "1.0");
    e.put("ECLOUD_IP_POOL", SUBNET_POOL);
    e.put("ECLOUD_VOLUMES_ROOT", dir.resolve("volumes").toString());
    return e;
  }

  private static List<String> nodeArgs() {
    return List.of("--spring.profiles.active=mysql", "--ecloud.zookeeper.session-timeout=6s",
        "--ecloud.cluster.housekeeping-interval=2s", "--logging.level.root=WARN",
        // the reconciler only reports here: the tests judge what the operations themselves left behind
        "--ecloud.reconcile.repair=false", "--ecloud.reconcile.cycle=R/PT1H",
        "--logging.level.org.elasticcloud=INFO");
  }

  Rest rest(PlatformNode node) {
    return new Rest(node.url(), ADMIN, PASSWORD);
  }

  /** A node that answers now. */
  Rest anyAlive() {
    return nodes.stream().filter(PlatformNode::alive).findFirst().map(this::rest)
        .orElseThrow(() -> new IllegalStateException("no node alive"));
  }

  /** Datacenter, switch, three hosts (each registered by its process), and the given applications. */
  void setUpInventory(List<String> applications) throws Exception {
    Rest r = rest(nodes.get(0));
    datacenterId = id(r.post("/api/datacenters", Map.of("name", "dc-" + run, "location", "lab")));
    long sw = id(r.post("/api/switches", Map.of("datacenterId", datacenterId, "name", "sw-" + run)));
    for (int i = 1; i <= 3; i++) {
      String name = "d" + i;
      hosts.put(name, env("ECLOUD_LAB_DOCKER_" + i));
      // declared capacity: room for every container the tests make (they are tiny busybox servers)
      Rest.Answer a = r.post("/api/hosts", Map.of("switchId", sw, "name", name, "cores", 64, "memoryMb", 65536,
          "diskGb", 1000, "engineEndpoint", env("ECLOUD_LAB_DOCKER_" + i)));
      check(a, 202);
    }
    await().atMost(Duration.ofSeconds(90)).until(() -> hosts.keySet().stream()
        .allMatch(h -> "READY".equals(r.get("/api/hosts/by-name/" + h).get("state"))));
    long dept = id(r.post("/api/departments", Map.of("name", "dept-" + run)));
    long owner = id(r.post("/api/owners", Map.of("name", "owner-" + run, "email", "o@example.org", "departmentId", dept)));
    long spec = id(r.post("/api/specs", Map.of("name", "tiny-" + run, "cores", 1, "memoryMb", 64, "diskGb", 1)));
    int n = 0;
    for (String app : applications) {
      n++;
      long appId = id(r.post("/api/applications", Map.of("name", app, "ownerId", owner, "priority", 50)));
      long group = id(r.post("/api/groups", Map.of("applicationId", appId, "environmentId", 1, "name", "g1",
          "specId", spec, "minInstances", 0, "maxInstances", 60)));
      groups.put(app, group);
      String templateIp = "10.211.10." + (240 + n);
      templateIps.add(templateIp);
      String user = "u_" + app;
      sql("CREATE USER '" + user + "'@'" + templateIp + "' IDENTIFIED BY 'app-pass'",
          "GRANT SELECT, INSERT ON " + appSchema + ".* TO '" + user + "'@'" + templateIp + "'");
      Rest.Answer t = r.post("/api/groups/" + group + "/template", Map.of(
          "containerName", app + "-production-g1-0", "containerIp", templateIp,
          "grants", List.of(Map.of("server", appServer(), "schema", appSchema, "user", user,
              "privileges", "SELECT, INSERT")),
          "vip", Map.of("name", vipName(app), "address", freeVipAddress(),
              "port", 80, "memberPort", 8080, "healthPath", "/health"),
          "monitoring", Map.of("metrics", List.of("cpu", "memory")),
          "logging", Map.of("paths", List.of("/var/log/app/*.log"), "retentionDays", 3)));
      check(t, 202);
      String pid = t.get("processInstanceId");
      List<Map<String, Object>> tasks = await().atMost(Duration.ofSeconds(30)).until(
          () -> Rest.parse(r.getRaw("/engine-rest/task?processInstanceId=" + pid),
              new TypeReference<List<Map<String, Object>>>() { }), l -> !l.isEmpty());
      check(r.post("/engine-rest/task/" + tasks.get(0).get("id") + "/complete",
          Map.of("variables", Map.of("confirmed", Map.of("value", true, "type", "Boolean")))), 204);
      await().atMost(Duration.ofSeconds(30)).until(
          () -> "REGISTERED".equals(r.get("/api/groups/" + group + "/template").get("state")));
      check(r.put("/api/config/" + app + "/production/g1", Map.of("properties", Map.of("db.schema", appSchema))), 201);
    }
  }

  /** An address of the lab's VIP range that no VIP uses yet, nor one this run picked. */
  private String freeVipAddress() {
    Set<String> used = new java.util.HashSet<>(pickedVips);
    loadBalancer.vips().forEach(v -> used.add(v.address()));
    java.util.Random rnd = new java.util.Random();
    for (int tries = 0; tries < 500; tries++) {
      String a = "10.211.14." + (100 + rnd.nextInt(150));
      if (!used.contains(a)) {
        pickedVips.add(a);
        return a;
      }
    }
    throw new IllegalStateException("no free VIP address in 10.211.14.100-249");
  }

  private final Set<String> pickedVips = new java.util.HashSet<>();

  String appServer() {
    return "jdbc:mysql://127.0.0.1:3307/" + appSchema;
  }

  static String vipName(String app) {
    return app + "-vip";
  }

  static String templateUser(String app) {
    return "u_" + app;
  }

  private static long id(Rest.Answer a) {
    if (a.status() != 201 && a.status() != 200) {
      throw new IllegalStateException("unexpected answer " + a.status() + ": " + a.raw());
    }
    return ((Number) a.body().get("id")).longValue();
  }

  static Rest.Answer check(Rest.Answer a, int status) {
    if (a.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + a.status() + ": " + a.raw());
    }
    return a;
  }

  /** Rows of a query on the platform's own database. */
  List<Map<String, Object>> query(String select) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3307/" + schema
        + "?sendFractionalSeconds=false", "ecloud", "ecloud"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static void sql(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(env("ECLOUD_LAB_JDBC_URL"), "ecloud", "ecloud");
        Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the tests with lab/test.sh");
    }
    return v;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the nodes, removes every container, VIP, grant and database this run made. */
  @Override
  public void close() throws Exception {
    // best effort, every step: one that fails must not leave the later ones' leftovers in the lab
    List<Exception> failures = new ArrayList<>();
    for (PlatformNode n : nodes) {
      attempt(failures, n::stop);
    }
    attempt(failures, () -> new Reality(this).removeEverything(List.copyOf(groups.keySet())));
    attempt(failures, () -> loadBalancer.removeVip("sys-" + run));
    for (String app : groups.keySet()) {
      attempt(failures, () -> loadBalancer.removeVip(vipName(app)));
    }
    attempt(failures, () -> {
      List<String> users = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(env("ECLOUD_LAB_JDBC_URL"), "ecloud", "ecloud");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT User, Host FROM mysql.user WHERE User LIKE 'u\\_%'")) {
        while (rs.next()) {
          if (groups.containsKey(rs.getString(1).substring(2))) {
            users.add("'" + rs.getString(1) + "'@'" + rs.getString(2) + "'");
          }
        }
      }
      for (String u : users) {
        sql("DROP USER IF EXISTS " + u);
      }
    });
    attempt(failures, () -> sql("DROP DATABASE IF EXISTS " + schema, "DROP DATABASE IF EXISTS " + appSchema));
    attempt(failures, curator::close);
    attempt(failures, zk::close);
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void attempt(List<Exception> failures, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      failures.add(e);
    }
  }

}
