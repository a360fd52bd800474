package org.elasticcloud.webapp.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.elasticcloud.core.placement.SpreadPolicy;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.integrations.grants.MySqlDatabaseGrants;
import org.elasticcloud.integrations.vip.HaproxyLoadBalancer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What scaling needs: placement rules, the provisioner over the ports, grants and the VIP. */
@Configuration(proxyBeanMethods = false)
public class ScalingConfig {
  @Bean
  ScalingQueries scalingQueries(DataSource dataSource) {
    return new ScalingQueries(JdbcClient.create(dataSource));
  }

  @Bean
  ScaleOutSettings scaleOutSettings(EcloudProperties props) {
    EcloudProperties.ContainerAccess access = props.containerAccess();
    return new ScaleOutSettings(new SpreadPolicy(props.placement().maxSharePerHost(), props.placement().maxSharePerSwitch()),
        access.baseUrl(), props.network().dockerNetwork(),
        props.scaling().healthTimeout(), props.scaling().healthPort());
  }

  @Bean
  ContainerProvisioner containerProvisioner(ContainerRuntime runtime, NetworkPorts ports, Volumes volumes,
      Inventory inventory, EcloudProperties props) {
    return new ContainerProvisioner(runtime, ports, volumes, name -> inventory.hosts.findOneBy("name", name),
        props.network().dockerNetwork());
  }

  /** One administrator account for every application database server (ECLOUD_GRANTS_ADMIN_*). */
  @Bean
  DatabaseGrants databaseGrants(EcloudProperties props) {
    EcloudProperties.Grants g = props.grants();
    MySqlDatabaseGrants.AdminAccount admin = g.adminUser() == null || g.adminUser().isBlank() ? null
        : new MySqlDatabaseGrants.AdminAccount(g.adminUser(), g.adminPassword());
    return new MySqlDatabaseGrants(server -> admin, reference -> null, Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  @Bean
  LoadBalancer loadBalancer(EcloudProperties props) {
    EcloudProperties.Vip v = props.vip();
    if (!v.configured()) {
      return new UnconfiguredLoadBalancer();
    }
    List<String> reload = Arrays.asList(v.reloadCommand().trim().split("\\s+"));
    return new HaproxyLoadBalancer(new HaproxyLoadBalancer.Settings(Path.of(v.socket()), Path.of(v.definitions()),
        reload, v.range(), Duration.ofSeconds(10)));
  }

}
