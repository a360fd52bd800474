package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.elasticcloud.core.inventory.HostState;
import org.junit.jupiter.api.Test;

class RecordRowMapperTest {
  record Machine(Long id, String engineEndpoint, HostState state, Long memoryMb, int cores, boolean spare) {
  }

  @Test
  void mapsSnakeCaseColumnsOntoComponentsWithoutAFailedLookup() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE machine (id BIGINT, engine_endpoint VARCHAR(100), state VARCHAR(20), memory_mb BIGINT,"
          + " cores INT, spare BOOLEAN)");
      s.execute("INSERT INTO machine VALUES (7, 'unix:///d1.sock', 'DRAINING', 4096, 8, TRUE)");
      s.execute("INSERT INTO machine VALUES (8, NULL, NULL, NULL, NULL, NULL)");
      List<String> failedLookups = new ArrayList<>();
      RecordRowMapper<Machine> mapper = new RecordRowMapper<>(Machine.class);
      List<Machine> rows = new ArrayList<>();
      try (ResultSet rs = counting(s.executeQuery("SELECT * FROM machine ORDER BY id"), failedLookups)) {
        while (rs.next()) {
          rows.add(mapper.mapRow(rs, rows.size()));
        }
      }
      assertThat(rows).containsExactly(new Machine(7L, "unix:///d1.sock", HostState.DRAINING, 4096L, 8, true),
          new Machine(8L, null, null, null, 0, false));
      assertThat(failedLookups).isEmpty();
    }
  }

  @Test
  void aMissingColumnIsAnError() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE machine (id BIGINT, engine_endpoint VARCHAR(100))");
      s.execute("INSERT INTO machine VALUES (7, 'unix:///d1.sock')");
      try (ResultSet rs = s.executeQuery("SELECT * FROM machine")) {
        rs.next();
        assertThatThrownBy(() -> new RecordRowMapper<>(Machine.class).mapRow(rs, 0))
            .isInstanceOf(SQLException.class).hasMessageContaining("state");
      }
    }
  }

  /** The result set, noting each column name it was asked for and did not have. */
  private static ResultSet counting(ResultSet rs, List<String> failedLookups) {
    return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
        (proxy, method, args) -> {
          try {
            return method.invoke(rs, args);
          } catch (InvocationTargetException e) {
            if (method.getName().equals("findColumn")) {
              failedLookups.add((String) args[0]);
            }
            throw e.getCause();
          }
        });
  }
}
