package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code mysql} profile on the real MariaDB that lab/test.sh starts (a scratch schema) and an
 * external ZooKeeper: Flyway before Camunda, READ COMMITTED, processes running on the job executor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=dba", "ecloud.admin.password=mysql-secret"})
@ActiveProfiles("mysql")
class MySqlProfileTest {
  /**
   * Dropped and created anew at the start of each run, not at its end: Spring closes the cached
   * application context only when the test JVM exits, and the engine uses the schema until then.
   */
  private static final String SCHEMA = "ecloud_app_test";
  private static EmbeddedZooKeeper zookeeper;

  @Autowired
  TestRestTemplate rest;
  @Autowired
  JdbcTemplate jdbc;

  private static String serverUrl() {
    String url = System.getenv("ECLOUD_LAB_JDBC_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_JDBC_URL is not set: run the tests with lab/test.sh");
    }
    return url;
  }

  private static Connection server() throws SQLException {
    return DriverManager.getConnection(serverUrl(), "ecloud", "ecloud");
  }

  @DynamicPropertySource
  static void mysql(DynamicPropertyRegistry registry) throws SQLException, IOException {
    try (Connection c = server(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + SCHEMA);
      s.execute("CREATE DATABASE " + SCHEMA + " CHARACTER SET utf8mb4");
    }
    // lives as long as the test JVM, like the cached application context that uses it
    zookeeper = new EmbeddedZooKeeper(0, Files.createTempDirectory("ecloud-zk-").toFile());
    // nullDatabaseMeansCurrent: Camunda looks for its tables in this schema only, not in any other
    // schema of the server that holds them (another test's, a system test's)
    registry.add("spring.datasource.url", () -> serverUrl().replaceFirst("/ecloud\\?", "/" + SCHEMA + "?")
        + "&nullDatabaseMeansCurrent=true");
    registry.add("spring.datasource.username", () -> "ecloud");
    registry.add("spring.datasource.password", () -> "ecloud");
    registry.add("ecloud.zookeeper.connect-string", zookeeper::connectString);
    registry.add("ecloud.data-dir", () -> System.getProperty("java.io.tmpdir") + "/" + SCHEMA);
  }

  @Test
  void platformAndEngineTablesLiveInMariaDb() {
    assertThat(jdbc.queryForObject("SELECT VERSION()", String.class)).containsIgnoringCase("mariadb");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1", Integer.class))
        .isPositive();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM environment", Integer.class)).isEqualTo(3);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? "
        + "AND table_name = 'ACT_RU_JOB'", Integer.class, SCHEMA)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT @@tx_isolation", String.class)).isNotNull();
  }

  @Test
  void aHostRegistersOnMariaDb() {
    TestRestTemplate admin = rest.withBasicAuth("dba", "mysql-secret");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<Map> dc = admin.postForEntity("/api/datacenters", new HttpEntity<>("{\"name\":\"dc-m\"}", headers), Map.class);
    assertThat(dc.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    ResponseEntity<Map> sw = admin.postForEntity("/api/switches",
        new HttpEntity<>("{\"datacenterId\":" + dc.getBody().get("id") + ",\"name\":\"sw\"}", headers), Map.class);
    String endpoint = System.getenv("ECLOUD_LAB_DOCKER_1");
    assertThat(endpoint).as("ECLOUD_LAB_DOCKER_1 (set by lab/test.sh)").isNotBlank();
    ResponseEntity<Map> host = admin.postForEntity("/api/hosts", new HttpEntity<>("{\"switchId\":" + sw.getBody().get("id")
        + ",\"name\":\"m-host\",\"cores\":4,\"memoryMb\":8192,\"diskGb\":100,\"engineEndpoint\":\"" + endpoint + "\"}",
        headers), Map.class);
    assertThat(host.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    await().atMost(Duration.ofSeconds(30)).until(() -> "READY".equals(
        admin.getForEntity("/api/hosts/by-name/m-host", Map.class).getBody().get("state")));
    assertThat(admin.postForEntity("/api/datacenters", new HttpEntity<>("{\"name\":\"dc-m\"}", headers), Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void theNodeRegistersInTheExternalZooKeeper() {
    ResponseEntity<List> r = rest.withBasicAuth("dba", "mysql-secret").getForEntity("/api/cluster", List.class);
    assertThat(r.getBody()).hasSize(1);
  }
}
