package org.elasticcloud.webapp.config;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.elasticcloud.core.port.ClusterRegistry;
import org.elasticcloud.integrations.zookeeper.CuratorClusterRegistry;
import org.elasticcloud.integrations.zookeeper.CuratorConfigPublisher;
import org.elasticcloud.integrations.zookeeper.CuratorObservationRegistry;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * ZooKeeper through Curator: an in-process server on the embedded default, an external ensemble
 * otherwise. This node joins the cluster registry once its web server listens.
 */
@Configuration(proxyBeanMethods = false)
public class ZooKeeperConfig {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperConfig.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "ecloud.zookeeper.embedded", havingValue = "true")
  EmbeddedZooKeeper embeddedZooKeeper(EcloudProperties props) {
    return new EmbeddedZooKeeper(props.zookeeper().embeddedPort(), new File(props.dataDir(), "zookeeper"));
  }

  @Bean(destroyMethod = "close")
  CuratorFramework curator(EcloudProperties props, ObjectProvider<EmbeddedZooKeeper> embedded) throws InterruptedException {
    EmbeddedZooKeeper server = embedded.getIfAvailable();
    String connect = server != null ? server.connectString() : props.zookeeper().connectString();
    if (connect == null || connect.isBlank()) {
      throw new IllegalStateException("ECP-ZK-003 no ZooKeeper: set ecloud.zookeeper.connect-string "
          + "(ECLOUD_ZK_CONNECT) or ecloud.zookeeper.embedded=true");
    }
    int sessionMs = (int) props.zookeeper().sessionTimeout().toMillis();
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .sessionTimeoutMs(sessionMs)
        .connectionTimeoutMs(Math.min(sessionMs, 15_000))
        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
        .build();
    client.start();
    if (!client.blockUntilConnected(20, TimeUnit.SECONDS)) {
      LOG.warn("ECP-ZK-004 ZooKeeper at {} not reachable yet; Curator keeps trying", connect);
    }
    return client;
  }

  @Bean(destroyMethod = "close")
  CuratorClusterRegistry clusterRegistry(CuratorFramework curator, EcloudProperties props) {
    return new CuratorClusterRegistry(curator, props.zookeeper().basePath());
  }

  @Bean
  CuratorConfigPublisher configPublisher(CuratorFramework curator, EcloudProperties props) {
    return new CuratorConfigPublisher(curator, props.zookeeper().basePath());
  }

  @Bean
  CuratorObservationRegistry containerObservationRegistry(CuratorFramework curator, EcloudProperties props) {
    return new CuratorObservationRegistry(curator, props.zookeeper().basePath());
  }

  /** Joins the registry as a {@code platform} member when the web server is up. */
  @Bean
  ApplicationListener<WebServerInitializedEvent> joinCluster(ClusterRegistry registry, EcloudProperties props) {
    return event -> {
      int port = event.getWebServer().getPort();
      String id = props.nodeIdOr(port);
      registry.join(new ClusterRegistry.Member(id, "platform", "http://" + hostName() + ":" + port, Instant.now()));
    };
  }

  @Bean
  HealthIndicator zookeeperHealthIndicator(CuratorFramework curator) {
    return () -> curator.getZookeeperClient().isConnected()
        ? Health.up().withDetail("connectString", curator.getZookeeperClient().getCurrentConnectionString()).build()
        : Health.down().withDetail("connectString", curator.getZookeeperClient().getCurrentConnectionString()).build();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
