package org.elasticcloud.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Runs the platform's Flyway migrations on a data source (the application lets Spring Boot do it). */
public final class Migrations {
  /** Where the migrations live on the classpath. */
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {
  }

  public static void migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations(LOCATION).load().migrate();
  }
}
