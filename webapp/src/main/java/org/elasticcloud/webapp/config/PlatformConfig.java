package org.elasticcloud.webapp.config;

import javax.sql.DataSource;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.db.ConfigStore;
import org.elasticcloud.db.Inventory;
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
}
