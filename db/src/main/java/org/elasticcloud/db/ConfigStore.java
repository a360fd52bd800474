package org.elasticcloud.db;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.core.config.ConfigSet;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The config center's versions. A write is a new version; the unique key settles races. */
public class ConfigStore {
  private static final RowMapper<ConfigSet> MAPPER = (rs, i) -> {
    Timestamp t = rs.getTimestamp("created_at");
    return new ConfigSet(rs.getLong("group_id"), rs.getInt("version"), ConfigSet.parse(rs.getString("content")),
        rs.getString("author"), rs.getString("comment"), t == null ? null : t.toInstant());
  };
  private final JdbcClient jdbc;

  public ConfigStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ConfigSet> current(long groupId) {
    return jdbc.sql("SELECT * FROM config_version WHERE group_id = :g ORDER BY version DESC LIMIT 1")
        .param("g", groupId).query(MAPPER).optional();
  }

  public Optional<ConfigSet> version(long groupId, int version) {
    return jdbc.sql("SELECT * FROM config_version WHERE group_id = :g AND version = :v")
        .param("g", groupId).param("v", version).query(MAPPER).optional();
  }

  /** Newest first. */
  public List<ConfigSet> history(long groupId, int limit) {
    return jdbc.sql("SELECT * FROM config_version WHERE group_id = :g ORDER BY version DESC LIMIT :n")
        .param("g", groupId).param("n", limit).query(MAPPER).list();
  }

  /** Stores the properties as the next version and returns it. */
  public ConfigSet append(long groupId, Map<String, String> properties, String author, String comment) {
    for (int attempt = 0; attempt < 10; attempt++) {
      int next = current(groupId).map(ConfigSet::version).orElse(0) + 1;
      try {
        jdbc.sql("INSERT INTO config_version (group_id, version, content, author, comment) VALUES (:g, :v, :c, :a, :m)")
            .param("g", groupId).param("v", next).param("c", ConfigSet.render(properties)).param("a", author)
            .param("m", comment).update();
        return version(groupId, next).orElseThrow();
      } catch (DuplicateKeyException raced) {
        // another writer took this version number: take the next one
      }
    }
    throw new IllegalStateException("ECP-CFG-001 could not append a config version for group " + groupId);
  }
}
