package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
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
import org.elasticcloud.core.lab.PrivateDockerEngine;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.port.ClusterRegistry.Member;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.db.HostHealthStore;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.integrations.zookeeper.CuratorClusterRegistry;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;
import org.elasticcloud.webapp.monitoring.AgentReportReceived;
import org.elasticcloud.webapp.monitoring.HostFailureDetected;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Host health end to end: the application with a host of its own, a private Docker engine (not the
 * lab's d1-d3) that the test stops and starts, and the host's agent simulated by a separate
 * ZooKeeper session that joins the cluster registry as role {@code agent}, id = the host's name
 * (exactly the agent's registration). Short settings: probes every 0.5 s, DOWN after 4 s.
 * Run under {@code flock /work/lab.lock}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=health-secret",
        "ecloud.hosts.probe-interval=500ms", "ecloud.hosts.probe-timeout=2s", "ecloud.hosts.down-after=4s",
        "ecloud.hosts.recover-after=1s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostHealthEndToEndTest {
  private static final Duration DOWN_AFTER = Duration.ofSeconds(4);
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  private static final String HOST = "health-" + RUN;
  private static final List<HostFailureDetected> FAILURES = new CopyOnWriteArrayList<>();

  /** Collects what the next issue's fault migration will subscribe to. */
  @TestConfiguration
  static class Failures {
    @Bean
    Object hostFailureCollector() {
      return new Object() {
        @EventListener
        void on(HostFailureDetected failure) {
          FAILURES.add(failure);
        }
      };
    }
  }

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("ecloud.data-dir", () -> {
      try {
        return Files.createTempDirectory("ecloud-health-").toString();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  org.camunda.bpm.engine.HistoryService history;
  @Autowired
  Inventory inventory;
  @Autowired
  HostHealthStore store;
  @Autowired
  ContainerRuntime runtime;
  @Autowired
  EmbeddedZooKeeper zookeeper;
  @Autowired
  ApplicationEventPublisher events;

  private PrivateDockerEngine engine;
  private CuratorFramework agentSession;
  private CuratorClusterRegistry agentRegistry;
  private Member agent;
  private boolean agentJoined;
  private long hostId;
  private TestRestTemplate admin;

  @BeforeAll
  void hostWithEngineAndAgent() throws Exception {
    admin = rest.withBasicAuth("admin", "health-secret");
    engine = new PrivateDockerEngine().start();
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc-" + RUN, null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw-" + RUN)).id();
    hostId = inventory.hosts.insert(new Host(null, sw, HOST, 2, 4096L, 10L, engine.endpoint(), HostState.READY)).id();
    agentSession = CuratorFrameworkFactory.builder().connectString(zookeeper.connectString()).sessionTimeoutMs(5000)
        .connectionTimeoutMs(5000).retryPolicy(new RetryOneTime(100)).build();
    agentSession.start();
    assertThat(agentSession.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    agentRegistry = new CuratorClusterRegistry(agentSession, "/ecloud");
    agent = new Member(HOST, "agent", "http://127.0.0.1:9100", Instant.now());
    joinAgent();
  }

  /** The agent (re)registers; joining twice would drop and re-create its member, a blip the monitor would see. */
  private void joinAgent() {
    if (!agentJoined) {
      agentRegistry.join(agent);
      agentJoined = true;
    }
  }

  private void agentLeaves() {
    agentRegistry.leave(agent);
    agentJoined = false;
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (agentRegistry != null) {
      agentRegistry.close();
    }
    if (agentSession != null) {
      agentSession.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @BeforeEach
  void startFromAHealthyHost() {
    if (!engine.running()) {
      engine.start();
    }
    joinAgent();
    await().atMost(Duration.ofSeconds(15)).until(() -> "READY".equals(health().get("state")));
  }

  private Map<String, Object> health() {
    ResponseEntity<Map> r = admin.getForEntity("/api/hosts/" + hostId + "/health", Map.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  private HostState state() {
    return inventory.hosts.find(hostId).orElseThrow().state();
  }

  private long epoch() {
    return store.health(hostId).epoch();
  }

  private ResponseEntity<Map> returnToService() {
    return admin.exchange("/api/hosts/" + hostId + "/return-to-service", HttpMethod.POST, HttpEntity.EMPTY, Map.class);
  }

  @Test
  @Order(1)
  void aLostAgentWithAnAnsweringEngine_isSuspect_neverDown_andReadyWhenItIsBack() {
    await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(((Map<?, ?>) health().get("agent")).get("present"))
        && ((Map<?, ?>) health().get("agent")).get("firstSeenAt") != null);
    long epochBefore = epoch();
    int failuresBefore = FAILURES.size();

    agentLeaves(); // the agent's ZooKeeper link is cut; the host and its engine live on
    await().atMost(Duration.ofSeconds(3)).until(() -> state() == HostState.SUSPECT);
    await().during(DOWN_AFTER.multipliedBy(2)).atMost(DOWN_AFTER.multipliedBy(2).plusSeconds(2))
        .until(() -> state() == HostState.SUSPECT);
    assertThat(epoch()).isEqualTo(epochBefore);
    assertThat(FAILURES).hasSize(failuresBefore);
    Map<String, Object> h = health();
    assertThat(((Map<?, ?>) h.get("agent")).get("present")).isEqualTo(false);
    assertThat(((Map<?, ?>) h.get("lastProbe")).get("answered")).isEqualTo(true);
    assertThat((List<Map<String, Object>>) h.get("events")).first()
        .satisfies(e -> assertThat(e).containsEntry("reason", "AGENT_LOST").containsEntry("to", "SUSPECT"));

    joinAgent();
    await().atMost(Duration.ofSeconds(5)).until(() -> state() == HostState.READY);
    assertThat((List<Map<String, Object>>) health().get("events")).first()
        .satisfies(e -> assertThat(e).containsEntry("reason", "RECOVERED"));
  }

  @Test
  @Order(2)
  void aDeadHost_isDownInTime_andWhenItReturns_thePlatformsContainersAreGoneBeforeItServes() throws Exception {
    // a container of the platform on the host, recorded there (as a scale-out leaves it)
    String name = "hh-" + RUN + "-production-web-0";
    long dept = inventory.departments.insert(new Department(null, "dept-" + RUN)).id();
    long owner = inventory.owners.insert(new Owner(null, "owner-" + RUN, "o@example.org", dept)).id();
    long app = inventory.applications.insert(new Application(null, "hh-" + RUN, owner, null)).id();
    long spec = inventory.specs.insert(new Spec(null, "spec-" + RUN, 1, 64L, 1L)).id();
    AppGroup group = inventory.groups.insert(new AppGroup(null, app, 1L, "web", spec, 0, 10));
    inventory.containers.insert(new Container(null, group.id(), hostId, name, "10.211.9.251", null, null, null,
        ContainerState.RUNNING, 1));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ContainerBlueprint.LABEL_APP, "hh-" + RUN);
    labels.put(ContainerBlueprint.LABEL_CONTAINER, name);
    labels.put(ContainerBlueprint.LABEL_GENERATION, "1");
    runtime.run(engine.endpoint(), new ContainerSpec(name, PrivateDockerEngine.IMAGE,
        new ContainerRuntime.Resources(0.1, 32, 1), labels, Map.of(), "none", null, null, List.of(),
        List.of("sleep", "3600")));
    long epochBefore = epoch();
    int failuresBefore = FAILURES.size();

    // the host dies: its agent's session and its engine go
    Instant died = Instant.now();
    agentLeaves();
    engine.stop();
    await().atMost(DOWN_AFTER.plus(INTERVAL).plusSeconds(3)).until(() -> state() == HostState.DOWN);
    Duration took = Duration.between(died, Instant.now());
    // down-after + one probe interval, plus what one probe may take (its timeout) and the round's work
    assertThat(took).isLessThanOrEqualTo(DOWN_AFTER.plus(INTERVAL).plusMillis(1500));
    assertThat(epoch()).isEqualTo(epochBefore + 1);
    await().atMost(Duration.ofSeconds(2)).until(() -> FAILURES.size() == failuresBefore + 1);
    HostFailureDetected failure = FAILURES.get(failuresBefore);
    assertThat(failure.host()).isEqualTo(HOST);
    assertThat(failure.reason()).isEqualTo(HostFailureDetected.Reason.DOWN);
    assertThat(failure.epoch()).isEqualTo(epochBefore + 1);
    assertThat(failure.detail()).contains("engine failed every probe", "agent absent");
    // and fault migration took it up: HostFailureProcess for this host, with the detection's reason
    await().atMost(Duration.ofSeconds(10)).until(() -> history.createHistoricProcessInstanceQuery()
        .processDefinitionKey("HostFailureProcess").processInstanceBusinessKey("host-failure:" + HOST).count() == 1);

    // an operator cannot return it while its engine is silent
    ResponseEntity<Map> refused = returnToService();
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody()).containsEntry("title", "Conflict");
    assertThat((String) refused.getBody().get("detail")).contains("does not answer");

    // the engine comes back, with the container still running on it (live-restore)
    engine.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !engine.runningContainers().contains(name)
        && store.health(hostId).fenced());
    assertThat(engine.cli("ps", "-a", "--format", "{{.Names}}").output()).doesNotContain(name);
    assertThat(state()).as("fenced, but out of service until an operator returns it").isEqualTo(HostState.DOWN);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> state() == HostState.DOWN);
    assertThat((List<Map<String, Object>>) health().get("events")).first().satisfies(e -> assertThat(e)
        .containsEntry("reason", "FENCED").containsEntry("epoch", (int) (epochBefore + 1)));
    assertThat((String) ((List<Map<String, Object>>) health().get("events")).get(0).get("detail"))
        .contains(name + "@1", "declared DOWN");

    joinAgent();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> Boolean.TRUE.equals(((Map<?, ?>) health().get("agent")).get("present")));
    ResponseEntity<Map> back = returnToService();
    assertThat(back.getStatusCode()).as("%s", back.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(back.getBody()).containsEntry("state", "READY").containsEntry("host", HOST);
    assertThat(state()).isEqualTo(HostState.READY);
    List<HostHealthStore.Event> log = store.events(hostId, 10);
    assertThat(log.get(0).reason()).isEqualTo(org.elasticcloud.core.health.HealthReason.RETURNED_TO_SERVICE);
    assertThat(log.get(0).detail()).startsWith("by admin");
    assertThat(log.get(1).reason()).isEqualTo(org.elasticcloud.core.health.HealthReason.FENCED);

    // a READY host is not returned again
    ResponseEntity<Map> again = returnToService();
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat((String) again.getBody().get("detail")).contains("is READY");
  }

  @Test
  @Order(3)
  void anUnhealthyEdacCheck_marksTheHostFaulty_andTheMonitorLeavesItSo() {
    long epochBefore = epoch();
    int failuresBefore = FAILURES.size();
    events.publishEvent(new AgentReportReceived(HOST, HOST, Instant.now(), List.of(
        new HostCondition("smart", true, "all disks PASSED"),
        new HostCondition("edac", false, "mc0: 12 uncorrected errors"))));

    assertThat(state()).isEqualTo(HostState.FAULTY);
    assertThat(epoch()).isEqualTo(epochBefore + 1);
    assertThat(FAILURES).hasSize(failuresBefore + 1);
    HostFailureDetected failure = FAILURES.get(failuresBefore);
    assertThat(failure.reason()).isEqualTo(HostFailureDetected.Reason.FAULTY);
    assertThat(failure.epoch()).isEqualTo(epochBefore + 1);
    assertThat(failure.detail()).isEqualTo("edac: mc0: 12 uncorrected errors");
    assertThat((List<Map<String, Object>>) health().get("events")).first().satisfies(e -> assertThat(e)
        .containsEntry("reason", "HARDWARE_FAULT").containsEntry("to", "FAULTY")
        .containsEntry("detail", "edac: mc0: 12 uncorrected errors"));

    // a second report of the same fault changes nothing
    events.publishEvent(new AgentReportReceived(HOST, HOST, Instant.now(), List.of(
        new HostCondition("edac", false, "mc0: 13 uncorrected errors"))));
    assertThat(FAILURES).hasSize(failuresBefore + 1);
    // healthy agent and engine do not bring a FAULTY host back by themselves
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> state() == HostState.FAULTY);

    ResponseEntity<Map> back = returnToService();
    assertThat(back.getStatusCode()).as("%s", back.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(state()).isEqualTo(HostState.READY);
  }

  @Test
  @Order(4)
  void badRequests_answerProblemDocuments() {
    ResponseEntity<Map> notANumber = admin.getForEntity("/api/hosts/abc/health", Map.class);
    assertThat(notANumber.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(notANumber.getBody()).containsEntry("title", "Invalid request");
    ResponseEntity<Map> missing = admin.getForEntity("/api/hosts/987654321/health", Map.class);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat((String) missing.getBody().get("detail")).contains("host 987654321 does not exist");
    ResponseEntity<Map> returnMissing = admin.exchange("/api/hosts/987654321/return-to-service", HttpMethod.POST,
        HttpEntity.EMPTY, Map.class);
    assertThat(returnMissing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<Map> zero = admin.getForEntity("/api/hosts/0/health", Map.class);
    assertThat(zero.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<Map> anonymous = rest.getForEntity("/api/hosts/" + hostId + "/health", Map.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }
}
