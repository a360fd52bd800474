package org.elasticcloud.webapp.config;

import java.nio.file.Path;
import java.time.Duration;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.integrations.docker.SharedDirectoryBinder;
import org.elasticcloud.integrations.openstack.CinderVolumes;
import org.elasticcloud.integrations.openstack.NeutronNetworkPorts;
import org.elasticcloud.integrations.openstack.OpenStackSession;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Neutron and Cinder adapters, when the network or volume authority is OpenStack. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${ecloud.network.authority:local}' == 'neutron' or '${ecloud.volumes.authority:local}' == 'cinder'")
public class OpenStackConfig {
  @Bean
  OpenStackSession openStackSession(EcloudProperties props) {
    EcloudProperties.OpenStack os = props.openstack();
    if (os == null || os.authUrl() == null || os.authUrl().isBlank() || os.password() == null || os.password().isBlank()) {
      throw new IllegalStateException("ECP-OS-001 OpenStack is the network or volume authority but "
          + "ecloud.openstack.auth-url/password (ECLOUD_OS_AUTH_URL, ECLOUD_OS_PASSWORD) are not set");
    }
    return new OpenStackSession(new OpenStackSession.Settings(os.authUrl(), os.user(), os.password(), os.project(),
        os.domain(), os.region()), Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  @Bean
  @ConditionalOnProperty(name = "ecloud.network.authority", havingValue = "neutron")
  NetworkPorts neutronNetworkPorts(OpenStackSession session, EcloudProperties props) {
    EcloudProperties.OpenStack os = props.openstack();
    if (os.networkId() == null || os.networkId().isBlank() || os.subnetId() == null || os.subnetId().isBlank()) {
      throw new IllegalStateException("ECP-OS-002 ecloud.openstack.network-id and subnet-id "
          + "(ECLOUD_OS_NETWORK_ID, ECLOUD_OS_SUBNET_ID) are required with Neutron");
    }
    return new NeutronNetworkPorts(session, os.networkId(), os.subnetId());
  }

  @Bean
  @ConditionalOnProperty(name = "ecloud.volumes.authority", havingValue = "cinder")
  Volumes cinderVolumes(OpenStackSession session, DockerEngines engines, EcloudProperties props, Inventory inventory) {
    return new CinderVolumes(session, new SharedDirectoryBinder(engines, Path.of(props.volumes().root()),
        host -> inventory.hosts.findOneBy("name", host).map(Host::engineEndpoint)
            .orElseThrow(() -> new IllegalArgumentException("ECP-VOL-020 no host named " + host))));
  }
}
