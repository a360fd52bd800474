package org.elasticcloud.webapp.config;

import javax.sql.DataSource;
import java.nio.file.Path;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ImageCenter;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.db.LocalIpam;
import org.elasticcloud.integrations.docker.LocalDockerVolumes;
import org.elasticcloud.integrations.registry.RegistryImageCenter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.elasticcloud.db.ConfigStore;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the inventory and the ports to their adapters. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EcloudProperties.class)
public class PlatformConfig {
  @Bean
  Inventory inventory(DataSource dataSource) {
    return new Inventory(JdbcClient.create(dataSource));
  }

  @Bean
  TemplateStore templateStore(DataSource dataSource) {
    return new TemplateStore(JdbcClient.create(dataSource));
  }

  @Bean
  ConfigStore configStore(DataSource dataSource) {
    return new ConfigStore(JdbcClient.create(dataSource));
  }

  @Bean(destroyMethod = "close")
  DockerEngines dockerEngines(EcloudProperties props) {
    return new DockerEngines(props.docker().connectTimeout(), props.docker().responseTimeout());
  }

  @Bean
  ContainerRuntime containerRuntime(DockerEngines engines) {
    return new DockerContainerRuntime(engines);
  }

  @Bean
  @ConditionalOnProperty(name = "ecloud.network.authority", havingValue = "local", matchIfMissing = true)
  NetworkPorts localIpam(DataSource dataSource, EcloudProperties props) {
    return new LocalIpam(JdbcClient.create(dataSource), props.network().subnet(), props.network().pool());
  }

  @Bean
  @ConditionalOnProperty(name = "ecloud.volumes.authority", havingValue = "local", matchIfMissing = true)
  Volumes volumes(DockerEngines engines, EcloudProperties props, Inventory inventory) {
    return new LocalDockerVolumes(engines, Path.of(props.volumes().root()), host -> inventory.hosts
        .findOneBy("name", host).map(Host::engineEndpoint)
        .orElseThrow(() -> new IllegalArgumentException("ECP-VOL-020 no host named " + host)));
  }

  @Bean
  ImageCenter imageCenter(DockerEngines engines, EcloudProperties props) {
    return new RegistryImageCenter(engines, props.images().registry());
  }
}
