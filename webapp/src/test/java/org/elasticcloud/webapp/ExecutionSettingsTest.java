package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.el.StartProcessVariableScope;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.elasticcloud.integrations.zookeeper.CuratorHostSlots;
import org.elasticcloud.webapp.config.ExecutionProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The defaults of {@code ecloud.execution} reach their places: K slots per host in ZooKeeper, the
 * node's job cap M in Camunda's job executor, the retry back-off in the engine, the busy wait where
 * the models' timers read it.
 */
class ExecutionSettingsTest extends ApiTestBase {
  @Autowired
  ProcessEngine engine;
  @Autowired
  HostSlots hostSlots;
  @Autowired
  ContainerSlots containerSlots;
  @Autowired
  @Qualifier("camundaTaskExecutor")
  ThreadPoolTaskExecutor jobThreads;

  private ProcessEngineConfigurationImpl configuration() {
    return (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  @Test
  void hostSlotsAreInZooKeeperWithTheDefaultCap() {
    assertThat(hostSlots).isInstanceOf(CuratorHostSlots.class);
    assertThat(hostSlots.slotsPerHost()).isEqualTo(2);
    try (HostSlots.Slot a = hostSlots.tryTake("settings-test").orElseThrow();
        HostSlots.Slot b = hostSlots.tryTake("settings-test").orElseThrow()) {
      assertThat(hostSlots.tryTake("settings-test")).isEmpty();
    }
    assertThat(hostSlots.taken("settings-test")).isZero();
  }

  @Test
  void theNodesJobCapSizesCamundasJobExecutor() {
    assertThat(jobThreads.getCorePoolSize()).isEqualTo(4);
    assertThat(jobThreads.getMaxPoolSize()).isEqualTo(4);
    assertThat(jobThreads.getQueueCapacity()).isEqualTo(4);
    assertThat(configuration().getJobExecutor().getMaxJobsPerAcquisition()).isEqualTo(4);
  }

  @Test
  void theRetryBackOffIsTheEnginesDefault() {
    assertThat(configuration().getFailedJobRetryTimeCycle()).isEqualTo("PT2S,PT10S,PT30S");
  }

  @Test
  void theModelsBusyTimerReadsTheConfiguredWait() {
    Object wait = configuration().getCommandExecutorTxRequired().execute(context -> configuration()
        .getExpressionManager().createExpression("${containerSlots.busyWait}")
        .getValue(StartProcessVariableScope.getSharedInstance()));
    assertThat(wait).isEqualTo("PT1S").isEqualTo(containerSlots.getBusyWait());
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new ExecutionProperties(0, 4, List.of(Duration.ofSeconds(2)), Duration.ofSeconds(1)))
        .hasMessageContaining("host-slots");
    assertThatThrownBy(() -> new ExecutionProperties(2, 0, List.of(Duration.ofSeconds(2)), Duration.ofSeconds(1)))
        .hasMessageContaining("node-jobs");
    assertThatThrownBy(() -> new ExecutionProperties(2, 4, List.of(), Duration.ofSeconds(1)))
        .hasMessageContaining("retry-intervals");
    assertThat(new ExecutionProperties(2, 4, List.of(Duration.ofSeconds(5), Duration.ofMinutes(1)),
        Duration.ofMillis(500)).retryCycle()).isEqualTo("PT5S,PT1M");
  }
}
