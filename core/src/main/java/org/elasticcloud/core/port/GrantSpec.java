package org.elasticcloud.core.port;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.elasticcloud.core.validation.Violation;

/**
 * What a group's template container was granted on an application's database server, to be
 * copied to every new container's IP: on {@code server} (a JDBC URL, {@code jdbc:mysql://host:port…}),
 * the account {@code user} gets {@code privileges} on {@code schema.*}. The account's natural key
 * is {@code user@ip}; the IP comes with each call.
 *
 * <p>The record accepts anything (it is built from inventory data); {@link DatabaseGrants} adapters
 * call {@link #requireValid(String)} before touching a server, so a bad spec is refused with every
 * problem listed and nothing created. The rules are strict on purpose, since names end up in SQL:
 * user {@value #USER_RULE}; schema {@value #SCHEMA_RULE}, never a system schema; privileges from
 * {@link SchemaPrivilege} only; the IP a plain dotted IPv4 address (no {@code %}, mask or name).
 *
 * @param credential how the account authenticates; {@code null} keeps the password of an existing
 *     account, and gives a new one the password of the user's other accounts on that server (the
 *     template's), so the platform need not know it
 */
public record GrantSpec(String server, String schema, String user, List<String> privileges, Credential credential) {
  static final String USER_RULE = "1-32 letters, digits or '_', starting with a letter";
  static final String SCHEMA_RULE = "1-64 letters, digits or '_', starting with a letter";
  private static final Pattern SERVER =
      Pattern.compile("jdbc:mysql://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9_]*)?(\\?\\S*)?");
  private static final Pattern SCHEMA = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
  private static final Pattern USER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
  private static final Pattern OCTET = Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]");
  private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema", "sys");
  private static final Set<String> RESERVED_USERS = Set.of("root");

  public GrantSpec {
    privileges = privileges == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(privileges));
  }

  /** A spec with a password given in clear (the adapter sends only its hash to the server). */
  public static GrantSpec withPassword(String server, String schema, String user, List<String> privileges,
      String password) {
    return new GrantSpec(server, schema, user, privileges, password == null ? null : new Credential.Password(password));
  }

  /** The same spec with other privileges. */
  public GrantSpec withPrivileges(List<String> newPrivileges) {
    return new GrantSpec(server, schema, user, newPrivileges, credential);
  }

  /** The same spec with another credential ({@code null}: keep or copy, see the class comment). */
  public GrantSpec withCredential(Credential newCredential) {
    return new GrantSpec(server, schema, user, privileges, newCredential);
  }

  /** Privileges written as one list, e.g. {@code "SELECT, INSERT"} (as the inventory stores them). */
  public static List<String> parsePrivileges(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The privileges, parsed against the allow-list, without repeats, in canonical order.
   *
   * @throws GrantRefusedException when one is outside the allow-list
   */
  public List<SchemaPrivilege> schemaPrivileges() {
    List<Violation> v = new ArrayList<>();
    EnumSet<SchemaPrivilege> set = parse(v);
    refuseIfAny(v);
    return List.copyOf(set);
  }

  /**
   * Everything {@code grant} needs: server, schema, user, privileges, credential and the IP.
   *
   * @throws GrantRefusedException listing every problem
   */
  public void requireValid(String ip) {
    List<Violation> v = new ArrayList<>();
    checkAccount(v, ip);
    EnumSet<SchemaPrivilege> set = parse(v);
    if (set.isEmpty() && v.stream().noneMatch(x -> x.field().equals("privileges"))) {
      v.add(new Violation("privileges", "must list at least one privilege"));
    }
    if (credential != null) {
      credential.check(v);
    }
    refuseIfAny(v);
  }

  /**
   * What {@code revoke} and the queries need: server, schema, user and the IP (privileges and
   * credential are not looked at, so an account made under an older spec can still be revoked).
   */
  public void requireValidAccount(String ip) {
    List<Violation> v = new ArrayList<>();
    checkAccount(v, ip);
    refuseIfAny(v);
  }

  /** Server and user alone (for listing a user's accounts). */
  public static void requireValid(String server, String user) {
    List<Violation> v = new ArrayList<>();
    checkServer(v, server);
    checkUser(v, user);
    refuseIfAny(v);
  }

  /** True for a plain dotted IPv4 address without leading zeros, other than 0.0.0.0 and 255.255.255.255. */
  public static boolean isPlainIpv4(String ip) {
    if (ip == null || ip.equals("0.0.0.0") || ip.equals("255.255.255.255")) {
      return false;
    }
    String[] parts = ip.split("\\.", -1);
    return parts.length == 4 && Arrays.stream(parts).allMatch(p -> OCTET.matcher(p).matches());
  }

  @Override
  public String toString() {
    return "GrantSpec[server=" + server + ", schema=" + schema + ", user=" + user + ", privileges=" + privileges
        + ", credential=" + credential + "]";
  }

  private void checkAccount(List<Violation> v, String ip) {
    checkServer(v, server);
    checkUser(v, user);
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      v.add(new Violation("schema", "must be " + SCHEMA_RULE));
    } else if (SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
      v.add(new Violation("schema", "must not be a system schema (" + schema + ")"));
    }
    if (!isPlainIpv4(ip)) {
      v.add(new Violation("ip", "must be a plain IPv4 address like 10.0.0.5 (no wildcard, mask or host name)"));
    }
  }

  private static void checkServer(List<Violation> v, String server) {
    if (server == null || server.length() > 255 || !SERVER.matcher(server).matches()) {
      v.add(new Violation("server", "must be a JDBC URL jdbc:mysql://host[:port][/database][?options]"));
    }
  }

  private static void checkUser(List<Violation> v, String user) {
    if (user == null || !USER.matcher(user).matches()) {
      v.add(new Violation("user", "must be " + USER_RULE));
    } else if (RESERVED_USERS.contains(user.toLowerCase(Locale.ROOT))) {
      v.add(new Violation("user", "must not be a reserved account (" + user + ")"));
    }
  }

  private EnumSet<SchemaPrivilege> parse(List<Violation> v) {
    EnumSet<SchemaPrivilege> set = EnumSet.noneOf(SchemaPrivilege.class);
    for (String p : privileges) {
      Optional<SchemaPrivilege> known = SchemaPrivilege.fromSql(p);
      if (known.isPresent()) {
        set.add(known.get());
      } else {
        String n = p == null ? "null" : p.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        String why = n.equals("ALL") || n.equals("ALL PRIVILEGES") ? "ALL is not allowed: list the privileges"
            : n.equals("GRANT OPTION") ? "GRANT OPTION is not allowed"
            : "'" + abbreviate(p) + "' is not an allowed schema privilege";
        v.add(new Violation("privileges", why));
      }
    }
    return set;
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static void refuseIfAny(List<Violation> v) {
    if (!v.isEmpty()) {
      StringBuilder sb = new StringBuilder("ECP-GRANT-001 grant refused:");
      v.forEach(x -> sb.append(' ').append(x.field()).append(' ').append(x.message()).append(';'));
      throw new GrantRefusedException(sb.toString(), v);
    }
  }

  /**
   * How the account authenticates. Secrets never show in {@code toString}, and process variables
   * should carry a {@link Reference}, never a {@link Password} or {@link NativeHash}.
   */
  public sealed interface Credential {
    void check(List<Violation> v);

    /** A password in clear: 1-128 printable ASCII characters (so every client hashes the same bytes). */
    record Password(String value) implements Credential {
      @Override
      public void check(List<Violation> v) {
        if (value == null || value.isEmpty() || value.length() > 128
            || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
          v.add(new Violation("credential", "password must be 1-128 printable ASCII characters"));
        }
      }

      @Override
      public String toString() {
        return "Password[***]";
      }
    }

    /** A mysql_native_password hash, {@code *} and 40 hex digits, e.g. copied from the template's account. */
    record NativeHash(String value) implements Credential {
      private static final Pattern HASH = Pattern.compile("\\*[0-9A-Fa-f]{40}");

      @Override
      public void check(List<Violation> v) {
        if (value == null || !HASH.matcher(value).matches()) {
          v.add(new Violation("credential", "password hash must be '*' and 40 hex digits (mysql_native_password)"));
        }
      }

      @Override
      public String toString() {
        return "NativeHash[***]";
      }
    }

    /** The name of a secret the adapter resolves (a vault path, a key of its configuration). */
    record Reference(String name) implements Credential {
      private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/:-]{1,200}");

      @Override
      public void check(List<Violation> v) {
        if (name == null || !NAME.matcher(name).matches()) {
          v.add(new Violation("credential", "reference must be 1-200 letters, digits or . _ / : -"));
        }
      }
    }
  }
}
