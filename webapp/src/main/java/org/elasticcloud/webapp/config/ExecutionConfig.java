package org.elasticcloud.webapp.config;

import org.apache.curator.framework.CuratorFramework;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultFailedJobCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.delegates.jobs.OptimisticLockingRetries;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.elasticcloud.integrations.zookeeper.CuratorHostSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The concurrency caps and the retry back-off (ADR 0011): K slots per host in ZooKeeper for the
 * container operations, M jobs per node through Camunda's job executor (mapped in
 * {@code application.yaml}), and one engine-wide retry cycle for every asynchronous step.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExecutionProperties.class)
public class ExecutionConfig {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionConfig.class);

  @Bean
  HostSlots hostSlots(CuratorFramework curator, EcloudProperties props, ExecutionProperties execution) {
    return new CuratorHostSlots(curator, props.zookeeper().basePath(), execution.hostSlots());
  }

  /** Named {@value ContainerSlots#BEAN}: the models' busy timers read {@code ${containerSlots.busyWait}}. */
  @Bean(ContainerSlots.BEAN)
  ContainerSlots containerSlots(HostSlots hostSlots, ExecutionProperties execution) {
    return new ContainerSlots(hostSlots, execution.hostBusyWait());
  }

  /**
   * Sets the engine-wide retry cycle: every job without its own {@code failedJobRetryTimeCycle} in
   * the model (none of ours has one) backs off through these intervals, then raises an incident;
   * an optimistic-locking conflict is retried at once first ({@link OptimisticLockingRetries}).
   */
  @Bean
  ProcessEnginePlugin executionSettingsPlugin(ExecutionProperties execution, CamundaBpmProperties camunda) {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobRetryTimeCycle(execution.retryCycle());
        // a job that lost an optimistic-locking race runs again at once (up to 3 times), not after the back-off
        FailedJobCommandFactory failed = configuration.getFailedJobCommandFactory();
        configuration.setFailedJobCommandFactory(
            new OptimisticLockingRetries(failed != null ? failed : new DefaultFailedJobCommandFactory()));
        JobExecutionProperty jobs = camunda.getJobExecution();
        LOG.info("ECP-EXEC-100 {} container operations at once per host, {} jobs at once on this node "
            + "(job executor: {} threads, queue {}, {} per acquisition), retries after {}, a full host waits {}",
            execution.hostSlots(), execution.nodeJobs(), jobs.getMaxPoolSize(), jobs.getQueueCapacity(),
            jobs.getMaxJobsPerAcquisition(), execution.retryCycle(), execution.hostBusyWait());
        if (jobs.getMaxPoolSize() != execution.nodeJobs() || jobs.getCorePoolSize() > execution.nodeJobs()) {
          LOG.warn("ECP-EXEC-101 camunda.bpm.job-execution pool sizes ({}/{}) differ from ecloud.execution.node-jobs "
              + "({}): this node runs up to {} jobs at once", jobs.getCorePoolSize(), jobs.getMaxPoolSize(),
              execution.nodeJobs(), jobs.getMaxPoolSize());
        }
      }
    };
  }
}
