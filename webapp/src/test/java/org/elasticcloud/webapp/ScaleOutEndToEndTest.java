package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.TemplateStore;
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
 * Scale-out end to end on the lab: a group with a registered template (a real grant on MariaDB, a
 * real HAProxy VIP) scales out by 6 over 3 hosts through REST; every new container runs with its
 * own IP, holds the template's grants, read its configuration from the config center, is
 * registered for monitoring and logging, and serves as an UP member behind the VIP; then it scales in by 4, and exactly their grants, VIP members,
 * ports, volumes and containers are gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=so-secret",
        "ecloud.placement.max-share-per-switch=1.0", "ecloud.network.pool=10.211.9.0-10.211.9.60"})
class ScaleOutEndToEndTest {
  private static final int ACCESS_PORT = LabSupport.freePort();
  private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  private static final String SCHEMA = "e2e_" + RUN;
  private static final String DB_USER = "e2e_" + RUN;
  private static final String TEMPLATE_IP = "10.211.9.200";
  private static final String VIP_ADDRESS = "10.211.14.77";

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
  org.elasticcloud.core.port.NetworkPorts ports;
  @Autowired
  org.elasticcloud.core.port.Volumes volumes;
  @Autowired
  org.elasticcloud.core.port.ContainerRuntime runtime;
  @Autowired
  org.elasticcloud.core.port.ObservationRegistry observation;



  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) {
    LabSupport.scalingPlatform(registry, "ecloud-scale-", ACCESS_PORT);
  }

  private static String server() {
    return LabSupport.server();
  }

  private static void sql(String... statements) throws Exception {
    LabSupport.sql(statements);
  }


  @Test
  void aGroupScalesOutBySixOverThreeHostsThenInByFour() throws Exception {
    // the application's database, and the grant an operator gave the template container by hand
    sql("CREATE DATABASE " + SCHEMA, "CREATE USER '" + DB_USER + "'@'" + TEMPLATE_IP + "' IDENTIFIED BY 'app-pass-1'",
        "GRANT SELECT, INSERT ON " + SCHEMA + ".* TO '" + DB_USER + "'@'" + TEMPLATE_IP + "'");
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc-" + RUN, null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw-" + RUN)).id();
    for (int i = 1; i <= 3; i++) {
      inventory.hosts.insert(new Host(null, sw, "d" + i, 2, 8192L, 100L, LabSupport.env("ECLOUD_LAB_DOCKER_" + i), HostState.READY));
    }
    long dept = inventory.departments.insert(new Department(null, "dept-" + RUN)).id();
    long owner = inventory.owners.insert(new Owner(null, "owner-" + RUN, "o@example.org", dept)).id();
    String app = "so" + RUN;
    long appId = inventory.applications.insert(new Application(null, app, owner, null)).id();
    long spec = inventory.specs.insert(new Spec(null, "spec-" + RUN, 1, 64L, 1L)).id();
    AppGroup group = inventory.groups.insert(new AppGroup(null, appId, 1L, "g1", spec, 0, 10));
    TemplateDefinition template = new TemplateDefinition(app + "-production-g1-0", TEMPLATE_IP,
        List.of(new TemplateDefinition.Grant(server(), SCHEMA, DB_USER, "SELECT, INSERT")),
        new TemplateDefinition.Vip("vip-" + RUN, VIP_ADDRESS, 80, 8080, "/health"),
        new TemplateDefinition.Monitoring(List.of("cpu", "memory", "liveness")),
        new TemplateDefinition.Logging(List.of("/var/log/app/*.log"), 7));
    templates.recordPending(group.id(), template, "test", "admin");
    templates.confirm(group.id(), "admin");

    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    TestRestTemplate admin = rest.withBasicAuth("admin", "so-secret");
    assertThat(admin.exchange("/api/config/" + app + "/production/g1", HttpMethod.PUT,
        new HttpEntity<>("{\"properties\":{\"db.schema\":\"" + SCHEMA + "\"}}", json), String.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);

    List<Container> made = List.of();
    try {
      ResponseEntity<Map> started = admin.postForEntity("/api/groups/" + group.id() + "/scale-out",
          new HttpEntity<>("{\"count\":6,\"datacenterId\":" + dc + ",\"image\":\"ecloud/sample-app:1\"}", json), Map.class);
      assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      String link = (String) ((Map<String, Object>) started.getBody().get("links")).get("process");
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> !"ACTIVE".equals(admin.getForEntity(link, Map.class).getBody().get("state")));
      Map<String, Object> status = admin.getForEntity(link, Map.class).getBody();
      assertThat(status.get("state")).as("process %s", status).isEqualTo("COMPLETED");
      assertThat((List<Map<String, Object>>) status.get("steps")).extracting(s -> s.get("activityId"))
          .contains("End_ScaledOut").doesNotContain("End_ContainerFailed");
      Map<String, List<Map<String, Object>>> perContainer = (Map<String, List<Map<String, Object>>>) status.get("containers");
      assertThat(perContainer).hasSize(6).allSatisfy((container, steps) -> assertThat(steps)
          .extracting(s -> s.get("activityId")).contains("Task_AllocateResources", "Task_GrantDatabase", "Task_StartContainer",
              "Task_WaitHealthy", "Task_MountVip", "Task_MarkContainerReady")
          // each container's own steps only (its process's, none of the scale-out's or the lease's), in order
          .doesNotContain("End_ScaledOut", "Task_PlaceContainers").endsWith("End_ContainerReady"));

      made = inventory.containers.findBy("groupId", group.id());
      assertThat(made).hasSize(6).allSatisfy(c -> assertThat(c.state()).isEqualTo(ContainerState.RUNNING));
      assertThat(made.stream().collect(java.util.stream.Collectors.groupingBy(Container::hostId, java.util.stream.Collectors.counting())).values())
          .containsOnly(2L);
      GrantSpec grant = new GrantSpec(server(), SCHEMA, DB_USER, GrantSpec.parsePrivileges("SELECT, INSERT"), null);
      for (Container c : made) {
        assertThat(grants.hasGrant(grant, c.ip())).as("grant for %s", c.ip()).isTrue();
        assertThat(observation.monitoring(c.name()).orElseThrow().metrics()).containsExactly("cpu", "memory", "liveness");
        assertThat(observation.logCollection(c.name()).orElseThrow().retentionDays()).isEqualTo(7);
        assertThat(LabSupport.get("http://" + c.ip() + ":8080/config").body()).contains("db.schema=" + SCHEMA);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> loadBalancer.members("vip-" + RUN).stream()
          .filter(m -> m.state() == LoadBalancer.MemberState.UP).count() == 6);
      HttpResponse<String> viaVip = LabSupport.get("http://" + VIP_ADDRESS + "/health");
      assertThat(viaVip).isNotNull();
      assertThat(viaVip.statusCode()).isEqualTo(200);

      // scale in by 2: their grants, VIP members, ports, volumes and containers go; the third stays as it was
      ResponseEntity<Map> in = admin.postForEntity("/api/groups/" + group.id() + "/scale-in",
          new HttpEntity<>("{\"count\":4,\"datacenterId\":" + dc + "}", json), Map.class);
      assertThat(in.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
      String inLink = (String) ((Map<String, Object>) in.getBody().get("links")).get("process");
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
          .until(() -> !"ACTIVE".equals(admin.getForEntity(inLink, Map.class).getBody().get("state")));
      assertThat(admin.getForEntity(inLink, Map.class).getBody().get("state")).isEqualTo("COMPLETED");
      List<Container> left = inventory.containers.findBy("groupId", group.id());
      assertThat(left).hasSize(2);
      List<Long> keptIds = left.stream().map(Container::id).toList();
      for (Container gone : made) {
        if (keptIds.contains(gone.id())) {
          continue;
        }
        Host h = inventory.hosts.find(gone.hostId()).orElseThrow();
        assertThat(grants.hasGrant(grant, gone.ip())).as("grant of removed %s", gone.ip()).isFalse();
        assertThat(ports.find(gone.name())).isEmpty();
        assertThat(volumes.find(gone.dataVolume())).isEmpty();
        assertThat(volumes.find(gone.logVolume())).isEmpty();
        assertThat(runtime.inspect(h.engineEndpoint(), gone.name())).isEmpty();
        assertThat(observation.monitoring(gone.name())).isEmpty();
        assertThat(observation.logCollection(gone.name())).isEmpty();
      }
      assertThat(loadBalancer.members("vip-" + RUN)).extracting(LoadBalancer.Member::name)
          .containsExactlyInAnyOrderElementsOf(left.stream().map(Container::name).toList());
      for (Container kept : left) {
        assertThat(grants.hasGrant(grant, kept.ip())).isTrue();
        assertThat(observation.monitoring(kept.name())).isPresent();
      }
      assertThat(left.stream().map(Container::hostId).distinct()).hasSize(2);
      assertThat(LabSupport.get("http://" + VIP_ADDRESS + "/health").statusCode()).isEqualTo(200);
    } finally {
      for (Container c : inventory.containers.findBy("groupId", group.id())) {
        Host h = inventory.hosts.find(c.hostId()).orElseThrow();
        provisioner.deprovision(h.name(), c.name());
        observation.forget(c.name());
        grants.revoke(new GrantSpec(server(), SCHEMA, DB_USER, GrantSpec.parsePrivileges("SELECT, INSERT"), null), c.ip());
        inventory.containers.delete(c.id());
      }
      loadBalancer.removeVip("vip-" + RUN);
      sql("DROP USER IF EXISTS '" + DB_USER + "'@'" + TEMPLATE_IP + "'", "DROP DATABASE IF EXISTS " + SCHEMA);
    }
  }
}
