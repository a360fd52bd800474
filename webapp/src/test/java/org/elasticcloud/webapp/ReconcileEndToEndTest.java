package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.TemplateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reconciliation end to end on the lab. A group scales out by 3 over 3 hosts (real containers,
 * grants on MariaDB, HAProxy VIP members, monitoring in ZooKeeper). Then drift is made behind the
 * platform's back: one container's Docker container removed, an extra labelled container, an
 * extra account of the application's user for an address of no container, an extra VIP member;
 * plus things that are not the platform's (a container of an unknown application, an account on
 * an address outside the containers' network). Runs started over REST must report exactly the
 * four, remove the three orphans on their second sighting (and really), report the missing one
 * and change nothing else. With a ticket of the application in the operation queue, nothing of it
 * is judged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=so-secret",
        "ecloud.placement.max-share-per-switch=1.0", "ecloud.network.pool=10.211.10.0-10.211.10.30",
        // runs are started over REST only: no timer run in between
        "ecloud.reconcile.cycle=R/PT1H"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileEndToEndTest {
  private static final int ACCESS_PORT = LabSupport.freePort();
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  private static final String SCHEMA = "rec_" + RUN;
  private static final String DB_USER = "rec_" + RUN;
  private static final String TEMPLATE_IP = "10.211.10.200";
  private static final String STRAY_IP = "10.211.10.250";
  private static final String OUTSIDE_IP = "192.0.2.10";
  private static final String VIP = "vip-rec-" + RUN;
  private static final String VIP_ADDRESS = "10.211.14.91";
  private static final String APP = "rec" + RUN;

  /** A tiny in-memory operation queue (the ZooKeeper one is another engineer's): lets a test make the application busy. */
  @TestConfiguration
  static class Queue {
    @Bean
    @Primary
    OperationQueue testOperationQueue() {
      return new InMemoryQueue();
    }
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  Inventory inventory;
  @Autowired
  TemplateStore templates;
  @Autowired
  DatabaseGrants grants;
  @Autowired
  LoadBalancer loadBalancer;
  @Autowired
  ContainerProvisioner provisioner;
  @Autowired
  NetworkPorts ports;
  @Autowired
  Volumes volumes;
  @Autowired
  ContainerRuntime runtime;
  @Autowired
  ObservationRegistry observation;
  @Autowired
  OperationQueue queue;

  private TestRestTemplate admin;
  private AppGroup group;
  private List<Container> made;
  private final List<String[]> extraContainers = new ArrayList<>();
  private final GrantSpec grant = new GrantSpec(server(), SCHEMA, DB_USER, GrantSpec.parsePrivileges("SELECT, INSERT"), null);

  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) {
    LabSupport.scalingPlatform(registry, "ecloud-reconcile-", ACCESS_PORT);
  }

  private static String server() {
    return LabSupport.server();
  }

  private static void sql(String... statements) throws Exception {
    LabSupport.sql(statements);
  }

  private static HttpHeaders json() {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    return h;
  }

  private String engine(long hostId) {
    return inventory.hosts.find(hostId).orElseThrow().engineEndpoint();
  }

  @BeforeAll
  void scaleOutByThree() throws Exception {
    admin = rest.withBasicAuth("admin", "so-secret");
    sql("CREATE DATABASE " + SCHEMA, "CREATE USER '" + DB_USER + "'@'" + TEMPLATE_IP + "' IDENTIFIED BY 'app-pass-1'",
        "GRANT SELECT, INSERT ON " + SCHEMA + ".* TO '" + DB_USER + "'@'" + TEMPLATE_IP + "'");
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc-" + RUN, null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw-" + RUN)).id();
    for (int i = 1; i <= 3; i++) {
      inventory.hosts.insert(new Host(null, sw, "d" + i, 2, 8192L, 100L, LabSupport.env("ECLOUD_LAB_DOCKER_" + i),
          HostState.READY));
    }
    long dept = inventory.departments.insert(new Department(null, "dept-" + RUN)).id();
    long owner = inventory.owners.insert(new Owner(null, "owner-" + RUN, "o@example.org", dept)).id();
    long appId = inventory.applications.insert(new Application(null, APP, owner, null)).id();
    long spec = inventory.specs.insert(new Spec(null, "spec-" + RUN, 1, 64L, 1L)).id();
    group = inventory.groups.insert(new AppGroup(null, appId, 1L, "g1", spec, 0, 10));
    templates.recordPending(group.id(), new TemplateDefinition(APP + "-production-g1-0", TEMPLATE_IP,
        List.of(new TemplateDefinition.Grant(server(), SCHEMA, DB_USER, "SELECT, INSERT")),
        new TemplateDefinition.Vip(VIP, VIP_ADDRESS, 80, 8080, "/health"),
        new TemplateDefinition.Monitoring(List.of("cpu", "liveness")), null), "test", "admin");
    templates.confirm(group.id(), "admin");

    // the sample application reads its configuration at start
    assertThat(admin.exchange("/api/config/" + APP + "/production/g1", org.springframework.http.HttpMethod.PUT,
        new HttpEntity<>("{\"properties\":{\"db.schema\":\"" + SCHEMA + "\"}}", json()), String.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    ResponseEntity<Map> started = admin.postForEntity("/api/groups/" + group.id() + "/scale-out",
        new HttpEntity<>("{\"count\":3,\"datacenterId\":" + dc + ",\"image\":\"ecloud/sample-app:1\"}", json()), Map.class);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String link = (String) ((Map<String, Object>) started.getBody().get("links")).get("process");
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> !"ACTIVE".equals(admin.getForEntity(link, Map.class).getBody().get("state")));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("scale-out still running: " + admin.getForEntity(link, Map.class).getBody(), e);
    }
    assertThat(admin.getForEntity(link, Map.class).getBody().get("state")).isEqualTo("COMPLETED");
    made = inventory.containers.findBy("groupId", group.id());
    assertThat(made).hasSize(3).allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));

    // not the platform's: a container of an application it does not know, an account outside its network
    runExtra("d3", "foreign-" + RUN, Map.of(ContainerBlueprint.LABEL_APP, "foreign" + RUN));
    sql("CREATE USER '" + DB_USER + "'@'" + OUTSIDE_IP + "' IDENTIFIED BY 'app-pass-1'",
        "GRANT SELECT ON " + SCHEMA + ".* TO '" + DB_USER + "'@'" + OUTSIDE_IP + "'");
  }

  @AfterAll
  void cleanUp() throws Exception {
    for (String[] c : extraContainers) {
      runtime.remove(c[0], c[1]);
    }
    if (group != null) {
      for (Container c : inventory.containers.findBy("groupId", group.id())) {
        Host h = inventory.hosts.find(c.hostId()).orElseThrow();
        provisioner.deprovision(h.name(), c.name());
        observation.forget(c.name());
        grants.revoke(grant, c.ip());
        inventory.containers.delete(c.id());
      }
    }
    loadBalancer.removeVip(VIP);
    sql("DROP USER IF EXISTS '" + DB_USER + "'@'" + TEMPLATE_IP + "'", "DROP USER IF EXISTS '" + DB_USER + "'@'" + STRAY_IP + "'",
        "DROP USER IF EXISTS '" + DB_USER + "'@'" + OUTSIDE_IP + "'", "DROP DATABASE IF EXISTS " + SCHEMA);
  }

  /** A small container made by hand on a lab host, outside the platform (no network, no volumes). */
  private void runExtra(String host, String name, Map<String, String> labels) {
    String engine = LabSupport.env("ECLOUD_LAB_DOCKER_" + host.substring(1));
    extraContainers.add(new String[] {engine, name});
    runtime.run(engine, new ContainerSpec(name, "ecloud/os:1", new ContainerRuntime.Resources(0.1, 32, 0), labels,
        Map.of(), "none", null, null, List.of(), List.of("sleep", "900")));
  }

  /** Starts a run over REST and waits for its recorded report. */
  private Map<String, Object> reconcile() {
    ResponseEntity<Map> started = admin.postForEntity("/api/reconciliations", null, Map.class);
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    String report = (String) ((Map<String, Object>) started.getBody().get("links")).get("report");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> "RECORDED".equals(admin.getForEntity(report, Map.class).getBody().get("state")));
    return admin.getForEntity(report, Map.class).getBody();
  }

  private static List<Map<String, Object>> items(Map<String, Object> report) {
    return (List<Map<String, Object>>) report.get("items");
  }

  /** "KIND TYPE scope/host name → outcome" per item. */
  private static List<String> summary(Map<String, Object> report) {
    return items(report).stream().map(i -> i.get("kind") + " " + i.get("type") + " "
        + (i.get("scope") != null ? i.get("scope") : i.get("host")) + " " + i.get("name") + " → " + i.get("outcome")).toList();
  }

  private void everythingRecordedIsAsItWas(Container missing) {
    assertThat(inventory.containers.findBy("groupId", group.id())).hasSize(3)
        .allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
    for (Container c : made) {
      assertThat(ports.find(c.name())).as("port of %s", c.name()).isPresent();
      assertThat(volumes.find(c.dataVolume())).isPresent();
      assertThat(volumes.find(c.logVolume())).isPresent();
      assertThat(grants.hasGrant(grant, c.ip())).as("grant of %s", c.ip()).isTrue();
      assertThat(observation.monitoring(c.name())).isPresent();
      if (!c.name().equals(missing.name())) {
        assertThat(runtime.inspect(engine(c.hostId()), c.name())).hasValueSatisfying(s -> assertThat(s.running()).isTrue());
      }
    }
    assertThat(loadBalancer.members(VIP)).extracting(LoadBalancer.Member::name)
        .containsAll(made.stream().map(Container::name).toList());
    assertThat(grants.grantedHosts(server(), DB_USER)).contains(TEMPLATE_IP, OUTSIDE_IP);
    assertThat(runtime.inspect(LabSupport.env("ECLOUD_LAB_DOCKER_3"), "foreign-" + RUN)).isPresent();
  }

  @Test
  void driftMadeByHand_isReportedExactly_orphansGoOnTheirSecondSighting_theMissingOneIsReported() throws Exception {
    Container victim = made.get(0);
    String victimHost = inventory.hosts.find(victim.hostId()).orElseThrow().name();
    String orphan = ContainerBlueprint.name(APP, "production", "g1", 99);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ContainerBlueprint.LABEL_APP, APP);
    labels.put(ContainerBlueprint.LABEL_ENV, "production");
    labels.put(ContainerBlueprint.LABEL_GROUP, "g1");
    labels.put(ContainerBlueprint.LABEL_GROUP_ID, Long.toString(group.id()));
    labels.put(ContainerBlueprint.LABEL_CONTAINER, orphan);
    labels.put(ContainerBlueprint.LABEL_GENERATION, "0");
    String intruder = "intruder-" + RUN;
    try {
      assertThat(runtime.remove(engine(victim.hostId()), victim.name())).isTrue();
      runExtra("d2", orphan, labels);
      sql("CREATE USER '" + DB_USER + "'@'" + STRAY_IP + "' IDENTIFIED BY 'app-pass-1'",
          "GRANT SELECT ON " + SCHEMA + ".* TO '" + DB_USER + "'@'" + STRAY_IP + "'");
      loadBalancer.addMember(VIP, intruder, "10.211.10.251", 8080);
      List<String> drift = List.of(
          "ORPHAN CONTAINER d2 " + orphan,
          "ORPHAN GRANT " + server() + " " + DB_USER + "@" + STRAY_IP,
          "ORPHAN VIP_MEMBER " + VIP + " " + intruder,
          "MISSING CONTAINER " + victimHost + " " + victim.name());

      Map<String, Object> first = reconcile();
      assertThat(summary(first)).containsExactlyInAnyOrder(
          drift.get(0) + " → AWAITING_CONFIRMATION", drift.get(1) + " → AWAITING_CONFIRMATION",
          drift.get(2) + " → AWAITING_CONFIRMATION", drift.get(3) + " → NOT_ATTEMPTED");
      assertThat((Map<String, Integer>) first.get("counts")).containsEntry("ORPHAN", 3).containsEntry("MISSING", 1)
          .containsEntry("MISMATCH", 0).containsEntry("SKIPPED", 0).containsEntry("UNCHECKED", 0);
      assertThat(runtime.inspect(LabSupport.env("ECLOUD_LAB_DOCKER_2"), orphan)).isPresent();
      assertThat(grants.grantedHosts(server(), DB_USER)).contains(STRAY_IP);

      Map<String, Object> second = reconcile();
      assertThat(summary(second)).containsExactlyInAnyOrder(
          drift.get(0) + " → REPAIRED", drift.get(1) + " → REPAIRED", drift.get(2) + " → REPAIRED",
          drift.get(3) + " → NOT_ATTEMPTED");
      assertThat((Map<String, Integer>) second.get("repairs")).containsEntry("REPAIRED", 3).containsEntry("FAILED", 0);
      // really gone
      assertThat(runtime.inspect(LabSupport.env("ECLOUD_LAB_DOCKER_2"), orphan)).isEmpty();
      assertThat(grants.grantedHosts(server(), DB_USER)).doesNotContain(STRAY_IP);
      assertThat(loadBalancer.members(VIP)).extracting(LoadBalancer.Member::name).doesNotContain(intruder);
      everythingRecordedIsAsItWas(victim);

      Map<String, Object> third = reconcile();
      assertThat(summary(third)).containsExactly(drift.get(3) + " → NOT_ATTEMPTED");
      assertThat(admin.getForEntity("/api/reconciliations/latest", Map.class).getBody().get("id")).isEqualTo(third.get("id"));
      everythingRecordedIsAsItWas(victim);
    } finally {
      loadBalancer.removeMember(VIP, intruder);
    }
  }

  @Test
  void withATicketInTheQueue_nothingOfTheApplicationIsJudged() {
    String intruder = "busy-" + RUN;
    String orphan = ContainerBlueprint.name(APP, "production", "g1", 98);
    queue.enqueue(APP, "pi-test-" + RUN, "ScaleOutProcess (test ticket)");
    try {
      loadBalancer.addMember(VIP, intruder, "10.211.10.252", 8080);
      runExtra("d1", orphan, Map.of(ContainerBlueprint.LABEL_APP, APP));

      Map<String, Object> first = reconcile();
      Map<String, Object> second = reconcile();

      for (Map<String, Object> report : List.of(first, second)) {
        assertThat(items(report)).singleElement().satisfies(i -> {
          assertThat(i).containsEntry("kind", "SKIPPED").containsEntry("type", "APPLICATION").containsEntry("name", APP);
          assertThat((String) i.get("detail")).contains("pi-test-" + RUN);
        });
      }
      assertThat(loadBalancer.members(VIP)).extracting(LoadBalancer.Member::name).contains(intruder);
      assertThat(runtime.inspect(LabSupport.env("ECLOUD_LAB_DOCKER_1"), orphan)).isPresent();
    } finally {
      queue.release(APP, "pi-test-" + RUN);
      loadBalancer.removeMember(VIP, intruder);
      runtime.remove(LabSupport.env("ECLOUD_LAB_DOCKER_1"), orphan);
    }
  }

  /** Tickets per application, in order; enough for a test to hold an application's lease. */
  static final class InMemoryQueue implements OperationQueue {
    private final Map<String, List<Ticket>> queues = new LinkedHashMap<>();
    private long sequence;

    @Override
    public synchronized Ticket enqueue(String application, String operationId, String description) {
      List<Ticket> q = queues.computeIfAbsent(application, k -> new ArrayList<>());
      for (Ticket t : q) {
        if (t.operationId().equals(operationId)) {
          return t;
        }
      }
      Ticket t = new Ticket(application, operationId, description, ++sequence, Instant.now());
      q.add(t);
      return t;
    }

    @Override
    public synchronized List<Ticket> queue(String application) {
      return List.copyOf(queues.getOrDefault(application, List.of()));
    }

    @Override
    public synchronized boolean release(String application, String operationId) {
      List<Ticket> q = queues.get(application);
      boolean removed = q != null && q.removeIf(t -> t.operationId().equals(operationId));
      if (q != null && q.isEmpty()) {
        queues.remove(application);
      }
      return removed;
    }

    @Override
    public synchronized Map<String, List<Ticket>> all() {
      Map<String, List<Ticket>> out = new LinkedHashMap<>();
      queues.forEach((k, v) -> out.put(k, List.copyOf(v)));
      return out;
    }

    @Override
    public void onNewHead(Consumer<Ticket> listener) {
      // not needed by these tests
    }
  }
}
