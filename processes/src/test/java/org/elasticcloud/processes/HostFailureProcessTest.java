package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.reconcile.FakeWorld;
import org.elasticcloud.delegates.ProcessNames.EvacuateHost;
import org.elasticcloud.delegates.ProcessNames.HostFailure;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.lease.ReleaseApplicationLeaseListener;
import org.elasticcloud.delegates.lease.ReleaseSharedLeasesListener;
import org.elasticcloud.delegates.lease.TakeApplicationLeaseDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HostFailureProcess with EvacuateHostProcess and one MigrateContainerProcess per container, their
 * delegates replaced by recorders ({@link MigrationMocks}): fenced, then every placed container
 * migrates as a child named after it; containers without room wait in one task, re-planned by its
 * timer or by an operator (who may relax the spread or give up); a child's incident holds the
 * evacuation until an operator retries it.
 */
@Deployment(resources = {"bpmn/HostFailureProcess.bpmn", "bpmn/EvacuateHostProcess.bpmn",
    "bpmn/MigrateContainerProcess.bpmn", "bpmn/ApplicationLeaseProcess.bpmn"})
class HostFailureProcessTest {
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
    return engine.getRuntimeService().startProcessInstanceByKey(HostFailure.PROCESS_ID,
        HostFailure.BUSINESS_KEY_PREFIX + "d1", Map.of(Vars.HOST_NAME, "d1", MigrationVars.REASON, "DOWN"));
  }

  private ProcessInstance evacuation(ProcessInstance parent) {
    return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(parent.getId()).singleResult();
  }

  private List<HistoricProcessInstance> migrations() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(MigrateContainer.PROCESS_ID).orderByProcessInstanceBusinessKey().asc().list();
  }

  @Test
  void theHostIsFenced_andEveryContainerMigratesInAChildOfItsOwn() {
    mocks.plans.add(new MigrationMocks.Plan(List.of("a-1@d2", "b-1@d3"), List.of()));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);

    assertThat(pi).isEnded().hasPassed(HostFailure.TASK_FENCE, HostFailure.END_EVACUATED);
    assertThat(mocks.calls).startsWith("fence:d1", "plan:d1");
    assertThat(mocks.stepsOf("d1")).containsExactly("fence", "plan", "plan"); // the second round finds none left
    assertThat(migrations()).extracting(HistoricProcessInstance::getBusinessKey).containsExactly("migrate:a-1", "migrate:b-1");
    assertThat(mocks.stepsOf("a-1")).endsWith("runTarget", "healthy", "enableVip", "monitoring", "logging", "record");
    assertThat(mocks.stepsOf("b-1")).endsWith("record");
    assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(migrations().get(0).getId())
        .variableName(MigrationVars.TARGET_HOST).singleResult().getValue()).isEqualTo("d2");
    assertThat(mocks.released).hasSize(2); // each child's lease, given back
  }

  @Test
  void oneEvacuationsMigrationsOfAnApplicationShareOnePlaceInItsQueue_givenBackAfterTheRound() {
    FakeWorld.Queue queue = new FakeWorld.Queue();
    List<String> joined = Collections.synchronizedList(new ArrayList<>());
    TakeApplicationLeaseDelegate take = new TakeApplicationLeaseDelegate(queue);
    Mocks.register("takeApplicationLeaseDelegate", (JavaDelegate) e -> {
      joined.add(e.getProcessBusinessKey().substring(MigrateContainer.BUSINESS_KEY_PREFIX.length()) + "="
          + e.getVariable(Vars.OPERATION_ID));
      take.execute(e);
    });
    Mocks.register("releaseApplicationLeaseListener", new ReleaseApplicationLeaseListener(queue));
    Mocks.register("releaseSharedLeasesListener", new ReleaseSharedLeasesListener(queue));
    mocks.applications.putAll(Map.of("a-1", "shop", "a-2", "shop", "b-1", "blog"));
    mocks.plans.add(new MigrationMocks.Plan(List.of("a-1@d2", "a-2@d3", "b-1@d2"), List.of()));

    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);

    // a second ticket of "shop" would have made a-2 wait behind a-1 (on a timer no job run here runs)
    assertThat(pi).isEnded().hasPassed(HostFailure.END_EVACUATED);
    String evacuation = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(EvacuateHost.PROCESS_ID).singleResult().getId();
    assertThat(joined).containsExactlyInAnyOrder("a-1=" + evacuation + "#shop", "a-2=" + evacuation + "#shop",
        "b-1=" + evacuation + "#blog");
    assertThat(List.of("a-1", "a-2", "b-1")).allSatisfy(c -> assertThat(mocks.stepsOf(c)).endsWith("record"));
    assertThat(queue.all()).as("every shared place given back").isEmpty();
  }

  @Test
  void anEvacuationGivesBackItsSharedPlacesAfterEachRound_andWhenItEnds() {
    mocks.plans.add(new MigrationMocks.Plan(List.of("a-1@d2"), List.of()));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    String evacuation = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey(EvacuateHost.PROCESS_ID).singleResult().getId();
    assertThat(pi).isEnded();
    assertThat(mocks.sharedReleased).containsExactly(evacuation, evacuation); // after round 1, at its end
  }

  @Test
  void detectionStartsItByMessage() {
    mocks.plans.add(new MigrationMocks.Plan(List.of("a-1@d2"), List.of()));
    ProcessInstance pi = engine.getRuntimeService().createMessageCorrelation(HostFailure.MESSAGE_FAILED)
        .processInstanceBusinessKey(HostFailure.BUSINESS_KEY_PREFIX + "d1")
        .setVariable(Vars.HOST_NAME, "d1").setVariable(MigrationVars.REASON, "FAULTY").correlateStartMessage();
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed("Start_HostFailedMessage", HostFailure.END_EVACUATED);
    assertThat(mocks.stepsOf("a-1")).endsWith("record");
  }

  @Test
  void containersWithoutRoomWaitInOneTask_andTheTimerPlansThemAgain() {
    mocks.plans.add(new MigrationMocks.Plan(List.of("a-1@d2"), List.of("b-1: no room", "c-1: no room")));
    mocks.plans.add(new MigrationMocks.Plan(List.of(), List.of("b-1: no room", "c-1: no room")));
    mocks.plans.add(new MigrationMocks.Plan(List.of("b-1@d3", "c-1@d2"), List.of()));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);

    ProcessInstance evacuation = evacuation(pi);
    assertThat(evacuation).isWaitingAt(EvacuateHost.TASK_WAIT_CAPACITY);
    assertThat(engine.getTaskService().createTaskQuery().count()).as("one task, not one per container").isEqualTo(1);
    Task waiting = task(evacuation);
    assertThat(waiting).hasCandidateGroup("operators");
    assertThat(engine.getTaskService().getVariable(waiting.getId(), MigrationVars.WAITING_CONTAINERS))
        .isEqualTo("b-1: no room\nc-1: no room");
    assertThat(engine.getTaskService().getVariable(waiting.getId(), MigrationVars.WAITING_COUNT)).isEqualTo(2);
    assertThat(mocks.stepsOf("a-1")).endsWith("record");
    // after the round, and again as the task starts: no application's place is held while they wait
    assertThat(mocks.sharedReleased).containsExactly(evacuation.getId(), evacuation.getId());

    // capacity appears; the timer fires (no operator needed) and every container left is planned again
    ManagementService management = engine.getManagementService();
    Job timer = management.createJobQuery().processInstanceId(evacuation.getId()).timers()
        .activityId(EvacuateHost.TIMER_REPLAN).singleResult();
    management.executeJob(timer.getId());
    MigrationMocks.runJobs(engine);

    assertThat(pi).isEnded().hasPassed(HostFailure.END_EVACUATED);
    assertThat(mocks.planInputs).extracting(m -> m.get(MigrationVars.REPLAN_ALL)).containsExactly(null, false, true, false);
    assertThat(migrations()).extracting(HistoricProcessInstance::getBusinessKey)
        .containsExactly("migrate:a-1", "migrate:b-1", "migrate:c-1");
    assertThat(engine.getTaskService().createTaskQuery().count()).isZero();
  }

  @Test
  void anOperatorRelaxesTheSpread_orGivesUp() {
    mocks.plans.add(new MigrationMocks.Plan(List.of(), List.of("b-1: spread")));
    mocks.plans.add(new MigrationMocks.Plan(List.of(), List.of("b-1: no room at all")));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    BpmnAwareTests.complete(task(evacuation(pi)), Map.of(MigrationVars.RELAX_SPREAD, true, MigrationVars.GIVE_UP, false));
    MigrationMocks.runJobs(engine);
    assertThat(mocks.planInputs.get(1)).containsEntry(MigrationVars.RELAX_SPREAD, true).containsEntry(MigrationVars.REPLAN_ALL, true);
    assertThat(engine.getTaskService().getVariable(task(evacuation(pi)).getId(), MigrationVars.WAITING_CONTAINERS))
        .isEqualTo("b-1: no room at all");

    BpmnAwareTests.complete(task(evacuation(pi)), Map.of(MigrationVars.GIVE_UP, true));
    assertThat(pi).isEnded().hasPassed(HostFailure.END_LEFT).hasNotPassed(HostFailure.END_EVACUATED);
    assertThat(migrations()).isEmpty();
  }

  @Test
  void aChildsIncidentHoldsTheEvacuation_untilTheOperatorRetriesIt() {
    mocks.plans.add(new MigrationMocks.Plan(List.of("a-1@d2", "b-1@d3"), List.of()));
    mocks.broken.put("movePort", Set.of("b-1"));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);

    // the failed job's incident, and one in each calling process pointing to it (as Cockpit shows them)
    List<Incident> incidents = engine.getRuntimeService().createIncidentQuery().list();
    assertThat(incidents).hasSize(3);
    Incident incident = engine.getRuntimeService().createIncidentQuery().activityId(MigrateContainer.TASK_MOVE_PORT)
        .singleResult();
    assertThat(incident.getRootCauseIncidentId()).isEqualTo(incident.getId());
    assertThat(mocks.stepsOf("a-1")).endsWith("record");
    assertThat(pi).isNotEnded();
    assertThat(evacuation(pi)).isWaitingAt(EvacuateHost.CALL_MIGRATE);

    mocks.broken.clear();
    engine.getManagementService().setJobRetries(incident.getConfiguration(), 1);
    MigrationMocks.runJobs(engine);
    assertThat(pi).isEnded().hasPassed(HostFailure.END_EVACUATED);
    assertThat(mocks.stepsOf("b-1")).filteredOn("movePort"::equals).hasSize(5);
    assertThat(mocks.stepsOf("b-1")).filteredOn("removeSource"::equals).hasSize(1);
  }

  @Test
  void aMigrationThatFails_isNotRetriedInALoop_itWaitsWithTheOthers() {
    // round 1 moves b-1, which fails for good; the plan then reports it waiting
    mocks.plans.add(new MigrationMocks.Plan(List.of("b-1@d3"), List.of()));
    mocks.plans.add(new MigrationMocks.Plan(List.of(), List.of("b-1: its migration did not complete")));
    mocks.refused.put("runTarget", Map.of("b-1", MigrateContainer.ERROR_MIGRATION_FAILED));
    ProcessInstance pi = start();
    MigrationMocks.runJobs(engine);
    assertThat(evacuation(pi)).isWaitingAt(EvacuateHost.TASK_WAIT_CAPACITY);
    assertThat(mocks.stepsOf("b-1")).endsWith("runTarget", "abandon");
    assertThat(mocks.stepsOf("d1")).containsExactly("fence", "plan", "plan");
  }
}
