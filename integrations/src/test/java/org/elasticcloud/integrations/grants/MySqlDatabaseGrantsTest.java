package org.elasticcloud.integrations.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.DatabaseUnavailableException;
import org.elasticcloud.core.port.GrantRefusedException;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.GrantSpec.Credential;
import org.elasticcloud.core.port.contract.DatabaseGrantsContract;
import org.elasticcloud.integrations.grants.MySqlDatabaseGrants.AdminAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grants contract on the lab's real MariaDB ({@code lab/mariadb.sh}, 10.11), plus what only a
 * real server can show: logging in as the granted account from 127.0.0.1 and being allowed
 * exactly what was granted. Works in two scratch schemas of its own and drops them at the end;
 * touches no account but those named {@link #RUN}…, and sweeps those away at the end too.
 */
class MySqlDatabaseGrantsTest extends DatabaseGrantsContract {
  private static final String LOCAL = "127.0.0.1";
  private static String labUrl;
  private static String adminUser;
  private static String adminPassword;
  private static String hostPort;
  private static final String SCHEMA_A = RUN + "_a";
  private static final String SCHEMA_B = RUN + "_b";
  /** Matches {@code RUN_a} as a GRANT pattern would if {@code _} were not escaped. */
  private static final String LOOK_ALIKE = RUN + "xa";
  private static MySqlDatabaseGrants grants;

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the tests with lab/test.sh (it starts MariaDB, "
          + "lab/mariadb.sh, and sets it); by hand: . /work/labenv.sh or eval \"$(lab/up.sh)\"");
    }
    return v;
  }

  @BeforeAll
  static void scratchSchemas() throws SQLException {
    labUrl = env("ECLOUD_LAB_JDBC_URL");
    adminUser = System.getenv().getOrDefault("ECLOUD_LAB_MYSQL_USER", "ecloud");
    adminPassword = System.getenv().getOrDefault("ECLOUD_LAB_MYSQL_PASSWORD", "ecloud");
    Matcher m = Pattern.compile("jdbc:mysql://([^/?]+)").matcher(labUrl);
    if (!m.lookingAt()) {
      throw new IllegalStateException("ECLOUD_LAB_JDBC_URL is not jdbc:mysql://host:port/…: " + labUrl);
    }
    hostPort = m.group(1);
    for (String schema : List.of(SCHEMA_A, SCHEMA_B, LOOK_ALIKE)) {
      admin("CREATE DATABASE `" + schema + "`");
      admin("CREATE TABLE `" + schema + "`.t (id INT PRIMARY KEY, v VARCHAR(20))");
      admin("INSERT INTO `" + schema + "`.t VALUES (1, 'one')");
    }
    grants = new MySqlDatabaseGrants(server -> new AdminAccount(adminUser, adminPassword),
        ref -> ref.equals("lab/" + RUN) ? "from-a-vault-" + RUN : null, Duration.ofSeconds(3), Duration.ofSeconds(20));
  }

  @AfterAll
  static void dropEverythingOfThisRun() throws SQLException {
    if (labUrl == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(labUrl, adminUser, adminPassword);
        PreparedStatement ps = c.prepareStatement("SELECT User, Host FROM mysql.user WHERE User LIKE ?")) {
      ps.setString(1, RUN + "%");
      List<String> leftovers = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // LIKE's '_' matches anything: keep only exact prefixes
          if (rs.getString(1).startsWith(RUN)) {
            leftovers.add("'" + rs.getString(1) + "'@'" + rs.getString(2) + "'");
          }
        }
      }
      for (String acct : leftovers) {
        admin("DROP USER IF EXISTS " + acct);
      }
    }
    for (String schema : List.of(SCHEMA_A, SCHEMA_B, LOOK_ALIKE)) {
      admin("DROP DATABASE IF EXISTS `" + schema + "`");
    }
  }

  @Override
  protected DatabaseGrants grants() {
    return grants;
  }

  @Override
  protected String server() {
    return labUrl;
  }

  @Override
  protected String schema(int n) {
    return n == 0 ? SCHEMA_A : SCHEMA_B;
  }

  @Override
  protected String unreachableServer() {
    return "jdbc:mysql://127.0.0.1:9/x";
  }

  // --- proofs on the real server ---

  @Test
  void theGrantedAccountLogsInAndMayDoExactlyWhatWasGranted() throws SQLException {
    GrantSpec s = spec(user("login"), 0, "SELECT", "INSERT", "UPDATE", "DELETE");
    grants.grant(s, LOCAL);

    assertThat(showGrants(s.user(), LOCAL)).hasSize(2)
        .anySatisfy(l -> assertThat(l)
            .startsWith("GRANT USAGE ON *.* TO `" + s.user() + "`@`127.0.0.1` IDENTIFIED BY PASSWORD '*"))
        .contains("GRANT SELECT, INSERT, UPDATE, DELETE ON `" + SCHEMA_A.replace("_", "\\_") + "`.* TO `"
            + s.user() + "`@`127.0.0.1`");

    try (Connection c = loginAs(s.user(), password(), SCHEMA_A); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT CURRENT_USER(), v FROM t WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(s.user() + "@127.0.0.1");
        assertThat(rs.getString(2)).isEqualTo("one");
      }
      assertThat(st.executeUpdate("INSERT INTO t VALUES (2, 'two')")).isEqualTo(1);
      assertThat(st.executeUpdate("UPDATE t SET v = 'deux' WHERE id = 2")).isEqualTo(1);
      assertThat(st.executeUpdate("DELETE FROM t WHERE id = 2")).isEqualTo(1);
      assertDenied(st, "DROP TABLE t", 1142);
      assertDenied(st, "CREATE TABLE t2 (id INT)", 1142);
      assertDenied(st, "SELECT * FROM `" + SCHEMA_B + "`.t", 1142);
      assertDenied(st, "SELECT * FROM `" + LOOK_ALIKE + "`.t", 1142);
      assertDenied(st, "SELECT * FROM mysql.user", 1142);
      assertDenied(st, "CREATE USER 'evil'@'%' IDENTIFIED BY 'x'", 1227);
      assertDenied(st, "GRANT SELECT ON `" + SCHEMA_A + "`.* TO 'evil'@'%'", 1044);
    }
    assertThat(count("SELECT COUNT(*) FROM `" + SCHEMA_A + "`.t")).isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsRefused() {
    GrantSpec s = spec(user("wrongpw"), 0, "SELECT");
    grants.grant(s, LOCAL);
    assertLoginRefused(s.user(), "not-" + password());
  }

  @Test
  void revokeMakesTheLoginFail() throws SQLException {
    GrantSpec s = spec(user("revlogin"), 0, "SELECT");
    grants.grant(s, LOCAL);
    loginAs(s.user(), password(), SCHEMA_A).close();
    assertThat(grants.revoke(s, LOCAL)).isTrue();
    assertLoginRefused(s.user(), password());
    assertThat(count("SELECT COUNT(*) FROM mysql.user WHERE User = '" + s.user() + "'")).isZero();
  }

  @Test
  void grantingTwiceLeavesOneAccountRow() {
    GrantSpec s = spec(user("onerow"), 0, "SELECT");
    grants.grant(s, LOCAL);
    grants.grant(s, LOCAL);
    grants.grant(s, ip(70));
    grants.grant(s, ip(70));
    assertThat(count("SELECT COUNT(*) FROM mysql.user WHERE User = '" + s.user() + "'")).isEqualTo(2);
  }

  @Test
  void aNewPasswordReplacesTheOld() throws SQLException {
    GrantSpec s = spec(user("newpw"), 0, "SELECT");
    grants.grant(s, LOCAL);
    GrantSpec changed = s.withCredential(new Credential.Password("new-" + password()));
    assertThat(grants.grant(changed, LOCAL)).isTrue();
    assertLoginRefused(s.user(), password());
    loginAs(s.user(), "new-" + password(), SCHEMA_A).close();
  }

  @Test
  void withoutCredentialTheNewAccountLogsInWithTheTemplatesPassword() throws SQLException {
    GrantSpec template = spec(user("tpl"), 0, "SELECT");
    grants.grant(template, ip(71));
    grants.grant(template.withCredential(null), LOCAL);
    loginAs(template.user(), password(), SCHEMA_A).close();
  }

  @Test
  void aHashIsUsedAsItIs() throws SQLException {
    String pw = "hashed-" + password();
    GrantSpec s = spec(user("hash"), 0, "SELECT").withCredential(new Credential.NativeHash(nativeHashOnServer(pw)));
    assertThat(MySqlDatabaseGrants.nativeHash(pw)).isEqualTo(nativeHashOnServer(pw));
    grants.grant(s, LOCAL);
    loginAs(s.user(), pw, SCHEMA_A).close();
  }

  @Test
  void aCredentialReferenceIsResolvedAndAnUnknownOneRefused() throws SQLException {
    GrantSpec s = spec(user("ref"), 0, "SELECT").withCredential(new Credential.Reference("lab/" + RUN));
    grants.grant(s, LOCAL);
    loginAs(s.user(), "from-a-vault-" + RUN, SCHEMA_A).close();

    GrantSpec unknown = spec(user("unknownref"), 0, "SELECT").withCredential(new Credential.Reference("lab/none"));
    assertThatThrownBy(() -> grants.grant(unknown, LOCAL)).isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith("ECP-GRANT-004");
    assertThat(grants.grantedHosts(server(), unknown.user())).isEmpty();
  }

  @Test
  void aHandMadeExtraPrivilegeIsTakenAwayByTheNextGrant() {
    GrantSpec s = spec(user("extra"), 0, "SELECT");
    grants.grant(s, ip(72));
    admin("GRANT DROP, ALTER ON `" + SCHEMA_A.replace("_", "\\_") + "`.* TO '" + s.user() + "'@'" + ip(72) + "'");
    assertThat(grants.hasGrant(s, ip(72))).isFalse();
    assertThat(grants.grant(s, ip(72))).isTrue();
    assertThat(grants.privileges(s, ip(72))).containsExactly("SELECT");
  }

  @Test
  void aHandMadeUnescapedGrantIsRevokedToo() {
    GrantSpec s = spec(user("raw"), 0, "SELECT");
    grants.grant(s, ip(73));
    admin("GRANT SELECT ON `" + SCHEMA_A + "`.* TO '" + s.user() + "'@'" + ip(73) + "'");
    assertThat(grants.revoke(s, ip(73))).isTrue();
    assertThat(grants.grantedHosts(server(), s.user())).isEmpty();
  }

  @Test
  void theAdministratorAndPrivilegedAccountsAreNeverTouched() {
    List<String> adminBefore = showGrants(adminUser, LOCAL);
    GrantSpec asAdmin = new GrantSpec(server(), SCHEMA_A, adminUser, List.of("SELECT"), new Credential.Password("x"));
    assertThatThrownBy(() -> grants.grant(asAdmin, LOCAL)).isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith("ECP-GRANT-006");
    assertThatThrownBy(() -> grants.revoke(asAdmin, LOCAL)).isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith("ECP-GRANT-006");
    assertThat(showGrants(adminUser, LOCAL)).isEqualTo(adminBefore);

    String boss = user("boss");
    admin("CREATE USER '" + boss + "'@'" + ip(74) + "' IDENTIFIED BY 'boss-" + password() + "'");
    admin("GRANT SELECT ON *.* TO '" + boss + "'@'" + ip(74) + "'");
    List<String> bossBefore = showGrants(boss, ip(74));
    GrantSpec s = spec(boss, 0, "SELECT");
    assertThatThrownBy(() -> grants.grant(s, ip(74))).isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith("ECP-GRANT-006");
    assertThatThrownBy(() -> grants.revoke(s, ip(74))).isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith("ECP-GRANT-006");
    assertThat(showGrants(boss, ip(74))).isEqualTo(bossBefore);
    admin("DROP USER '" + boss + "'@'" + ip(74) + "'");
  }

  @Test
  void aServerWithoutAnAdministratorAccountIsRefused() {
    MySqlDatabaseGrants none = new MySqlDatabaseGrants(Map.of());
    GrantSpec s = spec(user("noadmin"), 0, "SELECT");
    assertThatThrownBy(() -> none.grant(s, ip(75))).isInstanceOf(GrantRefusedException.class)
        .hasMessageStartingWith("ECP-GRANT-002");
    assertThat(grants.grantedHosts(server(), s.user())).isEmpty();
  }

  @Test
  void aWrongAdministratorPasswordIsATechnicalFailure() {
    MySqlDatabaseGrants wrong = new MySqlDatabaseGrants(Map.of(server(), new AdminAccount(adminUser, "wrong")));
    GrantSpec s = spec(user("badadmin"), 0, "SELECT");
    assertThatThrownBy(() -> wrong.grant(s, ip(76))).isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageStartingWith("ECP-GRANT-007").hasMessageNotContaining("wrong");
  }

  @Test
  void aServerThatAcceptsButNeverAnswersTimesOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getByName(LOCAL))) {
      Thread accepter = new Thread(() -> {
        List<Socket> held = new ArrayList<>();
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (IOException closed) {
          held.forEach(h -> {
            try {
              h.close();
            } catch (IOException ignored) {
              // closing
            }
          });
        }
      });
      accepter.setDaemon(true);
      accepter.start();
      MySqlDatabaseGrants quick = new MySqlDatabaseGrants(server -> new AdminAccount(adminUser, adminPassword),
          ref -> null, Duration.ofSeconds(2), Duration.ofSeconds(2));
      GrantSpec s = new GrantSpec("jdbc:mysql://127.0.0.1:" + silent.getLocalPort() + "/x", SCHEMA_A, user("silent"),
          List.of("SELECT"), new Credential.Password(password()));
      long t0 = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> quick.grant(s, ip(77)))
          .isInstanceOf(DatabaseUnavailableException.class).hasMessageStartingWith("ECP-GRANT-007"));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
    }
  }

  // --- helpers: the lab server as its administrator, and logins as the granted accounts ---

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(labUrl, adminUser, adminPassword);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("lab admin statement failed: " + sql, e);
    }
  }

  private static long count(String sql) {
    try (Connection c = DriverManager.getConnection(labUrl, adminUser, adminPassword);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static List<String> showGrants(String user, String host) {
    List<String> lines = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(labUrl, adminUser, adminPassword);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW GRANTS FOR '" + user + "'@'" + host + "'")) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SHOW GRANTS FOR " + user + "@" + host, e);
    }
    return lines;
  }

  private static String nativeHashOnServer(String password) {
    try (Connection c = DriverManager.getConnection(labUrl, adminUser, adminPassword);
        PreparedStatement ps = c.prepareStatement("SELECT PASSWORD(?)")) {
      ps.setString(1, password);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection loginAs(String user, String password, String schema) throws SQLException {
    return DriverManager.getConnection("jdbc:mysql://" + hostPort + "/" + schema + "?connectTimeout=3000",
        user, password);
  }

  /**
   * Access denied: 1045, or 1698 (the same refusal without the password clause, which MariaDB answers
   * for an account dropped a moment before, seen once under load).
   */
  private static void assertLoginRefused(String user, String password) {
    assertThatThrownBy(() -> loginAs(user, password, SCHEMA_A).close()).isInstanceOfSatisfying(SQLException.class,
        e -> assertThat(e.getErrorCode()).as("access denied: " + e.getMessage()).isIn(1045, 1698));
  }

  private static void assertDenied(Statement st, String sql, int errorCode) {
    assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
        e -> assertThat(e.getErrorCode()).as(sql + ": " + e.getMessage()).isEqualTo(errorCode));
  }
}
