package org.elasticcloud.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Scratch databases for tests: a fresh in-memory H2, or a fresh schema on the MariaDB that
 * {@code lab/test.sh} starts and names in {@code ECLOUD_LAB_JDBC_URL}.
 */
public final class TestDatabases {
  private TestDatabases() {
  }

  /** A new, empty, migrated in-memory H2 database. */
  public static DataSource migratedH2() {
    DriverManagerDataSource ds = new DriverManagerDataSource(
        "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    migrate(ds);
    return ds;
  }

  /** A scratch schema on the lab's MariaDB; {@link #dropMySql(String)} removes it. */
  public static Scratch migratedMySql() {
    String url = System.getenv("ECLOUD_LAB_JDBC_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_JDBC_URL is not set: run the tests with lab/test.sh, "
          + "which starts MariaDB (lab/mariadb.sh) and sets it");
    }
    String user = System.getenv().getOrDefault("ECLOUD_LAB_MYSQL_USER", "ecloud");
    String password = System.getenv().getOrDefault("ECLOUD_LAB_MYSQL_PASSWORD", "ecloud");
    String schema = "ecloud_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create scratch schema on " + url, e);
    }
    String schemaUrl = url.replaceFirst("/[A-Za-z0-9_]*(\\?|$)", "/" + schema + "$1");
    DriverManagerDataSource ds = new DriverManagerDataSource(schemaUrl, user, password);
    migrate(ds);
    return new Scratch(ds, schema, url, user, password);
  }

  /** A scratch schema and how to drop it. */
  public record Scratch(DataSource dataSource, String schema, String serverUrl, String user, String password) {
    public void drop() {
      try (Connection c = DriverManager.getConnection(serverUrl, user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + schema);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop " + schema, e);
      }
    }
  }

  private static void migrate(DataSource ds) {
    Migrations.migrate(ds);
  }
}
