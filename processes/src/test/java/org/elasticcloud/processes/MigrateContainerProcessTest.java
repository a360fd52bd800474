package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of MigrateContainerProcess in an in-memory engine, its delegates replaced by recorders
 * ({@link MigrationMocks}): the steps in order under the application's lease, nothing to do for a
 * container that is gone or moved, a full host waiting without spending a retry, a refusal or an
 * unhealthy container abandoning the attempt, a technical failure becoming an incident that an
 * operator's retry resumes at that step.
 */
@Deployment(resources = {"bpmn/MigrateContainerProcess.bpmn", "bpmn/ApplicationLeaseProcess.bpmn"})
class MigrateContainerProcessTest {
  private static final String C = "cap-production-v2-1";
  private static final List<String> ALL_STEPS = List.of("resolve", "prepare", "drainVip", "removeSource", "movePort",
      "moveVolumes", "runTarget", "healthy", "enableVip", "monitoring", "logging", "record");

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
    return engine.getRuntimeService().startProcessInstanceByKey(MigrateContainer.PROCESS_ID,
        MigrateContainer.BUSINESS_KEY_PREFIX + C, Map.of(MigrationVars.CONTAINER_NAME, C, MigrationVars.SOURCE_HOST, "d1",
            MigrationVars.TARGET_HOST, "d2"));
  }

  private Object outcome(ProcessInstance pi) {
    return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName("migrationOutcome").singleResult().getValue();
  }

  @Test
  void aContainerMovesStepByStepUnderItsApplicationsLease() {
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt(ApplicationLease.CALL_ACTIVITY);
    MigrationMocks.runJobs(engine);

    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_MIGRATED).hasNotPassed(MigrateContainer.TASK_ABANDON);
    assertThat(mocks.stepsOf(C)).containsExactlyElementsOf(ALL_STEPS);
    assertThat(outcome(pi)).isEqualTo("MIGRATED");
    assertThat(mocks.released).containsExactly(pi.getId());
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(ApplicationLease.PROCESS_ID).singleResult().getBusinessKey()).isEqualTo("migrate:" + C);
  }

  @Test
  void aContainerNoLongerRecordedNeedsNothing_andTakesNoLease() {
    mocks.unknown.add(C);
    ProcessInstance pi = start();
    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_NOTHING).hasNotPassed(ApplicationLease.CALL_ACTIVITY);
    assertThat(mocks.stepsOf(C)).containsExactly("resolve");
    assertThat(outcome(pi)).isEqualTo("NOTHING");
  }

  @Test
  void aContainerMovedMeanwhileNeedsNothingMore_onceItHoldsTheLease() {
    mocks.notNeeded.add(C);
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_NOTHING);
    assertThat(mocks.stepsOf(C)).containsExactly("resolve", "prepare");
    assertThat(mocks.released).containsExactly(pi.getId());
  }

  @Test
  void aFullTarget_theRunWaitsOnATimerWithoutSpendingARetry() {
    HostSlots.Slot held = mocks.otherNode.tryTake("d2").orElseThrow();
    ProcessInstance pi = start();
    MigrationMocks.runContinuations(engine);
    assertThat(pi).isWaitingAt(MigrateContainer.TIMER_RUN_TARGET_HOST_BUSY);
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();

    held.close();
    ManagementService management = engine.getManagementService();
    Job timer = management.createJobQuery().processInstanceId(pi.getId()).timers().singleResult();
    management.executeJob(timer.getId());
    Job again = management.createJobQuery().processInstanceId(pi.getId()).activityId(MigrateContainer.TASK_RUN_TARGET)
        .singleResult();
    assertThat(again.getRetries()).as("no retry spent").isEqualTo(4);
    MigrationMocks.runContinuations(engine);
    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_MIGRATED);
    assertThat(mocks.stepsOf(C)).filteredOn("runTarget"::equals).hasSize(2);
  }

  @Test
  void aTargetThatRefuses_abandonsTheAttempt_andTheContainerIsLeftForItsCallerToPlanAgain() {
    mocks.refused.put("runTarget", Map.of(C, MigrateContainer.ERROR_MIGRATION_FAILED));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);

    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_FAILED).hasNotPassed(MigrateContainer.END_MIGRATED);
    assertThat(mocks.stepsOf(C)).containsExactly("resolve", "prepare", "drainVip", "removeSource", "movePort",
        "moveVolumes", "runTarget", "abandon");
    assertThat(outcome(pi)).isEqualTo("FAILED");
    assertThat(mocks.released).containsExactly(pi.getId());
  }

  @Test
  void aContainerThatNeverBecomesHealthyOnTheTarget_isAbandonedThere() {
    mocks.healthy.add(false);
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_FAILED);
    assertThat(mocks.stepsOf(C)).endsWith("runTarget", "healthy", "abandon");
  }

  @Test
  void aTechnicalFailure_retriesThenAnIncident_andTheOperatorsRetryResumesAtThatStep() {
    mocks.broken.put("moveVolumes", Set.of("*"));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);

    Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(incident.getActivityId()).isEqualTo(MigrateContainer.TASK_MOVE_VOLUMES);
    assertThat(mocks.stepsOf(C)).filteredOn("moveVolumes"::equals).hasSize(4); // PT2S,PT10S,PT30S: 4 attempts
    assertThat(pi).isNotEnded();

    mocks.broken.clear();
    engine.getManagementService().setJobRetries(incident.getConfiguration(), 1);
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_MIGRATED);
    assertThat(mocks.stepsOf(C)).filteredOn("removeSource"::equals).hasSize(1); // not repeated
    assertThat(mocks.stepsOf(C)).filteredOn("movePort"::equals).hasSize(1);
  }

  @Test
  void anUnhealthyErrorCodeFromTheReusedScalingStepIsCaughtToo() {
    mocks.refused.put("enableVip", Map.of(C, ScaleOut.ERROR_CONTAINER_FAILED));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(MigrateContainer.END_FAILED);
  }
}
