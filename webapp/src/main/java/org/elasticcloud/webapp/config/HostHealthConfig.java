package org.elasticcloud.webapp.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.elasticcloud.core.health.HostFencer;
import org.elasticcloud.core.health.HostHealthJudge;
import org.elasticcloud.core.port.ClusterRegistry;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.db.HostHealthStore;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.webapp.monitoring.EngineProber;
import org.elasticcloud.webapp.monitoring.HardwareFaultListener;
import org.elasticcloud.webapp.monitoring.HostHealthMonitor;
import org.elasticcloud.webapp.monitoring.HostHealthService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Host-down detection, fencing and hardware-fault marking (ADR 0014): the store, the fencer, the
 * engine prober, the judge, the service they share, the monitor (started once the node is ready,
 * active on one node at a time) and the listener of agents' reports.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HostHealthProperties.class)
public class HostHealthConfig {
  /** Host health reads the system clock (the judge is tested with its own). */
  private static final Clock CLOCK = Clock.systemUTC();

  @Bean
  HostHealthStore hostHealthStore(DataSource dataSource, PlatformTransactionManager transactions) {
    return new HostHealthStore(JdbcClient.create(dataSource), transactions);
  }

  @Bean
  HostFencer hostFencer(ContainerRuntime runtime, Inventory inventory) {
    return new HostFencer(runtime, name -> inventory.containers.findOneBy("name", name));
  }

  @Bean(destroyMethod = "close")
  EngineProber engineProber(ContainerRuntime runtime, HostHealthProperties props) {
    return new EngineProber(runtime, props.probeTimeout());
  }

  @Bean
  HostHealthJudge hostHealthJudge(HostHealthProperties props) {
    return new HostHealthJudge(CLOCK, props.downAfter(), props.recoverAfter(), props.autoReturn());
  }

  @Bean
  HostHealthService hostHealthService(Inventory inventory, HostHealthStore store, HostFencer fencer,
      EngineProber prober, ClusterRegistry registry, ApplicationEventPublisher events) {
    return new HostHealthService(inventory, store, fencer, prober, registry, events, CLOCK);
  }

  @Bean(destroyMethod = "close")
  HostHealthMonitor hostHealthMonitor(CuratorFramework curator, EcloudProperties ecloud, ClusterRegistry registry,
      Inventory inventory, HostHealthService service, EngineProber prober, HostHealthJudge judge,
      HostHealthProperties props, @Value("${server.port:8080}") int port) {
    return new HostHealthMonitor(curator, ecloud.zookeeper().basePath(), ecloud.nodeIdOr(port), registry, inventory,
        service, prober, judge, props.probeInterval(), CLOCK);
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> startHostHealthMonitor(HostHealthMonitor monitor) {
    return event -> monitor.start();
  }

  @Bean
  HardwareFaultListener hardwareFaultListener(HostHealthService service) {
    return new HardwareFaultListener(service);
  }
}
