package org.elasticcloud.integrations.grants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.DatabaseUnavailableException;
import org.elasticcloud.core.port.GrantRefusedException;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.GrantSpec.Credential;
import org.elasticcloud.core.port.SchemaPrivilege;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DatabaseGrants} on MySQL and MariaDB over plain JDBC (mysql-connector-j), logged in as an
 * administrator account configured per server. One short connection per call: grants change once
 * per container, a pool would only hold logins open on every application's server.
 *
 * <p>What it sends, and why:
 * <ul>
 *   <li>Passwords never travel in clear: a clear or referenced password is turned into its
 *       mysql_native_password hash here ({@code *} + HEX(SHA1(SHA1(password)))) and the account is
 *       made with {@code CREATE USER IF NOT EXISTS 'u'@'ip' IDENTIFIED WITH mysql_native_password
 *       AS '*…'}, so no server log, binlog or error message ever holds the password. The same
 *       comparison tells whether {@code ALTER USER} is needed at all, so a repeated grant writes
 *       nothing. Without a credential, a new account gets the hash of the user's other accounts on
 *       that server (the template's).</li>
 *   <li>{@code _} and {@code %} are wildcards in a database-level {@code GRANT}: a grant on
 *       {@code cap_db.*} also opens {@code capXdb}. The schema is therefore written escaped,
 *       {@code `cap\_db`.*}, and that escaped row is the one managed and read back from
 *       {@code SHOW GRANTS}. {@code revoke} removes the unescaped row too, should a hand-made one
 *       exist.</li>
 *   <li>Names are validated by {@link GrantSpec} and then quoted ({@code 'user'@'ip'},
 *       {@code `schema`}); privileges come from the {@link SchemaPrivilege} allow-list, never from
 *       the caller's text; values in queries are bound parameters.</li>
 *   <li>Accounts that hold a global privilege, PROXY or GRANT OPTION are never altered, revoked or
 *       dropped ({@code ECP-GRANT-006}), nor is any account named like the administrator: a spec
 *       naming {@code root} or the admin cannot take them over.</li>
 * </ul>
 *
 * <p>MariaDB 10.11 specifics: {@code mysql.user} is a view over {@code mysql.global_priv} (read
 * only here); {@code SHOW GRANTS} prints the hash on the {@code USAGE} line as
 * {@code IDENTIFIED BY PASSWORD '*…'}; with {@code skip_name_resolve} off, a client from 127.0.0.1
 * is matched as {@code localhost} first, so a {@code 'u'@'localhost'} or anonymous account would
 * shadow {@code 'u'@'127.0.0.1'}; dropping an account does not end its open sessions. On MySQL 8.4
 * mysql_native_password is off by default and {@code CREATE USER} fails (an incident, by design).
 *
 * <p>Errors: every {@link SQLException} is a {@link DatabaseUnavailableException}
 * ({@code ECP-GRANT-007} cannot log in, {@code ECP-GRANT-008} a statement failed), so the step
 * retries and then becomes an incident; what retrying cannot fix is a {@link GrantRefusedException}.
 */
public class MySqlDatabaseGrants implements DatabaseGrants {
  private static final Logger LOG = LoggerFactory.getLogger(MySqlDatabaseGrants.class);
  private static final String NATIVE = "mysql_native_password";
  private static final Pattern ANY_HASH = Pattern.compile("\\*[0-9A-Fa-f]{40}");
  private static final Pattern PRIVILEGE_WORDS = Pattern.compile("[A-Z]+( [A-Z]+)*");
  private static final Pattern PLAIN_USER = Pattern.compile("[A-Za-z0-9_]+");
  /** MySQL and MariaDB: "There is no such grant defined", "Can't find any matching row in the user table". */
  private static final Set<Integer> NO_SUCH_ACCOUNT = Set.of(1141, 1133);

  /** The administrator account the platform logs in with on one server (needs CREATE USER and GRANT OPTION). */
  public record AdminAccount(String user, String password) {
    @Override
    public String toString() {
      return "AdminAccount[user=" + user + ", password=***]";
    }
  }

  private final Function<String, AdminAccount> adminAccounts;
  private final Function<String, String> secrets;
  private final Duration connectTimeout;
  private final Duration socketTimeout;

  /** With administrator accounts by server URL, no credential references, 5 s to connect, 30 s per statement. */
  public MySqlDatabaseGrants(Map<String, AdminAccount> adminAccounts) {
    this(adminAccounts::get, ref -> null, Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  /**
   * @param adminAccounts the administrator account for a server (the spec's JDBC URL); null when
   *     the platform has none there, which refuses the grant
   * @param secrets the password a {@link Credential.Reference} names; null when unknown
   */
  public MySqlDatabaseGrants(Function<String, AdminAccount> adminAccounts, Function<String, String> secrets,
      Duration connectTimeout, Duration socketTimeout) {
    this.adminAccounts = adminAccounts;
    this.secrets = secrets;
    this.connectTimeout = connectTimeout;
    this.socketTimeout = socketTimeout;
  }

  @Override
  public boolean grant(GrantSpec spec, String ip) {
    spec.requireValid(ip);
    List<String> wanted = spec.schemaPrivileges().stream().map(SchemaPrivilege::sql).toList();
    String acct = account(spec.user(), ip);
    String object = managedObject(spec.schema());
    return withAdmin(spec.server(), spec.user(), "grant " + spec.user() + "@" + ip, c -> {
      requireSchema(c, spec);
      Optional<Login> existing = login(c, spec.user(), ip);
      String hash = wantedHash(c, spec, ip, existing.isPresent());
      boolean changed = false;
      if (existing.isEmpty()) {
        execute(c, "CREATE USER IF NOT EXISTS " + acct + " IDENTIFIED WITH " + NATIVE + " AS '" + hash + "'");
        LOG.info("ECP-GRANT-010 created account {}@{} on {}", spec.user(), ip, spec.server());
        changed = true;
      } else {
        refuseIfUnmanaged(showGrants(c, acct), spec, ip);
        if (hash != null && !existing.get().hasNativeHash(hash)) {
          execute(c, "ALTER USER " + acct + " IDENTIFIED WITH " + NATIVE + " AS '" + hash + "'");
          LOG.info("ECP-GRANT-011 changed the password of {}@{} on {}", spec.user(), ip, spec.server());
          changed = true;
        }
      }
      Set<String> current = new LinkedHashSet<>(privilegesOn(showGrants(c, acct), object));
      List<String> extra = current.stream().filter(p -> !wanted.contains(p)).toList();
      if (!extra.isEmpty()) {
        if (extra.stream().allMatch(p -> PRIVILEGE_WORDS.matcher(p).matches() && !p.startsWith("ALL"))) {
          execute(c, "REVOKE " + String.join(", ", extra) + " ON " + object + " FROM " + acct);
          current.removeAll(extra);
        } else {
          execute(c, "REVOKE ALL PRIVILEGES ON " + object + " FROM " + acct);
          current.clear();
        }
        LOG.info("ECP-GRANT-013 revoked {} on {} from {}@{} on {}", extra, spec.schema(), spec.user(), ip,
            spec.server());
        changed = true;
      }
      List<String> missing = wanted.stream().filter(p -> !current.contains(p)).toList();
      if (!missing.isEmpty()) {
        execute(c, "GRANT " + String.join(", ", missing) + " ON " + object + " TO " + acct);
        LOG.info("ECP-GRANT-012 granted {} on {} to {}@{} on {}", missing, spec.schema(), spec.user(), ip,
            spec.server());
        changed = true;
      }
      return changed;
    });
  }

  @Override
  public boolean revoke(GrantSpec spec, String ip) {
    spec.requireValidAccount(ip);
    String acct = account(spec.user(), ip);
    return withAdmin(spec.server(), spec.user(), "revoke " + spec.user() + "@" + ip, c -> {
      if (login(c, spec.user(), ip).isEmpty()) {
        return false;
      }
      List<String> grants = showGrants(c, acct);
      refuseIfUnmanaged(grants, spec, ip);
      boolean changed = false;
      for (String object : new LinkedHashSet<>(List.of(managedObject(spec.schema()), rawObject(spec.schema())))) {
        if (!privilegesOn(grants, object).isEmpty()) {
          execute(c, "REVOKE ALL PRIVILEGES ON " + object + " FROM " + acct);
          LOG.info("ECP-GRANT-013 revoked every privilege on {} from {}@{} on {}", object, spec.user(), ip,
              spec.server());
          changed = true;
        }
      }
      if (!holdsAnyPrivilege(changed ? showGrants(c, acct) : grants)) {
        execute(c, "DROP USER IF EXISTS " + acct);
        LOG.info("ECP-GRANT-014 dropped account {}@{} on {}", spec.user(), ip, spec.server());
        changed = true;
      }
      return changed;
    });
  }

  @Override
  public boolean hasGrant(GrantSpec spec, String ip) {
    spec.requireValidAccount(ip);
    List<String> wanted = spec.schemaPrivileges().stream().map(SchemaPrivilege::sql).toList();
    String acct = account(spec.user(), ip);
    return withAdmin(spec.server(), null, "read the grants of " + spec.user() + "@" + ip, c -> {
      List<String> grants = showGrants(c, acct);
      return !grants.isEmpty() && canonical(privilegesOn(grants, managedObject(spec.schema()))).equals(wanted);
    });
  }

  @Override
  public List<String> privileges(GrantSpec spec, String ip) {
    spec.requireValidAccount(ip);
    String acct = account(spec.user(), ip);
    return withAdmin(spec.server(), null, "read the grants of " + spec.user() + "@" + ip,
        c -> canonical(privilegesOn(showGrants(c, acct), managedObject(spec.schema()))));
  }

  @Override
  public List<String> grantedHosts(String server, String user) {
    GrantSpec.requireValid(server, user);
    return withAdmin(server, null, "list the accounts of " + user, c -> {
      List<String> hosts = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host")) {
        ps.setString(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            hosts.add(rs.getString(1));
          }
        }
      }
      return List.copyOf(hosts);
    });
  }

  /** The mysql_native_password hash of a password: {@code *} + upper-case HEX(SHA1(SHA1(password))). */
  static String nativeHash(String password) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
      return "*" + HexFormat.of().withUpperCase().formatHex(sha1.digest(once));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  // --- the credential ---

  /** The hash the account must have; null to keep the existing account's password as it is. */
  private String wantedHash(Connection c, GrantSpec spec, String ip, boolean exists) throws SQLException {
    Credential cred = spec.credential();
    if (cred instanceof Credential.Password p) {
      return nativeHash(p.value());
    }
    if (cred instanceof Credential.NativeHash h) {
      return h.value().toUpperCase(Locale.ROOT);
    }
    if (cred instanceof Credential.Reference r) {
      String password = secrets.apply(r.name());
      if (password == null) {
        throw new GrantRefusedException("ECP-GRANT-004 grant refused: no secret is known by the reference " + r.name());
      }
      List<org.elasticcloud.core.validation.Violation> v = new ArrayList<>();
      new Credential.Password(password).check(v);
      if (!v.isEmpty()) {
        throw new GrantRefusedException("ECP-GRANT-004 grant refused: the secret " + r.name()
            + " is not a usable password (1-128 printable ASCII characters)", v);
      }
      return nativeHash(password);
    }
    if (exists) {
      return null;
    }
    // a new account without a credential: the password of the user's other accounts (the template's)
    Set<String> hashes = new TreeSet<>();
    int others = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT plugin, authentication_string FROM mysql.user WHERE User = ? AND Host <> ?")) {
      ps.setString(1, spec.user());
      ps.setString(2, ip);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          others++;
          Login l = new Login(rs.getString(1), rs.getString(2));
          if (l.nativeHash() != null) {
            hashes.add(l.nativeHash());
          }
        }
      }
    }
    if (hashes.size() == 1) {
      return hashes.iterator().next();
    }
    throw new GrantRefusedException("ECP-GRANT-005 grant refused: no credential given for the new account "
        + spec.user() + "@" + ip + " and " + (others == 0 ? "the user has no other account on " + spec.server()
            + " to copy the password from" : hashes.isEmpty()
                ? "the user's other accounts have no mysql_native_password hash to copy"
                : "the user's other accounts have different passwords"));
  }

  /** An account's authentication, as {@code mysql.user} shows it. */
  private record Login(String plugin, String authenticationString) {
    String nativeHash() {
      String s = authenticationString;
      return NATIVE.equals(plugin) && s != null && ANY_HASH.matcher(s).matches() ? s.toUpperCase(Locale.ROOT) : null;
    }

    boolean hasNativeHash(String hash) {
      return hash.equals(nativeHash());
    }
  }

  private static Optional<Login> login(Connection c, String user, String ip) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT plugin, authentication_string FROM mysql.user WHERE User = ? AND Host = ?")) {
      ps.setString(1, user);
      ps.setString(2, ip);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Login(rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    }
  }

  // --- SHOW GRANTS ---

  /** The lines of SHOW GRANTS for the account; empty when there is no such account. */
  private static List<String> showGrants(Connection c, String acct) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS FOR " + acct)) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    } catch (SQLException e) {
      if (NO_SUCH_ACCOUNT.contains(e.getErrorCode())) {
        return List.of();
      }
      throw e;
    }
    return lines;
  }

  /** The privileges of the line {@code GRANT p1, p2 ON <object> TO …}, if there is one. */
  private static List<String> privilegesOn(List<String> grants, String object) {
    String marker = " ON " + object + " TO ";
    for (String line : grants) {
      int at = line.indexOf(marker);
      if (line.startsWith("GRANT ") && at > 0) {
        return List.of(line.substring("GRANT ".length(), at).split(", "));
      }
    }
    return List.of();
  }

  /** Anything beyond {@code GRANT USAGE ON *.*}: privileges on some schema or table, a role, a proxy. */
  private static boolean holdsAnyPrivilege(List<String> grants) {
    return grants.stream().anyMatch(l -> l.startsWith("GRANT ") && !l.startsWith("GRANT USAGE ON *.* TO "));
  }

  /** Refuses to touch an account with a global privilege, PROXY, or GRANT/ADMIN OPTION. */
  private static void refuseIfUnmanaged(List<String> grants, GrantSpec spec, String ip) {
    for (String line : grants) {
      boolean global = line.startsWith("GRANT ") && line.contains(" ON *.* TO ")
          && !line.startsWith("GRANT USAGE ON *.* TO ");
      if (global || line.startsWith("GRANT PROXY ") || line.contains(" WITH GRANT OPTION")
          || line.contains(" WITH ADMIN OPTION")) {
        throw new GrantRefusedException("ECP-GRANT-006 refused: " + spec.user() + "@" + ip + " on " + spec.server()
            + " holds global privileges or GRANT OPTION; the platform does not manage such accounts");
      }
    }
  }

  private static List<String> canonical(List<String> privileges) {
    return privileges.stream().sorted(Comparator.comparingInt((String p) -> SchemaPrivilege.fromSql(p)
        .map(Enum::ordinal).orElse(Integer.MAX_VALUE)).thenComparing(Comparator.naturalOrder())).toList();
  }

  // --- names in SQL ---

  /** {@code 'user'@'ip'}; both were validated by {@link GrantSpec}, checked again as they go into SQL. */
  private static String account(String user, String ip) {
    if (!PLAIN_USER.matcher(user).matches() || !GrantSpec.isPlainIpv4(ip)) {
      throw new IllegalStateException("unsafe account name " + user + "@" + ip);
    }
    return "'" + user + "'@'" + ip + "'";
  }

  /** {@code `schema`.*} with the GRANT wildcard {@code _} escaped: exactly this schema. */
  static String managedObject(String schema) {
    return "`" + plainSchema(schema).replace("_", "\\_") + "`.*";
  }

  /** {@code `schema`.*} as a hand-made grant would write it. */
  private static String rawObject(String schema) {
    return "`" + plainSchema(schema) + "`.*";
  }

  private static String plainSchema(String schema) {
    if (!PLAIN_USER.matcher(schema).matches()) {
      throw new IllegalStateException("unsafe schema name " + schema);
    }
    return schema;
  }

  private static void requireSchema(Connection c, GrantSpec spec) throws SQLException {
    // information_schema compares case-insensitively; schema names on Linux are not
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
      ps.setString(1, spec.schema());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (spec.schema().equals(rs.getString(1))) {
            return;
          }
        }
      }
    }
    throw new GrantRefusedException("ECP-GRANT-003 grant refused: schema " + spec.schema() + " does not exist on "
        + spec.server());
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  // --- connections and errors ---

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} logged in as the server's administrator. {@code managedUser}, when given, is
   * refused if it is the administrator's own name.
   */
  private <T> T withAdmin(String server, String managedUser, String what, Work<T> work) {
    AdminAccount admin = adminAccounts.apply(server);
    if (admin == null) {
      throw new GrantRefusedException("ECP-GRANT-002 refused: no administrator account is configured for " + server);
    }
    if (managedUser != null && managedUser.equals(admin.user())) {
      throw new GrantRefusedException("ECP-GRANT-006 refused: " + managedUser + " is the platform's administrator on "
          + server + "; the platform does not manage it");
    }
    Properties props = new Properties();
    props.setProperty("user", admin.user());
    props.setProperty("password", admin.password());
    props.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
    props.setProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
    props.setProperty("allowLoadLocalInfile", "false");
    props.setProperty("allowMultiQueries", "false");
    props.setProperty("autoDeserialize", "false");
    Connection c;
    try {
      c = DriverManager.getConnection(server, props);
    } catch (SQLException e) {
      LOG.warn("ECP-GRANT-007 cannot log in to {} as {}: {}", server, admin.user(), describe(e));
      throw new DatabaseUnavailableException("ECP-GRANT-007 cannot log in to " + server + " as " + admin.user() + ": "
          + describe(e), masked(e));
    }
    try (c) {
      return work.run(c);
    } catch (SQLException e) {
      boolean lost = e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
          || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
      LOG.warn("ECP-GRANT-008 {} on {} failed{}: {}", what, server, lost ? " (connection lost)" : "", describe(e));
      throw new DatabaseUnavailableException("ECP-GRANT-008 " + what + " on " + server + " failed"
          + (lost ? " (connection lost)" : "") + ": " + describe(e), masked(e));
    }
  }

  /** SQLState, error code and message, with any password hash the server echoed masked. */
  private static String describe(SQLException e) {
    String msg = e.getMessage() == null ? ""
        : ANY_HASH.matcher(e.getMessage()).replaceAll("*…").replaceAll("\\s*\\n\\s*", " ");
    return "[" + e.getSQLState() + "/" + e.getErrorCode() + "] " + msg;
  }

  /** The same failure without its message's secrets (a server may echo the statement it refused). */
  private static SQLException masked(SQLException e) {
    SQLException m = new SQLException(describe(e), e.getSQLState(), e.getErrorCode(), e.getCause());
    m.setStackTrace(e.getStackTrace());
    return m;
  }
}
