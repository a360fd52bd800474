package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/processes/{id}} shows the root cause of an incident in a called process with its
 * step and message, and nothing when there is none (it looks for incidents only when the engine has
 * one open).
 */
class ProcessStatusApiTest extends ApiTestBase {
  @Autowired
  RuntimeService runtime;
  @Autowired
  RepositoryService repository;
  private String deployment;

  @BeforeEach
  void deploy() {
    deployment = repository.createDeployment()
        .addModelInstance("status-parent.bpmn", Bpmn.createExecutableProcess("StatusParent").camundaHistoryTimeToLive(1)
            .startEvent().callActivity("Call_Child").calledElement("StatusChild").endEvent().done())
        .addModelInstance("status-child.bpmn", Bpmn.createExecutableProcess("StatusChild").camundaHistoryTimeToLive(1)
            .startEvent().userTask("Task_Stuck").endEvent().done())
        .deploy().getId();
  }

  @AfterEach
  void undeploy() {
    repository.deleteDeployment(deployment, true);
  }

  @Test
  void anIncidentInACalledProcessShowsWithItsStepAndMessage() {
    String calm = runtime.startProcessInstanceByKey("StatusParent").getId();
    String troubled = runtime.startProcessInstanceByKey("StatusParent").getId();
    String child = runtime.createProcessInstanceQuery().superProcessInstanceId(troubled).singleResult().getId();
    String execution = runtime.createExecutionQuery().processInstanceId(child).activityId("Task_Stuck").singleResult()
        .getId();
    runtime.createIncident("ecloudTest", execution, "test", "ECP-TEST-001 engine d9 not answering");
    try {
      Map<String, Object> status = status(troubled);
      assertThat((List<Map<String, String>>) status.get("incidents")).singleElement().satisfies(i -> {
        assertThat(i.get("activityId")).isEqualTo("Task_Stuck");
        assertThat(i.get("type")).isEqualTo("ecloudTest");
        assertThat(i.get("message")).isEqualTo("ECP-TEST-001 engine d9 not answering");
      });
      assertThat((List<?>) status(calm).get("incidents")).as("another process's incident is not this one's").isEmpty();
    } finally {
      runtime.createIncidentQuery().processInstanceId(child).list().forEach(i -> runtime.resolveIncident(i.getId()));
    }
    assertThat((List<?>) status(troubled).get("incidents")).isEmpty();
  }

  private Map<String, Object> status(String id) {
    ResponseEntity<Map> r = admin().getForEntity("/api/processes/" + id, Map.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }
}
