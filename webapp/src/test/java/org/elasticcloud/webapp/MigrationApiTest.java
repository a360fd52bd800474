package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
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
import org.elasticcloud.delegates.ProcessNames.DrainHost;
import org.elasticcloud.delegates.ProcessNames.HostFailure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The fault-migration API on the embedded defaults: unknown hosts and containers are 404, a host in
 * the wrong state 409, bad input 400, each with a problem document and nothing started; a drain waits
 * for approval and is answered again while it runs; an evacuation fences the host and ends when it
 * holds nothing; undrain returns a host in maintenance to service.
 */
class MigrationApiTest extends ApiTestBase {
  @Autowired
  Inventory inventory;
  @Autowired
  RuntimeService runtime;
  @Autowired
  TaskService tasks;
  @Autowired
  HistoryService history;

  private long switchId() {
    String n = "mig-" + System.nanoTime() % 1_000_000_000;
    long dc = inventory.datacenters.insert(new Datacenter(null, n, null)).id();
    return inventory.switches.insert(new NetworkSwitch(null, dc, n)).id();
  }

  private Host host(HostState state) {
    return inventory.hosts.insert(new Host(null, switchId(), "mh" + System.nanoTime() % 1_000_000_000, 4, 8192L, 100L,
        "unix:///nonexistent/ecloud/mig.sock", state));
  }

  private long processes() {
    return runtime.createProcessInstanceQuery().count() + history.createHistoricProcessInstanceQuery().count();
  }

  private static List<String> fields(ResponseEntity<Map> r) {
    return ((List<Map<String, String>>) r.getBody().get("errors")).stream().map(e -> e.get("field")).toList();
  }

  private static void problem(ResponseEntity<Map> r, HttpStatus status) {
    assertThat(r.getStatusCode()).isEqualTo(status);
    assertThat(r.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
    assertThat(r.getBody().get("detail")).isNotNull();
  }

  @Test
  void badRequestsAnswer4xxAndStartNothing() {
    long before = processes();
    problem(post("/api/hosts/987654/drain", ""), HttpStatus.NOT_FOUND);
    problem(post("/api/hosts/987654/undrain", ""), HttpStatus.NOT_FOUND);
    problem(post("/api/hosts/987654/evacuate", "{}"), HttpStatus.NOT_FOUND);
    problem(post("/api/containers/no-such-container-1/recover", "{}"), HttpStatus.NOT_FOUND);
    problem(post("/api/hosts/abc/drain", ""), HttpStatus.BAD_REQUEST);

    Host maintenance = host(HostState.MAINTENANCE);
    ResponseEntity<Map> drainAgain = post("/api/hosts/" + maintenance.id() + "/drain", "");
    problem(drainAgain, HttpStatus.CONFLICT);
    assertThat((String) drainAgain.getBody().get("detail")).contains("MAINTENANCE already");
    Host faulty = host(HostState.FAULTY);
    assertThat((String) post("/api/hosts/" + faulty.id() + "/drain", "").getBody().get("detail")).contains("evacuate");
    problem(post("/api/hosts/" + faulty.id() + "/undrain", ""), HttpStatus.CONFLICT);
    problem(post("/api/hosts/" + host(HostState.REGISTERING).id() + "/evacuate", "{}"), HttpStatus.CONFLICT);

    ResponseEntity<Map> badReason = post("/api/hosts/" + faulty.id() + "/evacuate",
        "{\"reason\":\"BROKEN\",\"detail\":\"" + "x".repeat(501) + "\"}");
    problem(badReason, HttpStatus.BAD_REQUEST);
    assertThat(fields(badReason)).containsExactlyInAnyOrder("reason", "detail");

    long dept = inventory.departments.insert(new Department(null, "mig-d-" + System.nanoTime() % 1_000_000)).id();
    long owner = inventory.owners.insert(new Owner(null, "mig-o-" + System.nanoTime() % 1_000_000, "o@example.org", dept)).id();
    long app = inventory.applications.insert(new Application(null, "mig" + System.nanoTime() % 1_000_000, owner, null)).id();
    long spec = inventory.specs.insert(new Spec(null, "mig-s-" + System.nanoTime() % 1_000_000, 1, 64L, 1L)).id();
    AppGroup g = inventory.groups.insert(new AppGroup(null, app, 1L, "g", spec, 0, 5));
    Container nowhere = inventory.containers.insert(new Container(null, g.id(), null, "mig-nowhere-" + System.nanoTime() % 1000,
        null, null, null, null, ContainerState.FAILED, 0));
    problem(post("/api/containers/" + nowhere.name() + "/recover", "{}"), HttpStatus.CONFLICT);

    assertThat(processes()).as("nothing started").isEqualTo(before);
  }

  @Test
  void aDrainWaitsForApproval_isAnsweredAgainWhileItRuns_andARejectionChangesNothing() {
    Host h = host(HostState.READY);
    ResponseEntity<Map> started = post("/api/hosts/" + h.id() + "/drain", "");
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String id = (String) started.getBody().get("processInstanceId");
    assertThat(started.getHeaders().getLocation().toString()).isEqualTo("/api/processes/" + id);
    assertThat(started.getBody()).containsEntry("businessKey", DrainHost.BUSINESS_KEY_PREFIX + h.name())
        .containsEntry("alreadyRunning", false);

    ResponseEntity<Map> again = post("/api/hosts/" + h.id() + "/drain", "");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(again.getBody()).containsEntry("processInstanceId", id).containsEntry("alreadyRunning", true);

    var approval = tasks.createTaskQuery().processInstanceId(id).singleResult();
    assertThat(approval.getTaskDefinitionKey()).isEqualTo(DrainHost.TASK_APPROVE);
    tasks.complete(approval.getId(), Map.of("approved", false));
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getEndActivityId())
        .isEqualTo(DrainHost.END_REJECTED);
    assertThat(inventory.hosts.find(h.id()).orElseThrow().state()).isEqualTo(HostState.READY);
  }

  @Test
  void aRunningDrainIsAbortedOverRest_andAbortingItAgainOrAnUnknownProcessIsAClientError() {
    Host h = host(HostState.READY);
    String id = (String) post("/api/hosts/" + h.id() + "/drain", "").getBody().get("processInstanceId");

    ResponseEntity<Map> cancelled = post("/api/processes/" + id + "/cancel", "{\"reason\":\"maintenance postponed\"}");
    assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(cancelled.getBody()).containsEntry("state", "EXTERNALLY_TERMINATED")
        .containsEntry("reason", "maintenance postponed");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getDeleteReason())
        .isEqualTo("maintenance postponed");
    assertThat(tasks.createTaskQuery().processInstanceId(id).count()).as("the approval task went with it").isZero();
    assertThat(inventory.hosts.find(h.id()).orElseThrow().state()).isEqualTo(HostState.READY);

    problem(post("/api/processes/" + id + "/cancel", ""), HttpStatus.CONFLICT);
    problem(post("/api/processes/no-such-process/cancel", ""), HttpStatus.NOT_FOUND);
    String another = (String) post("/api/hosts/" + host(HostState.READY).id() + "/drain", "").getBody()
        .get("processInstanceId");
    problem(post("/api/processes/" + another + "/cancel", "{\"reason\":\"" + "x".repeat(501) + "\"}"),
        HttpStatus.BAD_REQUEST);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(another).count()).as("still running").isOne();
    assertThat(anonymous.postForEntity("/api/processes/" + another + "/cancel", null, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void anEmptyHostEvacuatedByHandIsFencedFaulty_andUndrainReturnsAHostInMaintenanceToService() {
    Host h = host(HostState.READY);
    ResponseEntity<Map> started = post("/api/hosts/" + h.id() + "/evacuate", "{\"detail\":\"fan failure\"}");
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String id = (String) started.getBody().get("processInstanceId");
    assertThat(started.getBody()).containsEntry("businessKey", HostFailure.BUSINESS_KEY_PREFIX + h.name());
    await().atMost(Duration.ofSeconds(30)).until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(id)
        .finished().count() == 1);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult().getEndActivityId())
        .isEqualTo(HostFailure.END_EVACUATED);
    assertThat(inventory.hosts.find(h.id()).orElseThrow().state()).isEqualTo(HostState.FAULTY);

    Host drained = host(HostState.MAINTENANCE);
    ResponseEntity<Map> back = post("/api/hosts/" + drained.id() + "/undrain", "");
    assertThat(back.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(back.getBody()).containsEntry("state", "READY");
    assertThat(inventory.hosts.find(drained.id()).orElseThrow().state()).isEqualTo(HostState.READY);
  }
}
