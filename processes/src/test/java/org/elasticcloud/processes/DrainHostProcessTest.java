package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.delegates.ProcessNames.DrainHost;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DrainHostProcess with its delegates replaced by recorders ({@link MigrationMocks}): approved, the
 * host goes DRAINING, is evacuated and goes to MAINTENANCE; rejected, nothing happens; given up on,
 * it stays DRAINING.
 */
@Deployment(resources = {"bpmn/DrainHostProcess.bpmn", "bpmn/EvacuateHostProcess.bpmn",
    "bpmn/MigrateContainerProcess.bpmn", "bpmn/ApplicationLeaseProcess.bpmn"})
class DrainHostProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private final MigrationMocks mocks = new MigrationMocks();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    mocks.register();
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
  }

  private ProcessInstance start() {
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(DrainHost.PROCESS_ID,
        DrainHost.BUSINESS_KEY_PREFIX + "d1", Map.of(Vars.HOST_NAME, "d1"));
    assertThat(pi).isWaitingAt(DrainHost.TASK_APPROVE);
    assertThat(task(pi)).hasCandidateGroup("operators").hasCandidateGroup("camunda-admin");
    return pi;
  }

  @Test
  void approved_theHostDrainsItsContainersMoveAndItEndsInMaintenance() {
    mocks.plans.add(new MigrationMocks.Plan(List.of("a-1@d2", "a-2@d3"), List.of()));
    ProcessInstance pi = start();
    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, true));
    MigrationMocks.runJobs(engine);

    assertThat(pi).isEnded().hasPassed(DrainHost.TASK_MARK_DRAINING, DrainHost.TASK_MARK_MAINTENANCE, DrainHost.END_DRAINED);
    assertThat(mocks.calls).containsSubsequence("state=DRAINING", "plan:d1", "record:a-1", "plan:d1", "state=MAINTENANCE");
    assertThat(mocks.stepsOf("a-2")).endsWith("record");
  }

  @Test
  void rejected_endsCleanlyAndNothingChanges() {
    ProcessInstance pi = start();
    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, false));
    assertThat(pi).isEnded().hasPassed(DrainHost.END_REJECTED).hasNotPassed(DrainHost.TASK_MARK_DRAINING);
    assertThat(mocks.calls).isEmpty();
    assertThat(engine.getManagementService().createJobQuery().count()).isZero();
  }

  @Test
  void givenUpOnContainersThatCannotBePlaced_theHostStaysDraining() {
    mocks.plans.add(new MigrationMocks.Plan(List.of(), List.of("a-1: no room")));
    ProcessInstance pi = start();
    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, true));
    MigrationMocks.runJobs(engine);
    ProcessInstance evacuation = engine.getRuntimeService().createProcessInstanceQuery()
        .superProcessInstanceId(pi.getId()).singleResult();
    BpmnAwareTests.complete(task(evacuation), Map.of(MigrationVars.GIVE_UP, true));
    MigrationMocks.runJobs(engine);

    assertThat(pi).isEnded().hasPassed(DrainHost.END_INCOMPLETE).hasNotPassed(DrainHost.TASK_MARK_MAINTENANCE);
    assertThat(mocks.calls).contains("state=DRAINING").doesNotContain("state=MAINTENANCE");
  }
}
