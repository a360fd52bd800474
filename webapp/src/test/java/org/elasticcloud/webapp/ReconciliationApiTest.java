package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The reconciliation API on the embedded defaults: start a run, follow it, read its report. */
class ReconciliationApiTest extends ApiTestBase {
  @Autowired
  ManagementService management;

  private Map<String, Object> finished(String id) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      ResponseEntity<Map> r = admin().getForEntity("/api/reconciliations/" + id, Map.class);
      return r.getStatusCode() == HttpStatus.OK && "RECORDED".equals(r.getBody().get("state"));
    });
    return admin().getForEntity("/api/reconciliations/" + id, Map.class).getBody();
  }

  @Test
  void aRunStartedNow_isFollowedToItsReport() {
    ResponseEntity<Map> started = post("/api/reconciliations", "");
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String id = (String) started.getBody().get("processInstanceId");
    assertThat(started.getBody().get("reportId")).isEqualTo(id);
    assertThat(started.getHeaders().getLocation()).hasToString("/api/reconciliations/" + id);
    assertThat((Map<String, String>) started.getBody().get("links")).containsEntry("process", "/api/processes/" + id);

    Map<String, Object> report = finished(id);

    assertThat(report).containsEntry("id", id).containsEntry("trigger", "REQUEST").containsEntry("repairEnabled", true);
    assertThat((Map<String, Integer>) report.get("counts")).containsOnlyKeys("ORPHAN", "MISSING", "MISMATCH", "SKIPPED",
        "UNCHECKED");
    assertThat((Map<String, Integer>) report.get("repairs")).containsKey("REPAIRED");
    assertThat(report.get("items")).isInstanceOf(List.class);
    assertThat(report.get("finishedAt")).isNotNull();
    Map<String, Object> process = admin().getForEntity("/api/processes/" + id, Map.class).getBody();
    assertThat((List<Map<String, Object>>) process.get("steps")).extracting(s -> s.get("activityId"))
        .contains("Start_ReconcileRequested", "Task_DetectDrift", "Task_RepairDrift", "Task_RecordReport", "End_Reconciled");
    assertThat(admin().getForEntity("/api/reconciliations/latest", Map.class).getBody().get("id")).isNotNull();
  }

  @Test
  void aDryRun_repairsNothing() {
    ResponseEntity<Map> started = post("/api/reconciliations?repair=false", "");
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    Map<String, Object> report = finished((String) started.getBody().get("processInstanceId"));
    assertThat(report).containsEntry("repairEnabled", false);
    Map<String, Object> process = admin().getForEntity("/api/processes/" + report.get("id"), Map.class).getBody();
    assertThat((List<Map<String, Object>>) process.get("steps")).extracting(s -> s.get("activityId"))
        .doesNotContain("Task_RepairDrift");
  }

  @Test
  void unknownReports_are404_andAnonymousCallers401() {
    assertThat(admin().getForEntity("/api/reconciliations/no-such-run", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(anonymous.getForEntity("/api/reconciliations/latest", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.postForEntity("/api/reconciliations", null, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theTimerIsScheduledOnTheConfiguredCycle() {
    Job timer = management.createJobQuery().timers().processDefinitionKey("ReconcileProcess").singleResult();
    assertThat(timer).isNotNull();
    assertThat(timer.getDuedate().getTime() - System.currentTimeMillis()).isBetween(-60_000L, 5 * 60_000L + 5_000L);
  }
}
