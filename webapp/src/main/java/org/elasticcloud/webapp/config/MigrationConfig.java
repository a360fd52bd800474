package org.elasticcloud.webapp.config;

import javax.sql.DataSource;
import org.elasticcloud.core.migration.RestartPolicy;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.delegates.migration.MigrationSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What fault migration needs besides the scaling beans: its store and its settings (ADR 0015). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MigrationProperties.class)
public class MigrationConfig {
  @Bean
  MigrationStore migrationStore(DataSource dataSource) {
    return new MigrationStore(JdbcClient.create(dataSource));
  }

  /** Named {@value MigrationSettings#BEAN}: the models' re-plan timers read {@code ${migrationSettings.replanWait}}. */
  @Bean(MigrationSettings.BEAN)
  MigrationSettings migrationSettings(MigrationProperties p) {
    return new MigrationSettings(new RestartPolicy(p.restartMax(), p.restartWindow()), p.replanWait(), p.stopGrace());
  }
}
