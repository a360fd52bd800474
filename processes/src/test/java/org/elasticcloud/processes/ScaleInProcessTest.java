package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.fake.InMemoryHostSlots;
import org.elasticcloud.delegates.ProcessNames.ScaleIn;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of ScaleInProcess in an in-memory engine, each delegate replaced by a recorder; stop and
 * remove take their host's slot through the real {@link ContainerSlots} on an in-memory cap of one.
 */
@Deployment(resources = {"bpmn/ScaleInProcess.bpmn", "bpmn/ApplicationLeaseProcess.bpmn"})
class ScaleInProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private boolean belowMinimum;
  private final InMemoryHostSlots.Cluster cluster = new InMemoryHostSlots.Cluster();
  private final HostSlots otherNode = cluster.node(1);
  private final ContainerSlots containerSlots = new ContainerSlots(cluster.node(1), Duration.ofSeconds(1));

  private JavaDelegate recorder(String step, JavaDelegate behaviour) {
    return execution -> {
      Object c = execution.getVariable(Vars.PLANNED_CONTAINER);
      calls.add(step + (c == null ? "" : ":" + c));
      behaviour.execute(execution);
    };
  }

  /** Operations whose lease was given back (the process-level end listener). */
  private final List<String> released = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    OperationMocks.register(released, containerSlots);
    Mocks.register("checkMinimumDelegate", recorder("minimum", e -> {
      e.setVariable(Vars.NEEDS_APPROVAL, belowMinimum);
      e.setVariable(Vars.APPROVER_GROUP, "owners-cap");
    }));
    Mocks.register("chooseVictimsDelegate", recorder("choose", e -> e.setVariable(Vars.VICTIMS, List.of("3@d1", "4@d2"))));
    for (String step : List.of("unmountVip", "forgetObservation", "revokeDatabase")) {
      Mocks.register(step + "Delegate", recorder(step, e -> { }));
    }
    Mocks.register("stopContainerDelegate", recorder("stopContainer", OperationMocks.onHost(containerSlots)));
    Mocks.register("undoProvisionDelegate", recorder("undoProvision", OperationMocks.onHost(containerSlots)));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
  }

  /** Starts the operation and lets it take its (free) application lease. */
  private ProcessInstance start() {
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(ScaleIn.PROCESS_ID, "cap/production/v2/dc1",
        Map.of(Vars.APPLICATION, "cap", Vars.GROUP_ID, 7L, Vars.COUNT, 2, Vars.DATACENTER_ID, 1L));
    assertThat(pi).isWaitingAt(ApplicationLease.CALL_ACTIVITY);
    for (Job lease : engine.getManagementService().createJobQuery().processDefinitionKey(ApplicationLease.PROCESS_ID).list()) {
      engine.getManagementService().executeJob(lease.getId());
    }
    return pi;
  }

  private void runJobs(ProcessInstance pi) {
    for (int guard = 0; guard < 100; guard++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().withRetriesLeft().list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(j -> engine.getManagementService().executeJob(j.getId()));
    }
  }

  /** Runs the asynchronous continuations (not the timers) until none is left. */
  private void runContinuations(ProcessInstance pi) {
    for (int guard = 0; guard < 100; guard++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).messages()
          .executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      jobs.forEach(j -> engine.getManagementService().executeJob(j.getId()));
    }
  }

  private void fireTimer(ProcessInstance pi, String timerId) {
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).timers()
        .activityId(timerId).singleResult();
    engine.getManagementService().executeJob(timer.getId());
  }

  private List<String> callsOf(String c) {
    return calls.stream().filter(x -> x.endsWith(":" + c)).map(x -> x.substring(0, x.indexOf(':'))).toList();
  }

  @Test
  void aboveTheMinimum_eachVictimIsUnmountedStoppedRevokedAndRemoved() {
    ProcessInstance pi = start();
    runJobs(pi);

    assertThat(pi).isEnded().hasPassed(ScaleIn.END_SCALED_IN).hasNotPassed(ScaleIn.TASK_APPROVE);
    for (String c : List.of("3@d1", "4@d2")) {
      assertThat(callsOf(c)).containsExactly("unmountVip", "forgetObservation", "stopContainer", "revokeDatabase",
          "undoProvision");
    }
  }

  @Test
  void belowTheMinimum_approved_proceeds() {
    belowMinimum = true;
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt(ScaleIn.TASK_APPROVE);
    assertThat(task(pi)).hasCandidateGroup("owners-cap");
    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, true));
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(ScaleIn.END_SCALED_IN);
    assertThat(calls).filteredOn(c -> c.startsWith("undoProvision")).hasSize(2);
  }

  @Test
  void belowTheMinimum_rejected_removesNothing() {
    belowMinimum = true;
    ProcessInstance pi = start();
    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, false));
    runJobs(pi);
    assertThat(pi).isEnded().hasPassed(ScaleIn.END_REJECTED).hasNotPassed(ScaleIn.TASK_CHOOSE_VICTIMS);
    assertThat(calls).containsExactly("minimum");
    assertThat(released).containsExactly(pi.getId());
  }

  @Test
  void aFullHost_stopAndRemoveWaitForAFreeSlot_withoutFailingOrSpendingRetries() {
    HostSlots.Slot held = otherNode.tryTake("d1").orElseThrow(); // another operation holds d1's only slot
    ProcessInstance pi = start();
    runContinuations(pi);

    assertThat(pi).isWaitingAt(ScaleIn.TIMER_STOP_HOST_BUSY);
    assertThat(callsOf("3@d1")).containsExactly("unmountVip", "forgetObservation", "stopContainer");
    assertThat(callsOf("4@d2")).containsExactly("unmountVip", "forgetObservation", "stopContainer", "revokeDatabase",
        "undoProvision");
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).withException().count())
        .isZero();

    held.close();
    fireTimer(pi, ScaleIn.TIMER_STOP_HOST_BUSY);
    runContinuations(pi);
    assertThat(pi).isEnded().hasPassed(ScaleIn.END_SCALED_IN);
    assertThat(callsOf("3@d1")).containsExactly("unmountVip", "forgetObservation", "stopContainer", "stopContainer",
        "revokeDatabase", "undoProvision");
  }

  @Test
  void aHostFillingUpBeforeTheRemoval_theRemovalWaitsAndThenRuns() {
    Mocks.register("revokeDatabaseDelegate", recorder("revokeDatabase", e -> {
      if ("3@d1".equals(e.getVariable(Vars.PLANNED_CONTAINER))) {
        otherNode.tryTake("d1").orElseThrow(); // meanwhile another operation takes d1's only slot
      }
    }));
    ProcessInstance pi = start();
    runContinuations(pi);

    assertThat(pi).isWaitingAt(ScaleIn.TIMER_REMOVE_HOST_BUSY);
    assertThat(callsOf("3@d1")).containsExactly("unmountVip", "forgetObservation", "stopContainer", "revokeDatabase",
        "undoProvision");

    cluster.kill((InMemoryHostSlots) otherNode); // the node holding the slot dies: the slot frees itself
    fireTimer(pi, ScaleIn.TIMER_REMOVE_HOST_BUSY);
    runContinuations(pi);
    assertThat(pi).isEnded().hasPassed(ScaleIn.END_SCALED_IN);
    assertThat(callsOf("3@d1")).endsWith("revokeDatabase", "undoProvision", "undoProvision");
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
  }
}
