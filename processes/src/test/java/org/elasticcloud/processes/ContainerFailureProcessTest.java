package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.delegates.ProcessNames.ContainerFailure;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ContainerFailureProcess with its delegates replaced by recorders ({@link MigrationMocks}): a
 * restart that makes it healthy ends there; restarts that do not count until the policy says move,
 * and it migrates; no room waits for an operator or the timer; a failed move waits too.
 */
@Deployment(resources = {"bpmn/ContainerFailureProcess.bpmn", "bpmn/MigrateContainerProcess.bpmn",
    "bpmn/ApplicationLeaseProcess.bpmn"})
class ContainerFailureProcessTest {
  private static final String C = "cap-production-v2-3";

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
    return engine.getRuntimeService().startProcessInstanceByKey(ContainerFailure.PROCESS_ID,
        ContainerFailure.BUSINESS_KEY_PREFIX + C, Map.of(MigrationVars.CONTAINER_NAME, C, MigrationVars.DETAIL, "exited 137"));
  }

  @Test
  void aRestartInPlaceThatMakesItHealthy_endsThere() {
    mocks.recoveries.add("RESTART_IN_PLACE");
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(ContainerFailure.END_RESTARTED).hasNotPassed(ContainerFailure.CALL_MIGRATE);
    assertThat(mocks.stepsOf(C)).containsExactly("decide", "restart", "healthy");
  }

  @Test
  void restartsThatDoNotHelp_countUntilThePolicySaysMove_thenItMigratesKeepingItsIp() {
    mocks.recoveries.addAll(List.of("RESTART_IN_PLACE", "RESTART_IN_PLACE", "MOVE"));
    mocks.healthy.addAll(List.of(false, false)); // both restarts stay unhealthy; on the target it is healthy
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);

    assertThat(pi).isEnded().hasPassed(ContainerFailure.END_MOVED);
    assertThat(mocks.stepsOf(C)).containsExactly("decide", "restart", "healthy", "decide", "restart", "healthy", "decide",
        "place", "resolve", "prepare", "drainVip", "removeSource", "movePort", "moveVolumes", "runTarget", "healthy",
        "enableVip", "monitoring", "logging", "record");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(MigrateContainer.PROCESS_ID).singleResult().getBusinessKey()).isEqualTo("migrate:" + C);
  }

  @Test
  void aFullHost_theRestartWaitsForASlot() {
    mocks.recoveries.add("RESTART_IN_PLACE");
    HostSlots.Slot held = mocks.otherNode.tryTake("d1").orElseThrow();
    ProcessInstance pi = start();
    MigrationMocks.runContinuations(engine);
    assertThat(pi).isWaitingAt(ContainerFailure.TIMER_RESTART_HOST_BUSY);
    held.close();
    ManagementService management = engine.getManagementService();
    management.executeJob(management.createJobQuery().timers().singleResult().getId());
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(ContainerFailure.END_RESTARTED);
  }

  @Test
  void noHostTakesIt_itWaitsForAnOperatorOrTheTimer_thenMoves() {
    mocks.placements.addAll(List.of(false, false));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isWaitingAt(ContainerFailure.TASK_WAIT_CAPACITY);
    assertThat(engine.getTaskService().getVariable(task(pi).getId(), MigrationVars.WAITING_CONTAINERS))
        .isEqualTo(C + ": no host fits");

    BpmnAwareTests.complete(task(pi), Map.of(MigrationVars.RELAX_SPREAD, true)); // the operator: place it now
    MigrationMocks.runJobs(engine);
    assertThat(pi).isWaitingAt(ContainerFailure.TASK_WAIT_CAPACITY); // still no room

    ManagementService management = engine.getManagementService();
    Job timer = management.createJobQuery().processInstanceId(pi.getId()).timers().singleResult();
    management.executeJob(timer.getId());
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(ContainerFailure.END_MOVED);
    assertThat(mocks.stepsOf(C)).filteredOn("place"::equals).hasSize(3);
  }

  @Test
  void aFailedMoveWaits_andAnOperatorMayGiveUp() {
    mocks.refused.put("runTarget", Map.of(C, MigrateContainer.ERROR_MIGRATION_FAILED));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isWaitingAt(ContainerFailure.TASK_WAIT_CAPACITY);
    assertThat(engine.getRuntimeService().getVariable(pi.getId(), MigrationVars.MIGRATION_FAILURE))
        .isEqualTo("runTarget refused " + C);
    BpmnAwareTests.complete(task(pi), Map.of(MigrationVars.GIVE_UP, true));
    assertThat(pi).isEnded().hasPassed(ContainerFailure.END_GIVEN_UP);
  }

  @Test
  void aContainerNoLongerRecorded_endsAtOnce() {
    mocks.recoveries.add("GONE");
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(ContainerFailure.END_GONE);
  }
}
