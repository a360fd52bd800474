package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.lab.PrivateDockerEngine;
import org.elasticcloud.core.port.ClusterRegistry.Member;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.delegates.ProcessNames.HostFailure;
import org.elasticcloud.integrations.zookeeper.CuratorClusterRegistry;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A host dies, end to end on the lab: a private Docker engine (d8, on the lab's L2 segment labnet
 * like d1-d3, started without live-restore so that stopping it stops its containers too: nothing of
 * the host serves any more) is a host whose agent is simulated by its member in the cluster registry.
 * A group runs on it (a real grant on MariaDB, a real HAProxy VIP), a file is in one container's data
 * volume. The agent's member goes and the engine stops: within down-after (4 s) and a few probe
 * intervals the host is DOWN, HostFailureProcess runs by itself, and every container that was on it
 * runs on d1-d3 with its IP, MAC and file, an enabled VIP member, its grants untouched; nothing is
 * placed on the dead host. The engine started again is fenced: its stale containers are removed,
 * none of them ever runs again, and the host stays DOWN. Detection and migration times are printed.
 * Run under {@code flock /work/lab.lock}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=stop-secret",
        "ecloud.placement.max-share-per-switch=1.0", "ecloud.placement.max-share-per-host=1.0",
        "ecloud.network.pool=10.211.9.121-10.211.9.180",
        "ecloud.migration.stop-grace=PT2S", "ecloud.hosts.probe-interval=500ms", "ecloud.hosts.probe-timeout=2s",
        "ecloud.hosts.down-after=4s", "ecloud.hosts.recover-after=1s"})
class EngineStopEndToEndTest {
  private static final Duration DOWN_AFTER = Duration.ofSeconds(4);
  private static final int ACCESS_PORT = LabSupport.freePort();
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  private static final String SCHEMA = "stop_" + RUN;
  private static final String DB_USER = "stop_" + RUN;
  private static final String TEMPLATE_IP = "10.211.9.202";
  private static final String VIP_ADDRESS = "10.211.14.79";
  private static final String HOST = "d8-" + RUN;
  private static final String IMAGE = "ecloud/sample-app:1";

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
  ContainerRuntime runtime;
  @Autowired
  ObservationRegistry observation;
  @Autowired
  HistoryService history;
  @Autowired
  EmbeddedZooKeeper zookeeper;

  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) {
    LabSupport.scalingPlatform(registry, "ecloud-enginestop-", ACCESS_PORT);
  }

  private static String exec(String engine, String container, String script) throws Exception {
    Process p = new ProcessBuilder("docker", "-H", engine, "exec", container, "sh", "-c", script)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as("docker exec %s on %s: %s", script, container, out).isZero();
    return out;
  }

  private TestRestTemplate admin() {
    return rest.withBasicAuth("admin", "stop-secret");
  }

  private ResponseEntity<Map> post(String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return admin().exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), Map.class);
  }

  private Map<String, Object> finished(ResponseEntity<Map> started) {
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    String link = (String) ((Map<String, Object>) started.getBody().get("links")).get("process");
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
        .until(() -> !"ACTIVE".equals(admin().getForEntity(link, Map.class).getBody().get("state")));
    return admin().getForEntity(link, Map.class).getBody();
  }

  private Host host(long id) {
    return inventory.hosts.find(id).orElseThrow();
  }

  private List<String> groupContainersOn(PrivateDockerEngine engine, long groupId, boolean all) {
    List<String> args = new ArrayList<>(List.of("ps", "--format", "{{.Names}}", "--filter",
        "label=" + ContainerBlueprint.LABEL_GROUP_ID + "=" + groupId));
    if (all) {
      args.add(1, "-a");
    }
    PrivateDockerEngine.Result r = engine.cli(args.toArray(String[]::new));
    assertThat(r.ok()).as(r.output()).isTrue();
    return r.output().lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void aDeadHostsContainersComeBackElsewhereWithTheirIpMacAndData_andTheReturningEngineIsFenced() throws Exception {
    PrivateDockerEngine engine = new PrivateDockerEngine(8, false).start()
        .joinLabNetwork(LabSupport.env("ECLOUD_LAB_NETWORK"), LabSupport.env("ECLOUD_LAB_SUBNET"),
            LabSupport.env("ECLOUD_LAB_GATEWAY"), "10.211.15.0/24", "lab0")
        .pullImage(LabSupport.env("ECLOUD_LAB_REGISTRY"), IMAGE);
    CuratorFramework agentSession = CuratorFrameworkFactory.builder().connectString(zookeeper.connectString())
        .sessionTimeoutMs(5000).connectionTimeoutMs(5000).retryPolicy(new RetryOneTime(100)).build();
    agentSession.start();
    assertThat(agentSession.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
    CuratorClusterRegistry agentRegistry = new CuratorClusterRegistry(agentSession, "/ecloud");
    Member agent = new Member(HOST, "agent", "http://127.0.0.1:9100", Instant.now());

    LabSupport.sql("CREATE DATABASE " + SCHEMA, "CREATE USER '" + DB_USER + "'@'" + TEMPLATE_IP + "' IDENTIFIED BY 'app-pass-1'",
        "GRANT SELECT, INSERT ON " + SCHEMA + ".* TO '" + DB_USER + "'@'" + TEMPLATE_IP + "'");
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc-" + RUN, null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw-" + RUN)).id();
    // the group goes onto d8 alone first; d1-d3 come into service afterwards, as the targets
    long deadId = inventory.hosts.insert(new Host(null, sw, HOST, 4, 8192L, 100L, engine.endpoint(), HostState.READY)).id();
    List<Long> targets = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      targets.add(inventory.hosts.insert(new Host(null, sw, "d" + i, 2, 8192L, 100L,
          LabSupport.env("ECLOUD_LAB_DOCKER_" + i), HostState.MAINTENANCE)).id());
    }
    agentRegistry.join(agent);
    long dept = inventory.departments.insert(new Department(null, "dept-" + RUN)).id();
    long owner = inventory.owners.insert(new Owner(null, "owner-" + RUN, "o@example.org", dept)).id();
    String app = "st" + RUN;
    long appId = inventory.applications.insert(new Application(null, app, owner, 70)).id();
    long spec = inventory.specs.insert(new Spec(null, "spec-" + RUN, 1, 64L, 1L)).id();
    AppGroup group = inventory.groups.insert(new AppGroup(null, appId, 1L, "g1", spec, 0, 10));
    templates.recordPending(group.id(), new TemplateDefinition(app + "-production-g1-0", TEMPLATE_IP,
        List.of(new TemplateDefinition.Grant(LabSupport.server(), SCHEMA, DB_USER, "SELECT, INSERT")),
        new TemplateDefinition.Vip("vip-" + RUN, VIP_ADDRESS, 80, 8080, "/health"),
        new TemplateDefinition.Monitoring(List.of("cpu", "memory", "liveness")),
        new TemplateDefinition.Logging(List.of("/var/log/app/*.log"), 7)), "test", "admin");
    templates.confirm(group.id(), "admin");
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    assertThat(admin().exchange("/api/config/" + app + "/production/g1", HttpMethod.PUT,
        new HttpEntity<>("{\"properties\":{\"db.schema\":\"" + SCHEMA + "\"}}", json), String.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    GrantSpec grant = new GrantSpec(LabSupport.server(), SCHEMA, DB_USER, GrantSpec.parsePrivileges("SELECT, INSERT"), null);

    try {
      Map<String, Object> scaled = finished(post("/api/groups/" + group.id() + "/scale-out",
          "{\"count\":3,\"datacenterId\":" + dc + ",\"image\":\"" + IMAGE + "\"}"));
      assertThat(scaled.get("state")).as("%s", scaled).isEqualTo("COMPLETED");
      Map<String, Container> was = new HashMap<>();
      inventory.containers.findBy("groupId", group.id()).forEach(c -> was.put(c.name(), c));
      assertThat(was).as("%s", scaled).hasSize(3);
      assertThat(was.values()).allSatisfy(c -> assertThat(c.hostId()).isEqualTo(deadId));
      for (long t : targets) {
        assertThat(inventory.setHostState(t, HostState.READY)).isTrue();
      }
      List<String> grantedBefore = grants.grantedHosts(LabSupport.server(), DB_USER);
      Container witness = was.values().iterator().next();
      exec(engine.endpoint(), witness.name(), "echo written-before-the-host-died-" + RUN + " > /data/proof.txt");
      await().atMost(Duration.ofSeconds(15)).until(() -> host(deadId).state() == HostState.READY);

      // the host dies: its agent's member goes, its engine (and with it every container) stops
      long stopped = System.nanoTime();
      agentRegistry.leave(agent);
      engine.stop();
      long engineGone = System.nanoTime();
      await().atMost(DOWN_AFTER.plusSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> host(deadId).state() == HostState.DOWN);
      long detected = System.nanoTime();
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
        List<HistoricProcessInstance> p = history.createHistoricProcessInstanceQuery()
            .processDefinitionKey(HostFailure.PROCESS_ID).processInstanceBusinessKey(HostFailure.BUSINESS_KEY_PREFIX + HOST)
            .list();
        return !p.isEmpty() && p.get(0).getEndTime() != null;
      });
      long migrated = System.nanoTime();
      HistoricProcessInstance failure = history.createHistoricProcessInstanceQuery()
          .processDefinitionKey(HostFailure.PROCESS_ID).processInstanceBusinessKey(HostFailure.BUSINESS_KEY_PREFIX + HOST)
          .singleResult();
      assertThat(failure.getEndActivityId()).isEqualTo(HostFailure.END_EVACUATED);
      System.out.printf("ENGINE-STOP %d containers: engine stopped in %d ms; DOWN %d ms after the stop began "
          + "(%d ms after the engine was gone; down-after %d s); all moved %d ms after DOWN%n", was.size(),
          ms(engineGone - stopped), ms(detected - stopped), ms(detected - engineGone), DOWN_AFTER.toSeconds(),
          ms(migrated - detected));

      for (Container before : was.values()) {
        Container now = inventory.containers.find(before.id()).orElseThrow();
        Host target = host(now.hostId());
        assertThat(target.id()).as(before.name()).isNotEqualTo(deadId);
        assertThat(targets).contains(target.id());
        assertThat(now.ip()).isEqualTo(before.ip());
        assertThat(now.mac()).isEqualTo(before.mac());
        ContainerRuntime.ContainerStatus running = runtime.inspect(target.engineEndpoint(), before.name()).orElseThrow();
        assertThat(running.running()).isTrue();
        assertThat(running.ip()).isEqualTo(before.ip());
        assertThat(running.mac()).isEqualToIgnoringCase(before.mac());
        assertThat(grants.hasGrant(grant, before.ip())).as("grant of %s", before.ip()).isTrue();
        assertThat(observation.monitoring(before.name()).orElseThrow().hostName()).isEqualTo(target.name());
        HttpResponse<String> direct = LabSupport.get("http://" + before.ip() + ":8080/health");
        assertThat(direct).as("%s answers directly", before.ip()).isNotNull();
        assertThat(direct.statusCode()).isEqualTo(200);
      }
      assertThat(inventory.containers.findBy("hostId", deadId)).as("nothing placed on the dead host").isEmpty();
      Host witnessHost = host(inventory.containers.find(witness.id()).orElseThrow().hostId());
      assertThat(exec(witnessHost.engineEndpoint(), witness.name(), "cat /data/proof.txt"))
          .isEqualTo("written-before-the-host-died-" + RUN);
      await().atMost(Duration.ofSeconds(15)).until(() -> loadBalancer.members("vip-" + RUN).stream()
          .filter(m -> m.state() == LoadBalancer.MemberState.UP).count() == was.size());
      for (LoadBalancer.Member m : loadBalancer.members("vip-" + RUN)) {
        assertThat(m.ip()).isEqualTo(was.get(m.name()).ip());
      }
      HttpResponse<String> viaVip = LabSupport.get("http://" + VIP_ADDRESS + "/health");
      assertThat(viaVip).isNotNull();
      assertThat(viaVip.statusCode()).isEqualTo(200);
      assertThat(grants.grantedHosts(LabSupport.server(), DB_USER)).as("no grant changed").isEqualTo(grantedBefore);

      // the engine comes back: fenced, its stale copies removed, none of them ever running again
      engine.start();
      long back = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        assertThat(groupContainersOn(engine, group.id(), false)).as("a stale copy runs").isEmpty();
        return groupContainersOn(engine, group.id(), true).isEmpty();
      });
      System.out.printf("ENGINE-STOP fencing: stale copies removed %d ms after the engine answered again%n",
          ms(System.nanoTime() - back));
      assertThat(host(deadId).state()).as("a fenced host stays DOWN until an operator returns it")
          .isEqualTo(HostState.DOWN);
      assertThat(inventory.containers.findBy("hostId", deadId)).isEmpty();
    } finally {
      for (Container c : inventory.containers.findBy("groupId", group.id())) {
        for (int i = 1; i <= 3; i++) {
          runtime.remove(LabSupport.env("ECLOUD_LAB_DOCKER_" + i), c.name());
        }
        provisioner.deprovision(host(c.hostId()).name(), c.name());
        observation.forget(c.name());
        grants.revoke(grant, c.ip());
        inventory.containers.delete(c.id());
      }
      loadBalancer.removeVip("vip-" + RUN);
      LabSupport.sql("DROP USER IF EXISTS '" + DB_USER + "'@'" + TEMPLATE_IP + "'", "DROP DATABASE IF EXISTS " + SCHEMA);
      agentRegistry.close();
      agentSession.close();
      if (!engine.running()) {
        engine.start();
      }
      engine.close();
    }
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
