package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.NetworkPorts.PortLease;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.webapp.config.EcloudProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real container of the sample application, made through the ports (address from the IPAM,
 * data and log volumes, the runtime on a lab host), reads its group's configuration from the
 * platform's config center at start, over the containers' listener on the lab's shim address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=e2e-secret"})
class ContainerConfigEndToEndTest {
  private static final int ACCESS_PORT = LabSupport.freePort();

  @Autowired
  TestRestTemplate rest;
  @Autowired
  Inventory inventory;
  @Autowired
  NetworkPorts ports;
  @Autowired
  Volumes volumes;
  @Autowired
  ContainerRuntime runtime;
  @Autowired
  EcloudProperties props;



  @DynamicPropertySource
  static void lab(DynamicPropertyRegistry registry) throws IOException {
    Path data = Files.createTempDirectory("ecloud-e2e-");
    registry.add("ecloud.data-dir", data::toString);
    registry.add("ecloud.container-access.address", () -> LabSupport.env("ECLOUD_LAB_SHIM_IP"));
    registry.add("ecloud.container-access.port", () -> ACCESS_PORT);
    registry.add("ecloud.network.docker-network", () -> LabSupport.env("ECLOUD_LAB_NETWORK"));
    registry.add("ecloud.network.pool", () -> "10.211.11.0-10.211.11.50");
  }


  @Test
  void aContainerMadeThroughThePortsReadsItsConfigurationAtStart() {
    String app = "e2e" + UUID.randomUUID().toString().substring(0, 6);
    long dept = inventory.departments.insert(new Department(null, app + "-d")).id();
    long owner = inventory.owners.insert(new Owner(null, app + "-o", "o@example.org", dept)).id();
    long appId = inventory.applications.insert(new Application(null, app, owner, null)).id();
    Spec spec = inventory.specs.insert(new Spec(null, app + "-s", 1, 64L, 1L));
    long prod = inventory.environments.findOneBy("name", "production").orElseThrow().id();
    AppGroup group = inventory.groups.insert(new AppGroup(null, appId, prod, "g1", spec.id(), 1, 5));

    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    assertThat(rest.withBasicAuth("admin", "e2e-secret").exchange("/api/config/" + app + "/production/g1",
        org.springframework.http.HttpMethod.PUT, new HttpEntity<>("{\"properties\":{\"greeting\":\"hello from the config center\"}}",
            headers), String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);

    String name = ContainerBlueprint.name(app, "production", "g1", 1);
    String host = LabSupport.env("ECLOUD_LAB_DOCKER_1");
    PortLease lease = ports.allocate(name, "d1");
    volumes.create(ContainerBlueprint.dataVolume(name), 1);
    volumes.create(ContainerBlueprint.logVolume(name), 1);
    Container record = inventory.containers.insert(new Container(null, group.id(), null, name, lease.ip(), lease.mac(),
        ContainerBlueprint.dataVolume(name), ContainerBlueprint.logVolume(name), ContainerState.CREATING, 0));
    try {
      // the volumes root of this application is not known to the lab engines' hosts by name: bind by hand
      String data = bindOn("d1", ContainerBlueprint.dataVolume(name));
      String log = bindOn("d1", ContainerBlueprint.logVolume(name));
      ContainerSpec containerSpec = ContainerBlueprint.spec(app, "production", "g1", group.id(), name, 0, spec,
          "ecloud/sample-app:1", props.network().dockerNetwork(), lease.ip(), lease.mac(), data, log,
          props.containerAccess().configUrl(app, "production", "g1"));
      runtime.run(host, containerSpec);

      await().atMost(Duration.ofSeconds(20)).until(() -> {
        HttpResponse<String> r = LabSupport.get("http://" + lease.ip() + ":8080/health");
        return r != null && r.statusCode() == 200;
      });
      assertThat(LabSupport.get("http://" + lease.ip() + ":8080/config").body()).contains("greeting=hello from the config center");

      // the containers' listener serves nothing but configuration
      HttpResponse<String> other = LabSupport.get("http://" + LabSupport.env("ECLOUD_LAB_SHIM_IP") + ":" + ACCESS_PORT + "/api/hosts");
      assertThat(other.statusCode()).isEqualTo(404);
    } finally {
      runtime.remove(host, name);
      volumes.detach(ContainerBlueprint.dataVolume(name), "d1");
      volumes.detach(ContainerBlueprint.logVolume(name), "d1");
      volumes.delete(ContainerBlueprint.dataVolume(name));
      volumes.delete(ContainerBlueprint.logVolume(name));
      ports.release(name);
      inventory.containers.delete(record.id());
    }
  }

  /** The local volume adapter finds a host's engine through the inventory: record lab host d1 once. */
  private String bindOn(String hostName, String volume) {
    if (inventory.hosts.findOneBy("name", hostName).isEmpty()) {
      long dc = inventory.datacenters.insert(new org.elasticcloud.core.inventory.Datacenter(null, "e2e-dc", null)).id();
      long sw = inventory.switches.insert(new org.elasticcloud.core.inventory.NetworkSwitch(null, dc, "e2e-sw")).id();
      inventory.hosts.insert(new org.elasticcloud.core.inventory.Host(null, sw, hostName, 2, 8192L, 100L,
          LabSupport.env("ECLOUD_LAB_DOCKER_1"), org.elasticcloud.core.inventory.HostState.READY));
    }
    return volumes.attach(volume, hostName);
  }
}
