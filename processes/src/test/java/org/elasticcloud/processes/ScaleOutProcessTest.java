package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of ScaleOutProcess in an in-memory engine. The model is what is tested here: each
 * delegate is replaced by a recorder that can be told to fail (the delegates themselves run for
 * real in the application's tests against the lab).
 */
@Deployment(resources = {"bpmn/ScaleOutProcess.bpmn", "bpmn/ApplicationLeaseProcess.bpmn"})
class ScaleOutProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private boolean needsApproval;
  private boolean noHostFits;
  private String unhealthy;
  private final AtomicBoolean grantBroken = new AtomicBoolean();

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
    Mocks.register("takeApplicationLeaseDelegate", (JavaDelegate) e -> e.setVariable(Vars.LEASE_HELD, true));
    Mocks.register("releaseApplicationLeaseListener",
        (org.camunda.bpm.engine.delegate.ExecutionListener) e -> released.add(e.getProcessInstanceId()));
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
    Mocks.register("startContainerDelegate", recorder("start", NOTHING));
    Mocks.register("grantDatabaseDelegate", recorder("grant", e -> {
      if (grantBroken.get()) {
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
    Mocks.register("undoProvisionDelegate", recorder("undoProvision", NOTHING));
    Mocks.register("revokeDatabaseDelegate", recorder("revoke", NOTHING));
    Mocks.register("unmountVipDelegate", recorder("unmount", NOTHING));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
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

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_NO_HOST_FITS).hasNotPassed(ScaleOut.SUBPROCESS_CONTAINER);
    assertThat(calls).containsExactly("quota", "place");
  }

  @Test
  void aContainerFailingForGood_hasItsFinishedStepsUndoneInReverse_andTheOtherFinishes() {
    unhealthy = "2@d2";
    ProcessInstance pi = start();
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT).hasPassed(ScaleOut.END_CONTAINER_FAILED);
    assertThat(callsOf("1@d1")).containsExactly("allocate", "grant", "start", "healthy", "mount", "monitor", "logs", "ready");
    assertThat(callsOf("2@d2")).containsExactly("allocate", "grant", "start", "healthy", "revoke", "undoProvision");
  }

  @Test
  void aTechnicalFailure_retriesThenRaisesAnIncident_andAnOperatorsRetryResumesThere() {
    grantBroken.set(true);
    ProcessInstance pi = start();
    runJobs(pi);

    List<Incident> incidents = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).list();
    assertThat(incidents).hasSize(2).allSatisfy(i -> assertThat(i.getActivityId()).isEqualTo(ScaleOut.TASK_GRANT));
    assertThat(calls).filteredOn(c -> c.startsWith("grant")).hasSize(6); // 3 attempts per container
    assertThat(pi).isNotEnded();

    // the database is back; the operator retries the failed jobs (as Cockpit does, over the API)
    grantBroken.set(false);
    for (Incident i : incidents) {
      engine.getManagementService().setJobRetries(i.getConfiguration(), 1);
    }
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(ScaleOut.END_SCALED_OUT);
    assertThat(calls).filteredOn(c -> c.startsWith("allocate")).hasSize(2); // allocation was not repeated
    assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
  }
}
