package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.fake.InMemoryHostSlots;
import org.elasticcloud.delegates.ProcessNames.ProvisionContainer;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of ScaleOutProcess in an in-memory engine. The model is what is tested here: each
 * delegate is replaced by a recorder that can be told to fail (the delegates themselves run for
 * real in the application's tests against the lab). The container operations take their host's
 * slot through the real {@link ContainerSlots}, on an in-memory cap of one slot per host that a test
 * can fill; failed jobs retry with the engine-wide back-off of {@code camunda.cfg.xml}.
 */
@Deployment(resources = {"bpmn/ScaleOutProcess.bpmn", "bpmn/ProvisionContainerProcess.bpmn",
    "bpmn/ApplicationLeaseProcess.bpmn"})
class ScaleOutProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private boolean needsApproval;
  private boolean noHostFits;
  private String unhealthy;
  /** Planned containers whose grant fails technically ("*": all). */
  private final Set<String> grantBroken = ConcurrentHashMap.newKeySet();
  private final InMemoryHostSlots.Cluster cluster = new InMemoryHostSlots.Cluster();
  /** Another node's view of the same slots: a test holds a host's only slot through it. */
  private final HostSlots otherNode = cluster.node(1);
  private final ContainerSlots containerSlots = new ContainerSlots(cluster.node(1), Duration.ofSeconds(1));

  private JavaDelegate recorder(String step, JavaDelegate behaviour) {
    return execution -> {
      Object planned = execution.getVariable(Vars.PLANNED_CONTAINER);
      calls.add(step + (planned == null ? "" : ":" + planned));
      behaviour.execute(execution);
    };
  }

  private static final JavaDelegate NOTHING = e -> { };

  /** Operations whose lease was given back (the process-level end listener). */
  private final List<String> released = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    OperationMocks.register(released, containerSlots);
    Mocks.register("checkQuotaDelegate", recorder("quota", e -> {
      e.setVariable(Vars.NEEDS_APPROVAL, needsApproval);
      e.setVariable(Vars.APPROVER_GROUP, "owners-cap");
    }));
    Mocks.register("placeContainersDelegate", recorder("place", e -> {
      if (noHostFits) {
        throw new BpmnError(ScaleOut.ERROR_NO_HOST_FITS, "no host fits");
      }
      e.setVariable(Vars.PLANNED_CONTAINERS, List.of("1@d1", "2@d2"));
    }));
    Mocks.register("allocateResourcesDelegate", recorder("allocate", NOTHING));
    Mocks.register("startContainerDelegate", recorder("start", OperationMocks.onHost(containerSlots)));
    Mocks.register("grantDatabaseDelegate", recorder("grant", e -> {
      if (grantBroken.contains("*") || grantBroken.contains(e.getVariable(Vars.PLANNED_CONTAINER))) {
        throw new IllegalStateException("database server down");
      }
    }));
    Mocks.register("waitHealthyDelegate", recorder("healthy", e -> {
      if (e.getVariable(Vars.PLANNED_CONTAINER).equals(unhealthy)) {
        throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, "never healthy");
      }
    }));
    Mocks.register("mountVipDelegate", recorder("mount", NOTHING));
    Mocks.register("registerMonitoringDelegate", recorder("monitor", NOTHING));
    Mocks.register("registerLoggingDelegate", recorder("logs", NOTHING));
    Mocks.register("forgetObservationDelegate", recorder("forget", NOTHING));
    Mocks.register("markContainerReadyDelegate", recorder("ready", NOTHING));
    Mocks.register("undoProvisionDelegate", recorder("undoProvision", OperationMocks.onHost(containerSlots)));
    Mocks.register("revokeDatabaseDelegate", recorder("revoke", NOTHING));
    Mocks.register("unmountVipDelegate", recorder("unmount", NOTHING));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
  }

  /** Starts the operation and lets it take its (free) application lease. */
  private ProcessInstance start() {
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ScaleOut.PROCESS_ID, "cap/production/v2/dc1",
        Map.of(Vars.APPLICATION, "cap", Vars.GROUP_ID, 7L, Vars.COUNT, 2, Vars.DATACENTER_ID, 1L, Vars.IMAGE, "ecloud/sample-app:1"));
    assertThat(pi).isWaitingAt(ApplicationLease.CALL_ACTIVITY);
    for (Job lease : engine.getManagementService().createJobQuery().processDefinitionKey(ApplicationLease.PROCESS_ID).list()) {
      engine.getManagementService().executeJob(lease.getId());
    }
    return pi;
  }

  /** Runs jobs (ignoring retry back-off) until none has retries left; failing ones end as incidents. */
  private void runJobs(ProcessInstance pi) {
    for (int guard = 0; guard < 100; guard++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().withRetriesLeft().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        try {
          engine.getManagementService().executeJob(job.getId());
        } catch (RuntimeException failed) {
          // a technical failure: the engine counts the retry down
        }
      }
    }
  }

  /**
   * Runs the asynchronous continuations that are due (not the timers, not a failed job whose next
   * retry is later) until none is left.
   */
  private void runContinuations(ProcessInstance pi) {
    for (int guard = 0; guard < 100; guard++) {
      // the scale-out's jobs and its containers' (each a ProvisionContainerProcess of its own)
      List<Job> jobs = engine.getManagementService().createJobQuery().messages().executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        try {
          engine.getManagementService().executeJob(job.getId());
        } catch (RuntimeException failed) {
          // a technical failure: the engine counts the retry down
        }
      }
    }
  }

  private Job timerAt(ProcessInstance pi, String activityId) {
    return engine.getManagementService().createJobQuery().timers().activityId(activityId).singleResult();
  }

  /** The running ProvisionContainerProcess of one planned container of the scale-out. */
  private ProcessInstance child(ProcessInstance pi, String planned) {
    return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(pi.getId())
        .variableValueEquals(Vars.PLANNED_CONTAINER, planned).singleResult();
  }

  /** Where the (ended or running) ProvisionContainerProcess of one planned container went. */
  private List<String> childPassed(ProcessInstance pi, String planned) {
    String id = engine.getHistoryService().createHistoricVariableInstanceQuery().variableName(Vars.PLANNED_CONTAINER)
        .variableValueEquals(Vars.PLANNED_CONTAINER, planned).list().stream()
        .map(v -> v.getProcessInstanceId())
        .filter(p -> pi.getId().equals(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(p)
            .singleResult().getSuperProcessInstanceId()))
        .findFirst().orElseThrow();
    return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id).list().stream()
        .map(a -> a.getActivityId()).toList();
  }

  /** Every incident and every failed job of the scale-out and its containers. */
  private long incidents() {
    return engine.getRuntimeService().createIncidentQuery().count();
  }

  private List<String> callsOf(String planned) {
    return calls.stream().filter(c -> c.endsWith(":" + planned)).map(c -> c.substring(0, c.indexOf(':'))).toList();
  }

  @Test
  void withinQuota_everyContainerGoesThroughEveryStep() {
    ProcessInstance pi = start();
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT).hasNotPassed(ScaleOut.TASK_APPROVE);
    for (String c : List.of("1@d1", "2@d2")) {
      assertThat(callsOf(c)).containsExactly("allocate", "grant", "start", "healthy", "mount", "monitor", "logs", "ready");
    }
    assertThat(released).containsExactly(pi.getId());
    // one ProvisionContainerProcess per container, under the scale-out's business key
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().superProcessInstanceId(pi.getId())
        .processDefinitionKey(ProvisionContainer.PROCESS_ID).list())
        .hasSize(2).allSatisfy(c -> {
          assertThat(c.getBusinessKey()).isEqualTo("cap/production/v2/dc1");
          assertThat(c.getEndActivityId()).isEqualTo(ProvisionContainer.END_READY);
        });
  }

  @Test
  void aboveQuota_approvedByTheOwnersGroup_scalesOut() {
    needsApproval = true;
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt(ScaleOut.TASK_APPROVE);
    assertThat(task(pi)).hasCandidateGroup("owners-cap").hasCandidateGroup("camunda-admin");
    assertThat(calls).containsExactly("quota");

    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, true));
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT);
    assertThat(calls).filteredOn(c -> c.startsWith("ready")).hasSize(2);
  }

  @Test
  void aboveQuota_rejected_endsCleanlyWithNothingMade() {
    needsApproval = true;
    ProcessInstance pi = start();
    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, false));
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_REJECTED).hasNotPassed(ScaleOut.TASK_PLACE);
    assertThat(calls).containsExactly("quota");
  }

  @Test
  void noHostFits_endsWithoutMakingAnything() {
    noHostFits = true;
    ProcessInstance pi = start();
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_NO_HOST_FITS).hasNotPassed(ScaleOut.CALL_CONTAINER);
    assertThat(calls).containsExactly("quota", "place");
  }

  @Test
  void aContainerFailingForGood_hasItsFinishedStepsUndoneInReverse_andTheOtherFinishes() {
    unhealthy = "2@d2";
    ProcessInstance pi = start();
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT);
    assertThat(childPassed(pi, "2@d2")).contains(ScaleOut.END_CONTAINER_FAILED).doesNotContain(ProvisionContainer.END_READY);
    assertThat(childPassed(pi, "1@d1")).contains(ProvisionContainer.END_READY).doesNotContain(ScaleOut.END_CONTAINER_FAILED);
    assertThat(callsOf("1@d1")).containsExactly("allocate", "grant", "start", "healthy", "mount", "monitor", "logs", "ready");
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "start", "healthy", "revoke", "undoProvision");
  }

  @Test
  void aTechnicalFailure_retriesThenRaisesAnIncident_andAnOperatorsRetryResumesThere() {
    grantBroken.add("*");
    ProcessInstance pi = start();
    runJobs(pi);

    // one incident per container at its grant step, each in its own ProvisionContainerProcess (the
    // scale-out's call activity carries their causes)
    List<Incident> incidents = engine.getRuntimeService().createIncidentQuery().activityId(ScaleOut.TASK_GRANT).list();
    assertThat(incidents).hasSize(2).allSatisfy(i -> assertThat(i.getProcessInstanceId()).isNotEqualTo(pi.getId()));
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).list())
        .hasSize(2).allSatisfy(i -> assertThat(i.getActivityId()).isEqualTo(ScaleOut.CALL_CONTAINER));
    // PT2S,PT10S,PT30S: the first attempt and three retries per container
    assertThat(calls).filteredOn(c -> c.startsWith("grant")).hasSize(8);
    assertThat(pi).isNotEnded();

    // the database is back; the operator retries the failed jobs (as Cockpit does, over the API)
    grantBroken.clear();
    for (Incident i : incidents) {
      engine.getManagementService().setJobRetries(i.getConfiguration(), 1);
    }
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT);
    assertThat(calls).filteredOn(c -> c.startsWith("allocate")).hasSize(2); // allocation was not repeated
    assertThat(incidents()).isZero();
  }

  @Test
  void aTechnicalFailure_backsOffAsConfigured_thenAnIncident_andTheOperatorsRetryResumesAtThatStep() {
    grantBroken.add("2@d2");
    Date now = new Date(1_800_000_000_000L);
    ClockUtil.setCurrentTime(now);
    ProcessInstance pi = start();
    runContinuations(pi); // 1@d1 goes through; 2@d2 fails its grant once
    ManagementService management = engine.getManagementService();
    Job grant = management.createJobQuery().processInstanceId(child(pi, "2@d2").getId()).activityId(ScaleOut.TASK_GRANT)
        .singleResult();

    // a job starts with 4 (the first attempt and one retry per interval); after the first failure three
    // retries are left, the first due 2 s later, then 10 s, then 30 s; the fourth failure is an incident
    long[] backOffSeconds = {2, 10, 30};
    for (int i = 0; i < backOffSeconds.length; i++) {
      grant = management.createJobQuery().jobId(grant.getId()).singleResult();
      assertThat(grant.getRetries()).isEqualTo(3 - i);
      assertThat(grant.getExceptionMessage()).contains("database server down");
      assertThat(grant.getDuedate()).isEqualTo(new Date(now.getTime() + backOffSeconds[i] * 1000));
      now = grant.getDuedate();
      ClockUtil.setCurrentTime(now);
      String id = grant.getId();
      assertThatThrownBy(() -> management.executeJob(id))
          .hasMessageContaining("database server down");
    }
    grant = management.createJobQuery().jobId(grant.getId()).singleResult();
    assertThat(grant.getRetries()).isZero();
    Incident incident = engine.getRuntimeService().createIncidentQuery().activityId(ScaleOut.TASK_GRANT).singleResult();
    assertThat(incident.getProcessInstanceId()).isEqualTo(child(pi, "2@d2").getId());
    assertThat(incident.getConfiguration()).isEqualTo(grant.getId());
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "grant", "grant", "grant");

    // the operator repairs the database and retries (Cockpit: "Retry"; REST: PUT /job/{id}/retries)
    grantBroken.clear();
    management.setJobRetries(grant.getId(), 1);
    Job retried = management.createJobQuery().jobId(grant.getId()).singleResult();
    assertThat(retried.getRetries()).isEqualTo(1);
    // it runs when due: the last back-off's date, unless the operator also sets the due date (REST "dueDate")
    assertThat(retried.getDuedate()).isEqualTo(new Date(now.getTime() + 30_000));
    ClockUtil.setCurrentTime(retried.getDuedate());
    runContinuations(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT);
    assertThat(childPassed(pi, "2@d2")).contains(ProvisionContainer.END_READY);
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "grant", "grant", "grant", "grant", "start",
        "healthy", "mount", "monitor", "logs", "ready");
    assertThat(incidents()).isZero();
  }

  @Test
  void aFullHost_theContainerWaitsOnATimerWithoutSpendingARetry_thenStartsOnceASlotIsFree() {
    HostSlots.Slot held = otherNode.tryTake("d2").orElseThrow(); // another operation holds d2's only slot
    ProcessInstance pi = start();
    runContinuations(pi);

    assertThat(callsOf("1@d1")).containsExactly("allocate", "grant", "start", "healthy", "mount", "monitor", "logs",
        "ready");
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "start");
    assertThat(child(pi, "2@d2")).isWaitingAt(ScaleOut.TIMER_START_HOST_BUSY);
    Job timer = timerAt(pi, ScaleOut.TIMER_START_HOST_BUSY);
    assertThat(timer.getDuedate()).isAfter(ClockUtil.getCurrentTime()).isBefore(
        new Date(ClockUtil.getCurrentTime().getTime() + 1_500));
    ManagementService management = engine.getManagementService();
    assertThat(management.createJobQuery().withException().count()).isZero();
    assertThat(incidents()).isZero();

    // still busy when the timer fires: it waits again, still without a failure
    management.executeJob(timer.getId());
    runContinuations(pi);
    assertThat(child(pi, "2@d2")).isWaitingAt(ScaleOut.TIMER_START_HOST_BUSY);
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "start", "start");

    held.close();
    management.executeJob(timerAt(pi, ScaleOut.TIMER_START_HOST_BUSY).getId());
    Job again = management.createJobQuery().activityId(ScaleOut.TASK_START).singleResult();
    // a new job with the configured cycle's full count (the first attempt and three retries): no retry spent
    assertThat(again.getRetries()).as("no retry spent").isEqualTo(4);
    assertThat(again.getExceptionMessage()).isNull();
    runContinuations(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT);
    assertThat(childPassed(pi, "2@d2")).doesNotContain(ScaleOut.END_CONTAINER_FAILED);
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "start", "start", "start", "healthy", "mount",
        "monitor", "logs", "ready");
    assertThat(otherNode.taken("d2")).isZero();
  }

  @Test
  void aFailedContainerOnAFullHost_isRemovedOnceASlotIsFree_andTheOtherFinishes() {
    unhealthy = "2@d2";
    Mocks.register("waitHealthyDelegate", recorder("healthy", e -> {
      if (e.getVariable(Vars.PLANNED_CONTAINER).equals(unhealthy)) {
        otherNode.tryTake("d2").orElseThrow(); // meanwhile another operation takes d2's only slot
        throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, "never healthy");
      }
    }));
    ProcessInstance pi = start();
    runContinuations(pi);

    assertThat(child(pi, "2@d2")).isWaitingAt(ScaleOut.TIMER_UNDO_HOST_BUSY);
    assertThat(callsOf("1@d1")).endsWith("ready");
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "start", "healthy", "revoke", "undoProvision");
    assertThat(engine.getManagementService().createJobQuery().withException().count()).isZero();

    cluster.kill((InMemoryHostSlots) otherNode); // the node holding d2's slot dies: its slot is free again
    engine.getManagementService().executeJob(timerAt(pi, ScaleOut.TIMER_UNDO_HOST_BUSY).getId());
    runContinuations(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT);
    assertThat(childPassed(pi, "2@d2")).contains(ScaleOut.END_CONTAINER_FAILED);
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "start", "healthy", "revoke", "undoProvision",
        "undoProvision");
  }
}
