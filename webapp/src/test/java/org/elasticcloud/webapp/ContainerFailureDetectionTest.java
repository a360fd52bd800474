package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
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
import org.elasticcloud.delegates.ProcessNames.ContainerFailure;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Container-failure detection through the real ingestion path ({@code POST /api/metrics/reports}):
 * a container recorded RUNNING on a READY host that its agent reports not alive for the default
 * 20 s (points 10 s apart, by the agent's clock) starts ContainerFailureProcess once however many
 * dead reports follow; a live report before the 20 s starts nothing; a container of a DOWN host
 * (host-failure detection's matter) and one being migrated never start it.
 */
class ContainerFailureDetectionTest extends ApiTestBase {
  @Autowired
  Inventory inventory;
  @Autowired
  HistoryService history;

  private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

  private Host host(HostState state) {
    String n = "cf" + run + state.name().toLowerCase();
    long dc = inventory.datacenters.insert(new Datacenter(null, n, null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, n)).id();
    return inventory.hosts.insert(new Host(null, sw, n, 4, 8192L, 100L, "unix:///nonexistent/ecloud/" + n + ".sock",
        state));
  }

  private Container container(Host h, String suffix, ContainerState state) {
    long dept = inventory.departments.insert(new Department(null, "cf-d-" + run + suffix)).id();
    long owner = inventory.owners.insert(new Owner(null, "cf-o-" + run + suffix, "o@example.org", dept)).id();
    Application app = inventory.applications.insert(new Application(null, "cf" + run + suffix, owner, null));
    long spec = inventory.specs.insert(new Spec(null, "cf-s-" + run + suffix, 1, 64L, 1L)).id();
    AppGroup g = inventory.groups.insert(new AppGroup(null, app.id(), 1L, "web", spec, 0, 5));
    return inventory.containers.insert(new Container(null, g.id(), h.id(), app.name() + "-prod-web-1", null,
        null, null, null, state, 0));
  }

  private void report(Host h, Container c, Instant at, boolean alive) {
    String point = "{\"at\":\"" + at + "\",\"subject\":{\"kind\":\"CONTAINER\",\"name\":\"" + c.name() + "\",\"host\":\""
        + h.name() + "\",\"application\":\"x\",\"environment\":\"prod\",\"group\":\"web\"},\"metric\":\"liveness\","
        + "\"value\":" + (alive ? 1 : 0) + "}";
    ResponseEntity<Map> r = post("/api/metrics/reports", "{\"agent\":\"" + h.name() + "\",\"host\":\"" + h.name()
        + "\",\"sentAt\":\"" + Instant.now() + "\",\"points\":[" + point + "],\"conditions\":[]}");
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
  }

  private List<HistoricProcessInstance> recoveries(Container c) {
    return history.createHistoricProcessInstanceQuery().processDefinitionKey(ContainerFailure.PROCESS_ID)
        .processInstanceBusinessKey(ContainerFailure.BUSINESS_KEY_PREFIX + c.name()).list();
  }

  @Test
  void aRunningContainerReportedDeadFor20sIsRecoveredOnce() {
    Host h = host(HostState.READY);
    Container c = container(h, "a", ContainerState.RUNNING);
    Instant t = Instant.now().minusSeconds(120);
    report(h, c, t, false);
    report(h, c, t.plusSeconds(10), false);
    assertThat(recoveries(c)).as("10 s dead is not enough").isEmpty();
    report(h, c, t.plusSeconds(15), true);
    report(h, c, t.plusSeconds(25), false);
    report(h, c, t.plusSeconds(35), false);
    assertThat(recoveries(c)).as("the live round started the count again").isEmpty();

    report(h, c, t.plusSeconds(45), false);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recoveries(c)).hasSize(1));
    for (int i = 5; i < 9; i++) {
      report(h, c, t.plusSeconds(10L * i + 5), false);
    }
    assertThat(recoveries(c)).as("once per failure").hasSize(1);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(recoveries(c).get(0).getId())
        .variableName(MigrationVars.DETAIL).singleResult().getValue().toString())
        .contains(h.name()).contains("rounds");
  }

  @Test
  void containersOfADownHostOrBeingMigratedAreLeftAlone() {
    Host down = host(HostState.DOWN);
    Container onDown = container(down, "b", ContainerState.RUNNING);
    Host ready = host(HostState.READY);
    Container migrating = container(ready, "c", ContainerState.MIGRATING);
    Instant t = Instant.now().minusSeconds(120);
    List<Container> both = new ArrayList<>(List.of(onDown, migrating));
    for (int i = 0; i < 6; i++) {
      report(down, onDown, t.plusSeconds(10L * i), false);
      report(ready, migrating, t.plusSeconds(10L * i), false);
    }
    // control: the same reports for a RUNNING container of the READY host do start a recovery
    Container running = container(ready, "d", ContainerState.RUNNING);
    for (int i = 0; i < 3; i++) {
      report(ready, running, t.plusSeconds(10L * i), false);
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recoveries(running)).hasSize(1));
    for (Container c : both) {
      assertThat(recoveries(c)).as(c.name()).isEmpty();
    }
  }
}
