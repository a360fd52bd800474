package org.elasticcloud.webapp.config;

import javax.sql.DataSource;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.reconcile.BusyApplications;
import org.elasticcloud.core.reconcile.RealSystems;
import org.elasticcloud.core.reconcile.Repairer;
import org.elasticcloud.core.reconcile.Subnet;
import org.elasticcloud.db.ReconciliationStore;
import org.elasticcloud.delegates.ProcessNames.Reconcile;
import org.elasticcloud.delegates.reconcile.ReconcileSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What ReconcileProcess needs: its settings (the bean its timer's cycle expression reads), the
 * report store, the reader of the real systems, the repairer, and which applications are busy.
 *
 * <p>The operation queue is optional: without an {@link OperationQueue} bean no application counts
 * as busy (a warning says so at start). It is looked up at every run, so a queue wired later is used.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconcileProperties.class)
public class ReconcileConfig {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileConfig.class);

  @Bean(Reconcile.SETTINGS_BEAN)
  ReconcileSettings reconcileSettings(ReconcileProperties props, EcloudProperties ecloud) {
    String network = props.network() != null && !props.network().isBlank() ? props.network()
        : ecloud.network() == null ? null : ecloud.network().subnet();
    return new ReconcileSettings(props.cycle(), props.repair(), props.orphanSightings(),
        network == null || network.isBlank() ? null : Subnet.parse(network), props.keepReports());
  }

  @Bean
  ReconciliationStore reconciliationStore(DataSource dataSource) {
    return new ReconciliationStore(JdbcClient.create(dataSource));
  }

  @Bean
  RealSystems realSystems(ContainerRuntime runtime, NetworkPorts ports, Volumes volumes, DatabaseGrants grants,
      LoadBalancer loadBalancer, ObservationRegistry observation, ReconcileProperties props) {
    return new RealSystems(runtime, ports, volumes, grants, loadBalancer, observation, props.parallelism());
  }

  @Bean
  Repairer reconcileRepairer(ContainerRuntime runtime, NetworkPorts ports, Volumes volumes, DatabaseGrants grants,
      LoadBalancer loadBalancer, ObservationRegistry observation) {
    return new Repairer(runtime, ports, volumes, grants, loadBalancer, observation);
  }

  @Bean
  BusyApplications busyApplications(ObjectProvider<OperationQueue> queue) {
    if (queue.getIfAvailable() == null) {
      LOG.warn("ECP-RECON-010 no OperationQueue: reconciliation counts no application as busy, so an operation "
          + "in flight may show as drift (its orphans are still only removed on their second sighting)");
    }
    return BusyApplications.of(queue::getIfAvailable);
  }
}
