package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.elasticcloud.delegates.jobs.OptimisticLockingRetries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job that loses an optimistic-locking race runs again at once, up to 3 conflicts in a row, without
 * using a retry (on a job-executor thread: next on that thread, still locked); a further conflict
 * backs off like any failure (still without using a retry); other failures
 * keep the engine's back-off. On the engine the process tests share with the application's settings
 * (camunda.cfg.xml: retries after 2, 10 and 30 s).
 */
class OptimisticLockingRetriesTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();
  ProcessEngine engine;
  private final Deque<RuntimeException> failures = new ArrayDeque<>();
  private String deployment;
  private final Date now = new Date(1_800_000_000_000L);

  @BeforeEach
  void deploy() {
    ClockUtil.setCurrentTime(now);
    Mocks.register("step", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> {
      if (!failures.isEmpty()) {
        throw failures.pop();
      }
    });
    BpmnModelInstance model = Bpmn.createExecutableProcess("conflicting").camundaHistoryTimeToLive(1)
        .startEvent().serviceTask("Task_Step").camundaAsyncBefore().camundaDelegateExpression("${step}")
        .userTask("Task_After").endEvent().done();
    deployment = engine.getRepositoryService().createDeployment().addModelInstance("conflicting.bpmn", model)
        .deploy().getId();
  }

  @AfterEach
  void undeploy() {
    engine.getRepositoryService().deleteDeployment(deployment, true);
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void aConflictRunsAgainAtOnceWithoutUsingARetry() {
    failures.add(new OptimisticLockingException("lost the race"));
    String pi = engine.getRuntimeService().startProcessInstanceByKey("conflicting").getId();
    Job job = job(pi);
    int retries = job.getRetries();
    assertThatThrownBy(() -> engine.getManagementService().executeJob(job.getId()))
        .isInstanceOf(OptimisticLockingException.class);

    JobEntity failed = (JobEntity) job(pi);
    assertThat(failed.getRetries()).isEqualTo(retries);
    assertThat(failed.getLockExpirationTime()).as("unlocked: the next acquisition takes it").isNull();
    assertThat(failed.getDuedate()).as("due now").isNull();
    assertThat(failed.getExceptionMessage()).isEqualTo(OptimisticLockingRetries.RETRIED_AT_ONCE + 1);
    assertThat(engine.getManagementService().createJobQuery().executable().count()).isEqualTo(1);

    engine.getManagementService().executeJob(failed.getId());
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(pi).singleResult().getTaskDefinitionKey())
        .isEqualTo("Task_After");
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
  }

  @Test
  void onAJobExecutorThreadTheConflictRunsNextOnThatThreadStillLocked() {
    failures.add(new OptimisticLockingException("lost the race"));
    String pi = engine.getRuntimeService().startProcessInstanceByKey("conflicting").getId();
    String id = job(pi).getId();
    int retries = job(pi).getRetries();
    Date lockedUntil = new Date(now.getTime() + 300_000);
    // as the job executor acquires it: locked by this node
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
        .execute(context -> {
          JobEntity j = context.getJobManager().findJobById(id);
          j.setLockOwner("node-1");
          j.setLockExpirationTime(lockedUntil);
          return null;
        });
    JobExecutorContext thread = new JobExecutorContext();
    Context.setJobExecutorContext(thread);
    try {
      assertThatThrownBy(() -> engine.getManagementService().executeJob(id)).isInstanceOf(OptimisticLockingException.class);
    } finally {
      Context.removeJobExecutorContext();
    }
    assertThat(thread.getCurrentProcessorJobQueue()).containsExactly(id);
    JobEntity failed = (JobEntity) job(pi);
    assertThat(failed.getLockOwner()).as("still this node's: no other node takes it meanwhile").isEqualTo("node-1");
    assertThat(failed.getLockExpirationTime()).isEqualTo(lockedUntil);
    assertThat(failed.getRetries()).isEqualTo(retries);
    assertThat(failed.getExceptionMessage()).isEqualTo(OptimisticLockingRetries.RETRIED_AT_ONCE + 1);
  }

  @Test
  void conflictsAfterTheQuickRetriesBackOffWithoutUsingARetry() {
    for (int i = 0; i < OptimisticLockingRetries.QUICK_RETRIES; i++) {
      failures.add(new OptimisticLockingException("lost the race"));
    }
    failures.add(new OptimisticLockingException("lost it again"));
    String pi = engine.getRuntimeService().startProcessInstanceByKey("conflicting").getId();
    String id = job(pi).getId();
    int retries = job(pi).getRetries();
    for (int i = 1; i <= OptimisticLockingRetries.QUICK_RETRIES; i++) {
      assertThatThrownBy(() -> engine.getManagementService().executeJob(id)).isInstanceOf(OptimisticLockingException.class);
      assertThat(job(pi).getExceptionMessage()).isEqualTo(OptimisticLockingRetries.RETRIED_AT_ONCE + i);
      assertThat(job(pi).getDuedate()).as("due now").isNull();
    }
    assertThatThrownBy(() -> engine.getManagementService().executeJob(id)).isInstanceOf(OptimisticLockingException.class);

    JobEntity failed = (JobEntity) job(pi);
    assertThat(failed.getRetries()).isEqualTo(retries);
    assertThat(failed.getDuedate()).as("due after the back-off").isAfter(now);
    assertThat(failed.getExceptionMessage()).isEqualTo("lost it again");
    assertThat(engine.getManagementService().createJobQuery().executable().count()).as("not before its due date").isZero();
  }

  @Test
  void anotherFailureKeepsTheEnginesBackOff() {
    failures.add(new IllegalStateException("engine not answering"));
    failures.add(new OptimisticLockingException("lost the race"));
    String pi = engine.getRuntimeService().startProcessInstanceByKey("conflicting").getId();
    String id = job(pi).getId();
    int retries = job(pi).getRetries();
    assertThatThrownBy(() -> engine.getManagementService().executeJob(id)).isInstanceOf(IllegalStateException.class);
    JobEntity failed = (JobEntity) job(pi);
    assertThat(failed.getRetries()).isEqualTo(retries - 1);
    assertThat(failed.getDuedate()).isEqualTo(new Date(now.getTime() + 2_000));

    // a conflict on a job that is failing already is not hurried either
    assertThatThrownBy(() -> engine.getManagementService().executeJob(id)).isInstanceOf(OptimisticLockingException.class);
    JobEntity again = (JobEntity) job(pi);
    assertThat(again.getRetries()).isEqualTo(retries - 1);
    assertThat(again.getDuedate()).isAfter(now);
  }

  private Job job(String pi) {
    return engine.getManagementService().createJobQuery().processInstanceId(pi).singleResult();
  }
}
