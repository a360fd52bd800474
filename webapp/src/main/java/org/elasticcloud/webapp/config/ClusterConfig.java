package org.elasticcloud.webapp.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.elasticcloud.integrations.zookeeper.CuratorOperationQueue;
import org.elasticcloud.webapp.cluster.JobOwners;
import org.elasticcloud.delegates.lease.OperationQueueWatch;
import org.elasticcloud.webapp.cluster.OrphanJobRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Several nodes, one platform (ADR 0009): the per-application operation queues in ZooKeeper, this
 * JVM's job-owner identity, and a housekeeping thread that hands dead nodes' jobs over and sweeps
 * the queues.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
public class ClusterConfig {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterConfig.class);

  @Bean(destroyMethod = "close")
  CuratorOperationQueue operationQueue(CuratorFramework curator, EcloudProperties props) {
    return new CuratorOperationQueue(curator, props.zookeeper().basePath());
  }

  /** A process-engine plugin: the job executor gets its lock owner before it starts. */
  @Bean(destroyMethod = "close")
  JobOwners jobOwners(CuratorFramework curator, EcloudProperties props, @Value("${server.port:8080}") int port) {
    return new JobOwners(curator, props.zookeeper().basePath(), props.nodeIdOr(port));
  }

  @Bean
  OrphanJobRelease orphanJobRelease(DataSource dataSource, JobOwners owners, ObjectProvider<JobExecutor> jobExecutor) {
    // the job executor may be idling for seconds: tell it there is work now
    return new OrphanJobRelease(dataSource, owners, () -> jobExecutor.ifAvailable(JobExecutor::jobWasAdded));
  }

  @Bean
  OperationQueueWatch operationQueueWatch(CuratorOperationQueue queue, RuntimeService runtime) {
    return new OperationQueueWatch(queue, runtime);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService clusterHousekeeping() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ecloud-cluster-housekeeping");
      t.setDaemon(true);
      return t;
    });
  }

  /** Once the node is ready: watch the queues, and keep house on a timer. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> startClusterHousekeeping(ScheduledExecutorService clusterHousekeeping,
      OperationQueueWatch watch, OrphanJobRelease orphans, JobOwners owners, ClusterProperties cluster) {
    return event -> {
      watch.start();
      // a node's departure is seen at once; the timer below is the safety net
      owners.onDeparture(() -> clusterHousekeeping.execute(() -> {
        try {
          orphans.releaseOrphans();
        } catch (RuntimeException e) {
          LOG.warn("ECP-CLUSTER-021 handing over a departed node's jobs failed: {}", e.toString());
        }
      }));
      long every = cluster.housekeepingInterval().toMillis();
      clusterHousekeeping.scheduleWithFixedDelay(() -> {
        try {
          orphans.releaseOrphans();
          watch.sweep();
        } catch (RuntimeException e) {
          LOG.warn("ECP-CLUSTER-020 housekeeping failed, next round in {} ms: {}", every, e.toString());
        }
      }, 0, every, TimeUnit.MILLISECONDS);
    };
  }
}
