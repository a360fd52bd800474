package org.elasticcloud.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.elasticcloud.core.port.GrantSpec.Credential;
import org.elasticcloud.core.validation.Violation;
import org.junit.jupiter.api.Test;

/** The rules of a grant, without a server (the contract runs them against real adapters). */
class GrantSpecTest {
  private static final String SERVER = "jdbc:mysql://db.example:3306/cap?sslMode=REQUIRED";
  private final GrantSpec ok = GrantSpec.withPassword(SERVER, "cap_db", "cap_app",
      GrantSpec.parsePrivileges("select, Insert ,UPDATE,delete"), "s3cret!");

  @Test
  void aGoodSpecPassesAndItsPrivilegesAreCanonical() {
    assertThatCode(() -> ok.requireValid("10.20.0.5")).doesNotThrowAnyException();
    assertThat(ok.schemaPrivileges()).containsExactly(SchemaPrivilege.SELECT, SchemaPrivilege.INSERT,
        SchemaPrivilege.UPDATE, SchemaPrivilege.DELETE);
    assertThat(ok.withPrivileges(List.of("create temporary  tables", "SELECT", "select")).schemaPrivileges())
        .containsExactly(SchemaPrivilege.SELECT, SchemaPrivilege.CREATE_TEMPORARY_TABLES);
  }

  @Test
  void onlyPlainIpv4AddressesAreAccounts() {
    assertThat(List.of("10.20.0.5", "127.0.0.1", "255.255.255.254", "1.0.0.0")).allMatch(GrantSpec::isPlainIpv4);
    assertThat(List.of("%", "10.20.0.%", "10.0.0.0/255.0.0.0", "10.20.0.256", "010.20.0.5", "10.20.0", "10.20.0.5.6",
        "::1", "localhost", "0.0.0.0", "255.255.255.255", " 10.20.0.5", "10.20.0.5'", ""))
        .noneMatch(GrantSpec::isPlainIpv4);
    assertThat(GrantSpec.isPlainIpv4(null)).isFalse();
  }

  @Test
  void everyProblemIsListedWithItsField() {
    GrantSpec bad = new GrantSpec("mysql://x", "information_schema", "root",
        List.of("SELECT", "ALL PRIVILEGES", "GRANT OPTION", "FILE"), new Credential.NativeHash("nope"));
    assertThatThrownBy(() -> bad.requireValid("10.0.0.%")).isInstanceOfSatisfying(GrantRefusedException.class, e -> {
      assertThat(e).hasMessageStartingWith("ECP-GRANT-001");
      assertThat(e.violations()).extracting(Violation::field)
          .containsExactlyInAnyOrder("server", "user", "schema", "ip", "privileges", "privileges", "privileges",
              "credential");
      assertThat(e.violations()).extracting(Violation::message)
          .contains("ALL is not allowed: list the privileges", "GRANT OPTION is not allowed");
    });
  }

  @Test
  void revokingChecksTheAccountOnly() {
    GrantSpec old = ok.withPrivileges(List.of("ALL")).withCredential(null);
    assertThatCode(() -> old.requireValidAccount("10.20.0.5")).doesNotThrowAnyException();
    assertThatThrownBy(() -> old.requireValid("10.20.0.5")).isInstanceOf(GrantRefusedException.class);
  }

  @Test
  void passwordsAreAsciiAndNeverPrinted() {
    assertThat(ok.toString()).doesNotContain("s3cret").contains("Password[***]");
    assertThat(new Credential.NativeHash("*" + "A".repeat(40)).toString()).doesNotContain("AAAA");
    assertThatThrownBy(() -> ok.withCredential(new Credential.Password("pässword")).requireValid("10.0.0.1"))
        .isInstanceOf(GrantRefusedException.class).hasMessageNotContaining("pässword");
    assertThatCode(() -> ok.withCredential(new Credential.Password("it's a \\ \"quote\"")).requireValid("10.0.0.1"))
        .doesNotThrowAnyException();
  }
}
