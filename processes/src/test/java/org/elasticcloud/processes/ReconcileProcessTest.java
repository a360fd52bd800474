package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.reconcile.Subnet;
import org.elasticcloud.delegates.ProcessNames.Reconcile;
import org.elasticcloud.delegates.reconcile.ReconcileSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of ReconcileProcess in an in-memory engine, each delegate replaced by a recorder: on
 * request and on its timer (whose cycle comes from the settings bean), with and without repairs,
 * and an incident when detection keeps failing.
 */
class ReconcileProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private boolean repairSetting = true;
  private boolean detectionFails;
  private String deployment;

  private JavaDelegate recorder(String step, JavaDelegate behaviour) {
    return execution -> {
      calls.add(step);
      behaviour.execute(execution);
    };
  }

  static ReconcileSettings settings(String cycle) {
    return new ReconcileSettings(cycle, true, 2, Subnet.parse("10.211.0.0/20"), 100);
  }

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    Mocks.register(Reconcile.SETTINGS_BEAN, settings("R/PT5M"));
    Mocks.register("detectDriftDelegate", recorder("detect", e -> {
      if (detectionFails) {
        throw new IllegalStateException("ECP-DB-001 inventory unreachable (test)");
      }
      e.setVariable(Reconcile.VAR_REPORT_ID, e.getProcessInstanceId());
      e.setVariable(Reconcile.VAR_REPAIR_ENABLED,
          repairSetting && !Boolean.FALSE.equals(e.getVariable(Reconcile.VAR_REPAIR_REQUESTED)));
      e.setVariable(Reconcile.VAR_ORPHANS, 2);
    }));
    Mocks.register("repairDriftDelegate", recorder("repair", e -> e.setVariable(Reconcile.VAR_REPAIRED, 2)));
    Mocks.register("recordReportDelegate", recorder("record", e -> { }));
    // deployed after the settings bean exists: the timer's cycle is evaluated at deployment
    deployment = engine.getRepositoryService().createDeployment().addClasspathResource("bpmn/ReconcileProcess.bpmn")
        .deploy().getId();
  }

  @AfterEach
  void tearDown() {
    engine.getRepositoryService().deleteDeployment(deployment, true);
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).setReevaluateTimeCycleWhenDue(false);
    ClockUtil.reset();
    Mocks.reset();
  }

  private ProcessInstance request(Map<String, Object> vars) {
    return engine.getRuntimeService().startProcessInstanceByMessage(Reconcile.MESSAGE_REQUESTED, vars);
  }

  private void runJobs(ProcessInstance pi) {
    for (int guard = 0; guard < 20; guard++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).withRetriesLeft().list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(j -> engine.getManagementService().executeJob(j.getId()));
    }
  }

  private Job timer() {
    return engine.getManagementService().createJobQuery().timers().processDefinitionKey(Reconcile.PROCESS_ID)
        .singleResult();
  }

  @Test
  void requested_detectsRepairsAndRecords() {
    ProcessInstance pi = request(Map.of(Reconcile.VAR_TRIGGER, Reconcile.TRIGGER_REQUEST));
    assertThat(pi).isWaitingAt(Reconcile.TASK_DETECT);
    assertThat(calls).isEmpty();

    runJobs(pi);

    assertThat(pi).isEnded().hasPassedInOrder(Reconcile.START_REQUESTED, Reconcile.TASK_DETECT, Reconcile.TASK_REPAIR,
        Reconcile.TASK_RECORD, Reconcile.END_RECONCILED);
    assertThat(calls).containsExactly("detect", "repair", "record");
  }

  @Test
  void repairsOff_detectsAndRecordsOnly() {
    repairSetting = false;
    ProcessInstance pi = request(Map.of());
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(Reconcile.TASK_RECORD).hasNotPassed(Reconcile.TASK_REPAIR);
    assertThat(calls).containsExactly("detect", "record");
  }

  @Test
  void aDryRunRequest_repairsNothingEvenWhenRepairsAreOn() {
    ProcessInstance pi = request(Map.of(Reconcile.VAR_REPAIR_REQUESTED, false));
    runJobs(pi);
    assertThat(pi).isEnded().hasNotPassed(Reconcile.TASK_REPAIR);
  }

  @Test
  void theTimer_startsARunOnItsCycle_andIsThereAgainForTheNext() {
    Job timer = timer();
    assertThat(timer).isNotNull();
    assertThat(timer.getDuedate().getTime()).isCloseTo(System.currentTimeMillis() + 5 * 60_000, within(60_000L));

    Date due = new Date(timer.getDuedate().getTime() + 1_000);
    ClockUtil.setCurrentTime(due);
    engine.getManagementService().executeJob(timer.getId());

    ProcessInstance pi = engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(Reconcile.PROCESS_ID)
        .singleResult();
    assertThat(pi).isWaitingAt(Reconcile.TASK_DETECT);
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(Reconcile.START_TIMER, Reconcile.TASK_RECORD);
    Job next = timer();
    assertThat(next.getId()).isNotEqualTo(timer.getId());
    assertThat(next.getDuedate().getTime()).isCloseTo(due.getTime() + 5 * 60_000, within(5_000L));
  }

  @Test
  void aChangedCycle_isTakenWhenTheTimerIsDue_withReevaluationOn() {
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).setReevaluateTimeCycleWhenDue(true);
    Job timer = timer();
    Mocks.register(Reconcile.SETTINGS_BEAN, settings("R/PT1M"));
    Date now = new Date(timer.getDuedate().getTime() + 1_000);
    ClockUtil.setCurrentTime(now);

    engine.getManagementService().executeJob(timer.getId());

    assertThat(timer().getDuedate().getTime()).isCloseTo(now.getTime() + 60_000, within(5_000L));
  }

  @Test
  void detectionFailingForGood_retriesThenRaisesAnIncidentAtDetect() {
    detectionFails = true;
    ProcessInstance pi = request(Map.of());
    ManagementService management = engine.getManagementService();
    // the engine-wide back-off of camunda.cfg.xml (PT2S,PT10S,PT30S): a first attempt and three retries
    int attempts = 0;
    for (Job job = management.createJobQuery().processInstanceId(pi.getId()).withRetriesLeft().singleResult(); job != null;
        job = management.createJobQuery().processInstanceId(pi.getId()).withRetriesLeft().singleResult()) {
      String id = job.getId();
      assertThatThrownBy(() -> management.executeJob(id)).hasMessageContaining("ECP-DB-001");
      attempts++;
    }
    assertThat(attempts).isEqualTo(4);
    Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(incident).isNotNull();
    assertThat(incident.getActivityId()).isEqualTo(Reconcile.TASK_DETECT);
    assertThat(pi).isNotEnded();
    assertThat(calls).containsOnly("detect");
  }
}
