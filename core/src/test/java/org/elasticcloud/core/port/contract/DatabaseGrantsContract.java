package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.DatabaseUnavailableException;
import org.elasticcloud.core.port.GrantRefusedException;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.GrantSpec.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every {@link DatabaseGrants} adapter must do. Subclasses give the adapter, a server it can
 * reach with two schemas this test may grant on, and a server that does not answer. Every account
 * this test makes is named {@link #RUN} + …, and revoked after each test; addresses are from
 * TEST-NET-2 (198.51.100.0/24), where no real client lives.
 */
public abstract class DatabaseGrantsContract {
  /** Every user name of this JVM's run starts with this: adapters' tests may sweep by it, and by nothing wider. */
  protected static final String RUN = "ecgt" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
  private final String test = UUID.randomUUID().toString().replace("-", "").substring(0, 3);
  private final Set<String> users = new LinkedHashSet<>();

  protected abstract DatabaseGrants grants();

  /** A server the adapter reaches (a {@link GrantSpec#server()}). */
  protected abstract String server();

  /** The n-th (0, 1) schema on {@link #server()}; it exists, and this test may grant on it. */
  protected abstract String schema(int n);

  /** A server that does not answer (nothing listens there). */
  protected abstract String unreachableServer();

  /** A user name of this test (at most 32 characters with a suffix of up to 18). */
  protected String user(String suffix) {
    String u = RUN + test + "_" + suffix;
    users.add(u);
    return u;
  }

  /** An address of TEST-NET-2. */
  protected static String ip(int n) {
    return "198.51.100." + n;
  }

  protected String password() {
    return "pw-" + RUN + test;
  }

  protected GrantSpec spec(String user, int schema, String... privileges) {
    return GrantSpec.withPassword(server(), schema(schema), user, List.of(privileges), password());
  }

  @AfterEach
  void revokeEverythingOfThisTest() {
    for (String u : users) {
      for (String host : grants().grantedHosts(server(), u)) {
        if (GrantSpec.isPlainIpv4(host)) {
          grants().revoke(spec(u, 0, "SELECT"), host);
          grants().revoke(spec(u, 1, "SELECT"), host);
        }
      }
    }
  }

  @Test
  void aGrantMakesTheAccountWithExactlyThePrivileges() {
    GrantSpec s = spec(user("a"), 0, "select", "INSERT", "update", "DELETE");
    assertThat(grants().grant(s, ip(10))).isTrue();
    assertThat(grants().hasGrant(s, ip(10))).isTrue();
    assertThat(grants().privileges(s, ip(10))).containsExactly("SELECT", "INSERT", "UPDATE", "DELETE");
    assertThat(grants().grantedHosts(server(), s.user())).containsExactly(ip(10));
  }

  @Test
  void privilegesAreReadInCanonicalOrderWithoutRepeats() {
    GrantSpec s = spec(user("order"), 0, "DELETE", "lock  tables", "SELECT", "select");
    grants().grant(s, ip(11));
    assertThat(grants().privileges(s, ip(11))).containsExactly("SELECT", "DELETE", "LOCK TABLES");
    assertThat(grants().hasGrant(s, ip(11))).isTrue();
  }

  @Test
  void grantingTwiceCreatesNothingTwice() {
    GrantSpec s = spec(user("twice"), 0, "SELECT", "INSERT");
    assertThat(grants().grant(s, ip(12))).isTrue();
    assertThat(grants().grant(s, ip(12))).as("the second grant changes nothing").isFalse();
    assertThat(grants().grantedHosts(server(), s.user())).containsExactly(ip(12));
    assertThat(grants().privileges(s, ip(12))).containsExactly("SELECT", "INSERT");
  }

  @Test
  void concurrentGrantsOfTheSameAccountEndWithOne() throws Exception {
    GrantSpec s = spec(user("race"), 0, "SELECT", "INSERT");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> grants().grant(s, ip(14))));
      }
      for (Future<Boolean> run : runs) {
        run.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(grants().grantedHosts(server(), s.user())).containsExactly(ip(14));
    assertThat(grants().hasGrant(s, ip(14))).isTrue();
  }

  @Test
  void aChangedSpecConverges() {
    GrantSpec before = spec(user("conv"), 0, "SELECT", "INSERT", "UPDATE");
    grants().grant(before, ip(13));
    GrantSpec after = before.withPrivileges(List.of("SELECT", "DELETE"));
    assertThat(grants().grant(after, ip(13))).isTrue();
    assertThat(grants().privileges(after, ip(13))).containsExactly("SELECT", "DELETE");
    assertThat(grants().hasGrant(before, ip(13))).isFalse();
    assertThat(grants().hasGrant(after, ip(13))).isTrue();

    GrantSpec newPassword = after.withCredential(new Credential.Password("another-" + password()));
    assertThat(grants().grant(newPassword, ip(13))).as("a new password is a change").isTrue();
    assertThat(grants().grant(newPassword, ip(13))).as("the same password again is not").isFalse();
    assertThat(grants().grantedHosts(server(), after.user())).containsExactly(ip(13));
  }

  @Test
  void everyIpIsItsOwnAccount() {
    GrantSpec s = spec(user("ips"), 0, "SELECT");
    grants().grant(s, ip(21));
    grants().grant(s, ip(20));
    assertThat(grants().grantedHosts(server(), s.user())).containsExactly(ip(20), ip(21));
    // scale-in of one container leaves the other's grant
    assertThat(grants().revoke(s, ip(20))).isTrue();
    assertThat(grants().grantedHosts(server(), s.user())).containsExactly(ip(21));
    assertThat(grants().hasGrant(s, ip(21))).isTrue();
  }

  @Test
  void revokeDropsTheAccountAndIsIdempotent() {
    GrantSpec s = spec(user("rev"), 0, "SELECT", "UPDATE");
    grants().grant(s, ip(30));
    assertThat(grants().revoke(s, ip(30))).isTrue();
    assertThat(grants().hasGrant(s, ip(30))).isFalse();
    assertThat(grants().privileges(s, ip(30))).isEmpty();
    assertThat(grants().grantedHosts(server(), s.user())).isEmpty();
    assertThat(grants().revoke(s, ip(30))).isFalse();
  }

  @Test
  void revokeNeedsOnlyTheAccountNotTheCurrentPrivileges() {
    GrantSpec s = spec(user("old"), 0, "SELECT", "INSERT");
    grants().grant(s, ip(31));
    // the spec changed since (or would no longer pass): revoking still takes everything on the schema
    assertThat(grants().revoke(s.withPrivileges(List.of("ALL")).withCredential(null), ip(31))).isTrue();
    assertThat(grants().grantedHosts(server(), s.user())).isEmpty();
  }

  @Test
  void revokeKeepsTheGrantsOnOtherSchemas() {
    String u = user("two");
    GrantSpec a = spec(u, 0, "SELECT");
    GrantSpec b = spec(u, 1, "SELECT", "INSERT");
    grants().grant(a, ip(32));
    grants().grant(b, ip(32));
    assertThat(grants().hasGrant(a, ip(32))).isTrue();
    assertThat(grants().hasGrant(b, ip(32))).isTrue();

    assertThat(grants().revoke(a, ip(32))).isTrue();
    assertThat(grants().privileges(a, ip(32))).isEmpty();
    assertThat(grants().hasGrant(b, ip(32))).isTrue();
    assertThat(grants().grantedHosts(server(), u)).containsExactly(ip(32));

    assertThat(grants().revoke(b, ip(32))).isTrue();
    assertThat(grants().grantedHosts(server(), u)).isEmpty();
  }

  @Test
  void withoutCredentialANewAccountTakesThePasswordOfTheUsersOtherAccount() {
    GrantSpec template = spec(user("copy"), 0, "SELECT");
    grants().grant(template, ip(40));
    GrantSpec copy = template.withCredential(null);
    assertThat(grants().grant(copy, ip(41))).isTrue();
    assertThat(grants().hasGrant(copy, ip(41))).isTrue();
    assertThat(grants().grantedHosts(server(), template.user())).containsExactly(ip(40), ip(41));
    // and an existing account keeps its password
    assertThat(grants().grant(copy, ip(40))).isFalse();
  }

  @Test
  void withoutCredentialAndNothingToCopyFromIsRefused() {
    GrantSpec lone = spec(user("lone"), 0, "SELECT").withCredential(null);
    assertThatThrownBy(() -> grants().grant(lone, ip(42))).isInstanceOf(GrantRefusedException.class)
        .hasMessageContaining("ECP-GRANT-");
    assertThat(grants().grantedHosts(server(), lone.user())).isEmpty();
  }

  @Test
  void aSchemaThatDoesNotExistIsRefused() {
    GrantSpec s = new GrantSpec(server(), RUN + test + "_missing", user("nosch"), List.of("SELECT"),
        new Credential.Password(password()));
    assertThatThrownBy(() -> grants().grant(s, ip(43))).isInstanceOf(GrantRefusedException.class)
        .hasMessageContaining("ECP-GRANT-");
    assertThat(grants().grantedHosts(server(), s.user())).isEmpty();
  }

  @Test
  void anAccountThatDoesNotExistHasNothing() {
    GrantSpec s = spec(user("ghost"), 0, "SELECT");
    assertThat(grants().hasGrant(s, ip(44))).isFalse();
    assertThat(grants().privileges(s, ip(44))).isEmpty();
    assertThat(grants().grantedHosts(server(), s.user())).isEmpty();
  }

  private GrantSpec select(String server, String schema, String user) {
    return GrantSpec.withPassword(server, schema, user, List.of("SELECT"), password());
  }

  @TestFactory
  Stream<DynamicTest> unsafeOrMalformedRequestsAreRefusedAndCreateNothing() {
    String u = user("bad");
    GrantSpec ok = spec(u, 0, "SELECT");
    String s0 = schema(0);
    List<Object[]> cases = List.of(
        new Object[] {"GRANT OPTION", ok.withPrivileges(List.of("SELECT", "GRANT OPTION")), ip(50)},
        new Object[] {"ALL", ok.withPrivileges(List.of("ALL")), ip(50)},
        new Object[] {"ALL PRIVILEGES", ok.withPrivileges(List.of("ALL PRIVILEGES")), ip(50)},
        new Object[] {"a global privilege (FILE)", ok.withPrivileges(List.of("SELECT", "FILE")), ip(50)},
        new Object[] {"a global privilege (SUPER)", ok.withPrivileges(List.of("SUPER")), ip(50)},
        new Object[] {"CREATE USER", ok.withPrivileges(List.of("CREATE USER")), ip(50)},
        new Object[] {"SQL in a privilege", ok.withPrivileges(List.of("SELECT ON *.* TO x; --")), ip(50)},
        new Object[] {"no privilege", ok.withPrivileges(List.of()), ip(50)},
        new Object[] {"a null privilege", ok.withPrivileges(Arrays.asList("SELECT", null)), ip(50)},
        new Object[] {"every schema", select(server(), "*", u), ip(50)},
        new Object[] {"the mysql schema", select(server(), "mysql", u), ip(50)},
        new Object[] {"the MySQL schema", select(server(), "MySQL", u), ip(50)},
        new Object[] {"a backtick in the schema", select(server(), s0 + "`.* TO x", u), ip(50)},
        new Object[] {"a wildcard schema", select(server(), s0 + "%", u), ip(50)},
        new Object[] {"a quote in the user", select(server(), s0, "x'@'%"), ip(50)},
        new Object[] {"user root", select(server(), s0, "root"), ip(50)},
        new Object[] {"a 33-character user", select(server(), s0, "u".repeat(33)), ip(50)},
        new Object[] {"the % host", ok, "%"},
        new Object[] {"a host pattern", ok, "198.51.100.%"},
        new Object[] {"a netmask", ok, "198.51.100.0/255.255.255.0"},
        new Object[] {"an octet above 255", ok, "198.51.100.256"},
        new Object[] {"a leading zero", ok, "198.51.100.050"},
        new Object[] {"an IPv6 address", ok, "::1"},
        new Object[] {"a host name", ok, "localhost"},
        new Object[] {"0.0.0.0", ok, "0.0.0.0"},
        new Object[] {"a quote in the IP", ok, "198.51.100.5' OR '1"},
        new Object[] {"no IP", ok, null},
        new Object[] {"a server that is not MySQL", select("jdbc:postgresql://127.0.0.1/x", s0, u), ip(50)},
        new Object[] {"no server", select(null, s0, u), ip(50)},
        new Object[] {"an empty password", ok.withCredential(new Credential.Password("")), ip(50)},
        new Object[] {"a newline in the password", ok.withCredential(new Credential.Password("a\nb")), ip(50)},
        new Object[] {"a malformed hash", ok.withCredential(new Credential.NativeHash("*1234")), ip(50)},
        new Object[] {"a malformed reference", ok.withCredential(new Credential.Reference("")), ip(50)});
    Stream<DynamicTest> grants = cases.stream().map(c -> DynamicTest.dynamicTest("refused: " + c[0], () -> {
      GrantSpec spec = (GrantSpec) c[1];
      String ip = (String) c[2];
      assertThatThrownBy(() -> grants().grant(spec, ip)).isInstanceOf(GrantRefusedException.class)
          .hasMessageStartingWith("ECP-GRANT-");
      assertThat(grants().grantedHosts(server(), u)).isEmpty();
    }));
    return Stream.concat(grants, Stream.of(DynamicTest.dynamicTest("revoke refuses a host pattern",
        () -> assertThatThrownBy(() -> grants().revoke(ok, "%")).isInstanceOf(GrantRefusedException.class))));
  }

  @Test
  void aRefusalListsEveryProblem() {
    GrantSpec s = new GrantSpec("nope", "mysql", "root", List.of("ALL", "GRANT OPTION"), new Credential.Password(""));
    assertThatThrownBy(() -> grants().grant(s, "%")).isInstanceOfSatisfying(GrantRefusedException.class,
        e -> assertThat(e.violations()).extracting(v -> v.field())
            .contains("server", "schema", "user", "privileges", "credential", "ip"));
  }

  @Test
  void anUnreachableServerIsATechnicalFailureQuickly() {
    GrantSpec s = new GrantSpec(unreachableServer(), schema(0), user("down"), List.of("SELECT"),
        new Credential.Password(password()));
    assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
      assertThatThrownBy(() -> grants().grant(s, ip(60))).isInstanceOf(DatabaseUnavailableException.class)
          .hasMessageStartingWith("ECP-GRANT-");
      assertThatThrownBy(() -> grants().revoke(s, ip(60))).isInstanceOf(DatabaseUnavailableException.class);
      assertThatThrownBy(() -> grants().hasGrant(s, ip(60))).isInstanceOf(DatabaseUnavailableException.class);
      assertThatThrownBy(() -> grants().grantedHosts(s.server(), s.user()))
          .isInstanceOf(DatabaseUnavailableException.class);
    });
  }
}
