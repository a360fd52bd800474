package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.ScaleIn;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ApplicationLeaseProcess as an operation (ScaleInProcess) calls it: it returns at once when the
 * lease is free, otherwise it waits, visibly, on a message or its safety-net timer, and looks again;
 * the operation gives its lease back however it ends.
 */
@Deployment(resources = {"bpmn/ApplicationLeaseProcess.bpmn", "bpmn/ScaleInProcess.bpmn"})
class ApplicationLeaseProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  /** What the queue answers at each look: is this operation at the head? */
  private final List<Boolean> heads = Collections.synchronizedList(new ArrayList<>());
  private final List<String> looks = Collections.synchronizedList(new ArrayList<>());
  private final List<String> released = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    Mocks.register("takeApplicationLeaseDelegate", (JavaDelegate) e -> {
      looks.add(e.getVariable(Vars.APPLICATION) + "/" + e.getVariable(Vars.OPERATION_ID) + "/"
          + e.getVariable(Vars.OPERATION_DESCRIPTION));
      boolean head = heads.isEmpty() || heads.remove(0);
      e.setVariable(Vars.LEASE_HELD, head);
      e.setVariable(Vars.WAITING_FOR, head ? null : "the lease of application cap: 1 operation(s) ahead");
    });
    Mocks.register("releaseApplicationLeaseListener", (ExecutionListener) e -> released.add(e.getProcessInstanceId()));
    // the rest of the scale-in stops at its first step: this test is about the lease
    Mocks.register("checkMinimumDelegate", (JavaDelegate) e -> {
      e.setVariable(Vars.NEEDS_APPROVAL, true);
      e.setVariable(Vars.APPROVER_GROUP, "owners-cap");
    });
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
  }

  private ProcessInstance operation() {
    return engine.getRuntimeService().startProcessInstanceByKey(ScaleIn.PROCESS_ID, "cap/production/v2/dc1",
        Map.of(Vars.APPLICATION, "cap", Vars.GROUP_ID, 7L, Vars.COUNT, 1, Vars.DATACENTER_ID, 1L));
  }

  private ProcessInstance leaseOf(ProcessInstance operation) {
    return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(operation.getId())
        .singleResult();
  }

  private void takeLease() {
    Job job = engine.getManagementService().createJobQuery().activityId(ApplicationLease.TASK_TAKE_LEASE).singleResult();
    engine.getManagementService().executeJob(job.getId());
  }

  @Test
  void aFreeLeaseIsTakenAtOnceAndTheOperationGoesOn() {
    ProcessInstance op = operation();
    ProcessInstance lease = leaseOf(op);
    assertThat(lease).isWaitingAt(ApplicationLease.TASK_TAKE_LEASE);
    assertThat(engine.getRuntimeService().getVariable(lease.getId(), Vars.OPERATION_ID)).isEqualTo(op.getId());
    assertThat(lease.getBusinessKey()).isEqualTo("cap/production/v2/dc1");

    takeLease();

    assertThat(lease).isEnded().hasPassed(ApplicationLease.END_HELD);
    assertThat(op).isWaitingAt(ScaleIn.TASK_APPROVE);
    assertThat(looks).containsExactly("cap/" + op.getId() + "/scale-in of cap by 1 (cap/production/v2/dc1)");
  }

  @Test
  void aBusyLeaseIsAwaitedOnAMessageWithoutAnyJobLocked() {
    heads.add(false);
    ProcessInstance op = operation();
    ProcessInstance lease = leaseOf(op);
    takeLease();

    assertThat(lease).isWaitingAt(ApplicationLease.GATEWAY_WAIT);
    assertThat(engine.getRuntimeService().getVariable(lease.getId(), Vars.WAITING_FOR)).asString()
        .contains("1 operation(s) ahead");
    // only the safety-net timer is a job, and it is not due yet
    assertThat(engine.getManagementService().createJobQuery().executable().count()).isZero();

    engine.getRuntimeService().createMessageCorrelation(ApplicationLease.MESSAGE_GRANTED)
        .processInstanceVariableEquals(Vars.OPERATION_ID, op.getId()).correlateAllWithResult();
    takeLease();

    assertThat(lease).isEnded();
    assertThat(op).isWaitingAt(ScaleIn.TASK_APPROVE);
    assertThat(looks).hasSize(2);
  }

  @Test
  void theTimerLooksAgainWhenNoMessageCame() {
    heads.add(false);
    heads.add(false);
    ProcessInstance op = operation();
    takeLease();
    ProcessInstance lease = leaseOf(op);

    for (int round = 0; round < 2; round++) {
      Job timer = engine.getManagementService().createJobQuery().timers().processInstanceId(lease.getId()).singleResult();
      engine.getManagementService().executeJob(timer.getId());
      takeLease();
    }

    assertThat(lease).isEnded();
    assertThat(op).isWaitingAt(ScaleIn.TASK_APPROVE);
    assertThat(looks).hasSize(3);
  }

  @Test
  void aCancelledOperationGivesItsPlaceBack() {
    heads.add(false);
    ProcessInstance op = operation();
    takeLease();

    engine.getRuntimeService().deleteProcessInstance(op.getId(), "cancelled by an operator");

    assertThat(released).containsExactly(op.getId());
    assertThat(engine.getRuntimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void anOperationEndingNormallyGivesItsLeaseBack() {
    ProcessInstance op = operation();
    takeLease();
    BpmnAwareTests.complete(BpmnAwareTests.task(op), Map.of(Vars.APPROVED, false));

    assertThat(op).isEnded().hasPassed(ScaleIn.END_REJECTED);
    assertThat(released).containsExactly(op.getId());
  }
}
