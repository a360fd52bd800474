package org.elasticcloud.core.port;

import java.util.Locale;
import java.util.Optional;

/**
 * The allow-list of privileges an application's account may hold on its schema ({@code schema.*}),
 * in the order MySQL and MariaDB print them. Everything else is refused: {@code ALL [PRIVILEGES]}
 * (opaque), {@code GRANT OPTION} (would let the application hand its rights on), and the global
 * privileges ({@code FILE}, {@code SUPER}, {@code PROCESS}, {@code CREATE USER} …) that mean
 * nothing on one schema. MariaDB's {@code DELETE HISTORY} is left out to stay portable to MySQL.
 */
public enum SchemaPrivilege {
  SELECT("SELECT"),
  INSERT("INSERT"),
  UPDATE("UPDATE"),
  DELETE("DELETE"),
  CREATE("CREATE"),
  DROP("DROP"),
  REFERENCES("REFERENCES"),
  INDEX("INDEX"),
  ALTER("ALTER"),
  CREATE_TEMPORARY_TABLES("CREATE TEMPORARY TABLES"),
  LOCK_TABLES("LOCK TABLES"),
  EXECUTE("EXECUTE"),
  CREATE_VIEW("CREATE VIEW"),
  SHOW_VIEW("SHOW VIEW"),
  CREATE_ROUTINE("CREATE ROUTINE"),
  ALTER_ROUTINE("ALTER ROUTINE"),
  EVENT("EVENT"),
  TRIGGER("TRIGGER");

  private final String sql;

  SchemaPrivilege(String sql) {
    this.sql = sql;
  }

  /** The privilege as SQL writes it, e.g. {@code "LOCK TABLES"}. */
  public String sql() {
    return sql;
  }

  /**
   * The privilege of that SQL name, case and spacing ignored ({@code "lock  tables"} is
   * {@link #LOCK_TABLES}); empty for anything outside the allow-list.
   */
  public static Optional<SchemaPrivilege> fromSql(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    for (SchemaPrivilege p : values()) {
      if (p.sql.equals(n)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
