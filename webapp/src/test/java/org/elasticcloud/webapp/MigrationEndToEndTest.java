package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
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
import org.elasticcloud.delegates.ProcessNames.DrainHost;
import org.elasticcloud.delegates.ProcessNames.HostFailure;
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
 * Fault migration end to end on the lab: a group scaled out over 3 hosts (a real grant on MariaDB, a
 * real HAProxy VIP), a file written into one container's data volume; its host is drained through
 * REST and an operator's approval, and every container that was there runs on another engine with
 * the same IP and MAC and the next generation, its file still there, answering directly and through
 * the VIP, monitored on its new host, its grants untouched; nothing is left on or placed on the
 * drained host. Undrained, the host takes containers again: a second host whose agent reports a
 * hardware fault (an EDAC condition through the agents' report path) is marked FAULTY and evacuated
 * by itself, its containers moving the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=so-secret",
        "ecloud.placement.max-share-per-switch=1.0", "ecloud.network.pool=10.211.9.61-10.211.9.120",
        "ecloud.migration.stop-grace=PT2S"})
class MigrationEndToEndTest {
  private static final int ACCESS_PORT = LabSupport.freePort();
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  private static final String SCHEMA = "mig_" + RUN;
  private static final String DB_USER = "mig_" + RUN;
  private static final String TEMPLATE_IP = "10.211.9.201";
  private static final String VIP_ADDRESS = "10.211.14.78";

  @Autowired
  HistoryService history;
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
  TaskService tasks;

  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) {
    LabSupport.scalingPlatform(registry, "ecloud-migrate-", ACCESS_PORT);
  }

  /** Runs a command in a container through the docker client (the port has no exec); returns its output. */
  private static String exec(String engine, String container, String script) throws Exception {
    Process p = new ProcessBuilder("docker", "-H", engine, "exec", container, "sh", "-c", script)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as("docker exec %s on %s: %s", script, container, out).isZero();
    return out;
  }

  private TestRestTemplate admin() {
    return rest.withBasicAuth("admin", "so-secret");
  }

  private ResponseEntity<Map> post(String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return admin().exchange(path, HttpMethod.POST, new HttpEntity<>(json, headers), Map.class);
  }

  /** Waits until the process of a 202 answer ends, and returns its status document. */
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

  /**
   * Every container that was on {@code source} runs on another READY host with its IP, MAC, VIP
   * membership, monitoring and grants, one generation on; none is left on the source.
   */
  private void assertMovedOff(Host source, Map<String, Container> was, GrantSpec grant) {
    for (Container before : was.values()) {
      Container now = inventory.containers.find(before.id()).orElseThrow();
      if (!before.hostId().equals(source.id())) {
        continue;
      }
      Host target = host(now.hostId());
      assertThat(target.id()).as(before.name()).isNotEqualTo(source.id());
      assertThat(target.state()).isEqualTo(HostState.READY);
      assertThat(now.ip()).isEqualTo(before.ip());
      assertThat(now.mac()).isEqualTo(before.mac());
      int generation = before.generation() + 1;
      assertThat(now.generation()).isEqualTo(generation);
      ContainerRuntime.ContainerStatus running = runtime.inspect(target.engineEndpoint(), before.name()).orElseThrow();
      assertThat(running.running()).isTrue();
      assertThat(running.ip()).isEqualTo(before.ip());
      assertThat(running.mac()).isEqualToIgnoringCase(before.mac());
      assertThat(running.labels()).containsEntry(ContainerBlueprint.LABEL_GENERATION, Integer.toString(generation));
      assertThat(grants.hasGrant(grant, before.ip())).as("grant of %s", before.ip()).isTrue();
      assertThat(observation.monitoring(before.name()).orElseThrow().hostName()).isEqualTo(target.name());
      assertThat(observation.logCollection(before.name()).orElseThrow().hostName()).isEqualTo(target.name());
      HttpResponse<String> direct = LabSupport.get("http://" + before.ip() + ":8080/health");
      assertThat(direct).isNotNull();
      assertThat(direct.statusCode()).isEqualTo(200);
    }
    assertThat(inventory.containers.findBy("hostId", source.id())).isEmpty();
    assertThat(runtime.list(source.engineEndpoint(), Map.of(ContainerBlueprint.LABEL_GROUP_ID,
        Long.toString(was.values().iterator().next().groupId())))).as("left on the source").isEmpty();
    await().atMost(Duration.ofSeconds(15)).until(() -> loadBalancer.members("vip-" + RUN).stream()
        .filter(m -> m.state() == LoadBalancer.MemberState.UP).count() == was.size());
    for (LoadBalancer.Member m : loadBalancer.members("vip-" + RUN)) {
      assertThat(m.ip()).isEqualTo(was.get(m.name()).ip());
    }
    HttpResponse<String> viaVip = LabSupport.get("http://" + VIP_ADDRESS + "/health");
    assertThat(viaVip).isNotNull();
    assertThat(viaVip.statusCode()).isEqualTo(200);
  }

  @Test
  void aDrainedHostsContainersRunElsewhereWithTheirIpMacAndData_thenAFaultyHostIsEvacuatedTheSameWay() throws Exception {
    LabSupport.sql("CREATE DATABASE " + SCHEMA, "CREATE USER '" + DB_USER + "'@'" + TEMPLATE_IP + "' IDENTIFIED BY 'app-pass-1'",
        "GRANT SELECT, INSERT ON " + SCHEMA + ".* TO '" + DB_USER + "'@'" + TEMPLATE_IP + "'");
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc-" + RUN, null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw-" + RUN)).id();
    for (int i = 1; i <= 3; i++) {
      inventory.hosts.insert(new Host(null, sw, "d" + i, 2, 8192L, 100L, LabSupport.env("ECLOUD_LAB_DOCKER_" + i),
          HostState.READY));
    }
    long dept = inventory.departments.insert(new Department(null, "dept-" + RUN)).id();
    long owner = inventory.owners.insert(new Owner(null, "owner-" + RUN, "o@example.org", dept)).id();
    String app = "mg" + RUN;
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
          "{\"count\":4,\"datacenterId\":" + dc + ",\"image\":\"ecloud/sample-app:1\"}"));
      assertThat(scaled.get("state")).as("%s", scaled).isEqualTo("COMPLETED");
      Map<String, Container> was = new HashMap<>();
      inventory.containers.findBy("groupId", group.id()).forEach(c -> was.put(c.name(), c));
      assertThat(was).hasSize(4);
      List<String> grantedBefore = grants.grantedHosts(LabSupport.server(), DB_USER);

      // the host holding the most of the group; a file in one of its containers' data volume
      long sourceId = was.values().stream().collect(Collectors.groupingBy(Container::hostId, Collectors.counting()))
          .entrySet().stream().max(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
          .orElseThrow().getKey();
      Host source = host(sourceId);
      Container witness = was.values().stream().filter(c -> c.hostId() == sourceId).findFirst().orElseThrow();
      exec(source.engineEndpoint(), witness.name(), "echo written-before-the-drain-" + RUN + " > /data/proof.txt");

      // drain: approved by an operator in Tasklist
      ResponseEntity<Map> drain = post("/api/hosts/" + sourceId + "/drain", "");
      assertThat(drain.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      String drainId = (String) drain.getBody().get("processInstanceId");
      await().atMost(Duration.ofSeconds(10)).until(() -> tasks.createTaskQuery().processInstanceId(drainId).count() == 1);
      var approval = tasks.createTaskQuery().processInstanceId(drainId).singleResult();
      assertThat(approval.getTaskDefinitionKey()).isEqualTo(DrainHost.TASK_APPROVE);
      tasks.complete(approval.getId(), Map.of("approved", true));
      Map<String, Object> drained = finished(drain);
      assertThat(drained.get("state")).as("%s", drained).isEqualTo("COMPLETED");
      assertThat((List<Map<String, Object>>) drained.get("steps")).extracting(s -> s.get("activityId"))
          .contains(DrainHost.END_DRAINED);
      assertThat(host(sourceId).state()).isEqualTo(HostState.MAINTENANCE);

      assertMovedOff(source, was, grant);
      Host witnessHost = host(inventory.containers.find(witness.id()).orElseThrow().hostId());
      assertThat(exec(witnessHost.engineEndpoint(), witness.name(), "cat /data/proof.txt"))
          .isEqualTo("written-before-the-drain-" + RUN);
      assertThat(grants.grantedHosts(LabSupport.server(), DB_USER)).as("no grant changed").isEqualTo(grantedBefore);

      // back in service; then another host's agent reports a hardware fault: detection marks it
      // FAULTY and starts HostFailureProcess by itself, which evacuates it the same way
      assertThat(post("/api/hosts/" + sourceId + "/undrain", "").getStatusCode()).isEqualTo(HttpStatus.OK);
      Map<String, Container> now = new HashMap<>();
      inventory.containers.findBy("groupId", group.id()).forEach(c -> now.put(c.name(), c));
      long faultyId = now.values().stream().filter(c -> c.hostId() != sourceId).findFirst().orElseThrow().hostId();
      Host faulty = host(faultyId);
      ResponseEntity<Map> report = post("/api/metrics/reports", "{\"agent\":\"" + faulty.name() + "\",\"host\":\""
          + faulty.name() + "\",\"sentAt\":\"" + Instant.now() + "\",\"points\":[],\"conditions\":[{\"check\":\"edac\","
          + "\"healthy\":false,\"detail\":\"mc0: corrected errors rose from 0 to 12 (end-to-end test)\"}]}");
      assertThat(report.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
        List<HistoricProcessInstance> p = history.createHistoricProcessInstanceQuery()
            .processDefinitionKey(HostFailure.PROCESS_ID).processInstanceBusinessKey(HostFailure.BUSINESS_KEY_PREFIX
                + faulty.name()).list();
        return p.size() == 1 && p.get(0).getEndTime() != null;
      });
      HistoricProcessInstance evacuated = history.createHistoricProcessInstanceQuery()
          .processDefinitionKey(HostFailure.PROCESS_ID)
          .processInstanceBusinessKey(HostFailure.BUSINESS_KEY_PREFIX + faulty.name()).singleResult();
      assertThat(evacuated.getEndActivityId()).isEqualTo(HostFailure.END_EVACUATED);
      assertThat(host(faultyId).state()).isEqualTo(HostState.FAULTY);
      assertMovedOff(faulty, now, grant);
      assertThat(grants.grantedHosts(LabSupport.server(), DB_USER)).isEqualTo(grantedBefore);
    } finally {
      for (Container c : inventory.containers.findBy("groupId", group.id())) {
        for (int i = 1; i <= 3; i++) {
          runtime.remove(LabSupport.env("ECLOUD_LAB_DOCKER_" + i), c.name());
        }
        Host h = host(c.hostId());
        provisioner.deprovision(h.name(), c.name());
        observation.forget(c.name());
        grants.revoke(grant, c.ip());
        inventory.containers.delete(c.id());
      }
      loadBalancer.removeVip("vip-" + RUN);
      LabSupport.sql("DROP USER IF EXISTS '" + DB_USER + "'@'" + TEMPLATE_IP + "'", "DROP DATABASE IF EXISTS " + SCHEMA);
    }
  }
}
