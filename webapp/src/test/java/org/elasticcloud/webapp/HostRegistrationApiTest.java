package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** POST /api/hosts runs RegisterHostProcess on the job executor against a real lab engine. */
class HostRegistrationApiTest extends ApiTestBase {
  @Autowired
  RuntimeService runtime;
  @Autowired
  ManagementService management;

  private long switchId;

  @BeforeEach
  void aSwitch() {
    String suffix = Long.toString(System.nanoTime());
    long dc = idOf(post("/api/datacenters", "{\"name\":\"dc-" + suffix + "\"}"));
    switchId = idOf(post("/api/switches", "{\"datacenterId\":" + dc + ",\"name\":\"sw\"}"));
  }

  private String hostJson(String name, int cores, String endpoint) {
    return "{\"switchId\":" + switchId + ",\"name\":\"" + name + "\",\"cores\":" + cores
        + ",\"memoryMb\":16384,\"diskGb\":200,\"engineEndpoint\":\"" + endpoint + "\"}";
  }

  private Map<String, Object> process(String link) {
    return admin().getForEntity(link, Map.class).getBody();
  }

  @Test
  void aHostWithALiveEngineBecomesReady() {
    ResponseEntity<Map> r = post("/api/hosts", hostJson("live-host", 4, labEngine()));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String link = (String) ((Map<String, Object>) r.getBody().get("links")).get("process");
    assertThat(r.getHeaders().getLocation().getPath()).isEqualTo(link);
    assertThat(r.getBody()).containsEntry("businessKey", "host:live-host");

    await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(process(link).get("state")));
    List<Map<String, Object>> steps = (List<Map<String, Object>>) process(link).get("steps");
    assertThat(steps).extracting(s -> s.get("activityId"))
        .contains("Task_ValidateHost", "Task_RecordHost", "Task_PingEngine", "Task_MarkHostReady", "End_HostReady");
    Map<String, Object> host = admin().getForEntity("/api/hosts/by-name/live-host", Map.class).getBody();
    assertThat(host).containsEntry("state", "READY");

    // the state belongs to the platform: an update cannot change it
    long id = ((Number) host.get("id")).longValue();
    String withState = hostJson("live-host", 8, labEngine()).replace("}", ",\"state\":\"MAINTENANCE\"}");
    assertThat(put("/api/hosts/" + id, withState).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(admin().getForEntity("/api/hosts/" + id, Map.class).getBody())
        .containsEntry("state", "READY").containsEntry("cores", 8);
  }

  @Test
  void anUnreachableEngineKeepsTheHostRegisteringAndRetries() {
    ResponseEntity<Map> r = post("/api/hosts", hostJson("dead-host", 4, "tcp://127.0.0.1:9"));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String pid = (String) r.getBody().get("processInstanceId");

    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Job job = management.createJobQuery().processInstanceId(pid).singleResult();
      return job != null && job.getExceptionMessage() != null && job.getRetries() < 3;
    });
    Job job = management.createJobQuery().processInstanceId(pid).singleResult();
    assertThat(job.getExceptionMessage()).contains("ECP-DOCKER-001");
    Map<String, Object> status = process("/api/processes/" + pid);
    assertThat(status.get("state")).isEqualTo("ACTIVE");
    assertThat((List<String>) status.get("waitingAt")).containsExactly("Task_PingEngine");
    assertThat(admin().getForEntity("/api/hosts/by-name/dead-host", Map.class).getBody())
        .containsEntry("state", "REGISTERING");
    runtime.deleteProcessInstance(pid, "test done");
  }

  @Test
  void badHostDataStartsNoProcess() {
    long before = runtime.createProcessInstanceQuery().processDefinitionKey("RegisterHostProcess").count();
    ResponseEntity<Map> r = post("/api/hosts", hostJson("bad-host", -1, "http://not-an-engine"));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, String>>) r.getBody().get("errors")).extracting(e -> e.get("field"))
        .contains("cores", "engineEndpoint");
    ResponseEntity<Map> noSwitch = post("/api/hosts", hostJson("bad-host", 4, labEngine()).replace(
        "\"switchId\":" + switchId, "\"switchId\":777777"));
    assertThat(noSwitch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("RegisterHostProcess").count()).isEqualTo(before);
  }

  @Test
  void aDuplicateHostNameIsAConflict() {
    post("/api/hosts", hostJson("twin-host", 4, labEngine()));
    await().atMost(Duration.ofSeconds(30)).until(() ->
        admin().getForEntity("/api/hosts/by-name/twin-host", Map.class).getStatusCode() == HttpStatus.OK);
    ResponseEntity<Map> r = post("/api/hosts", hostJson("twin-host", 4, labEngine()));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }
}
