package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
import org.elasticcloud.db.Inventory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** GET /api/containers (by group, by host, paged) and /api/containers/{name}; bad input is a 4xx. */
class ContainerApiTest extends ApiTestBase {
  @Autowired
  Inventory inventory;

  private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

  @Test
  void containersAreListedByGroupAndHost_andFoundByName() {
    long dc = inventory.datacenters.insert(new Datacenter(null, "ca" + run, null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "ca" + run)).id();
    Host h1 = inventory.hosts.insert(new Host(null, sw, "ca1" + run, 4, 8192L, 100L, "unix:///x/1.sock", HostState.READY));
    Host h2 = inventory.hosts.insert(new Host(null, sw, "ca2" + run, 4, 8192L, 100L, "unix:///x/2.sock", HostState.READY));
    long dept = inventory.departments.insert(new Department(null, "ca" + run)).id();
    long owner = inventory.owners.insert(new Owner(null, "ca" + run, "o@example.org", dept)).id();
    Application app = inventory.applications.insert(new Application(null, "ca" + run, owner, null));
    long spec = inventory.specs.insert(new Spec(null, "ca" + run, 1, 64L, 1L)).id();
    AppGroup g = inventory.groups.insert(new AppGroup(null, app.id(), 1L, "web", spec, 0, 5));
    AppGroup other = inventory.groups.insert(new AppGroup(null, app.id(), 1L, "api", spec, 0, 5));
    Container a = inventory.containers.insert(new Container(null, g.id(), h1.id(), app.name() + "-a", "10.0.0.1",
        "02:00:00:00:00:01", null, null, ContainerState.RUNNING, 0));
    Container b = inventory.containers.insert(new Container(null, g.id(), h2.id(), app.name() + "-b", "10.0.0.2",
        "02:00:00:00:00:02", null, null, ContainerState.RUNNING, 1));
    Container c = inventory.containers.insert(new Container(null, other.id(), h1.id(), app.name() + "-c", "10.0.0.3",
        "02:00:00:00:00:03", null, null, ContainerState.RUNNING, 0));

    assertThat(names("/api/containers?groupId=" + g.id())).containsExactly(a.name(), b.name());
    assertThat(names("/api/containers?hostId=" + h1.id())).containsExactly(a.name(), c.name());
    assertThat(names("/api/containers?groupId=" + g.id() + "&hostId=" + h1.id())).containsExactly(a.name());
    assertThat(names("/api/containers?groupId=" + g.id() + "&afterId=" + a.id() + "&limit=1")).containsExactly(b.name());

    ResponseEntity<Map> one = admin().getForEntity("/api/containers/" + b.name(), Map.class);
    assertThat(one.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(one.getBody()).containsEntry("ip", "10.0.0.2").containsEntry("mac", "02:00:00:00:00:02")
        .containsEntry("generation", 1).containsEntry("state", "RUNNING");
    assertThat(((Number) one.getBody().get("hostId")).longValue()).isEqualTo(h2.id());
  }

  @Test
  void unknownNamesAndBadLimitsAreClientErrors_andAnonymousCallersAreRefused() {
    ResponseEntity<Map> missing = admin().getForEntity("/api/containers/no-such-" + run, Map.class);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat((String) missing.getBody().get("detail")).contains("no-such-" + run);
    assertThat(admin().getForEntity("/api/containers?limit=0", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(admin().getForEntity("/api/containers?groupId=abc", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(anonymous.getForEntity("/api/containers", Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private List<String> names(String path) {
    ResponseEntity<List> r = admin().getForEntity(path, List.class);
    assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return ((List<Map<String, Object>>) r.getBody()).stream().map(m -> (String) m.get("name")).toList();
  }
}
