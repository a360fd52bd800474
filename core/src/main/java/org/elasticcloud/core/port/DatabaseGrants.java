package org.elasticcloud.core.port;

import java.util.List;

/**
 * Database access for containers: on an application's MySQL/MariaDB server, the account
 * {@code user@ip} of each container holds exactly the privileges its group's template was granted
 * on the application's schema. Scale-out grants the new container's IP, scale-in revokes it, a
 * migrated container keeps its IP and so its grant. Every call is idempotent by the natural key
 * {@code user@ip}: granting twice creates nothing twice, granting a changed spec converges the
 * account to it, revoking what is gone does nothing.
 *
 * <p>Failures are typed: {@link GrantRefusedException} for what retrying cannot fix (a spec
 * outside the rules of {@link GrantSpec}, a missing schema, no credential for a new account, an
 * account the platform does not manage because it holds global privileges or GRANT OPTION), and
 * {@link DatabaseUnavailableException} for a server that does not answer or fails (retry). A
 * refused call changes nothing. Adapter: MySQL/MariaDB over JDBC.
 */
public interface DatabaseGrants {
  /**
   * Makes {@code spec.user()@ip} exist with exactly {@code spec.privileges()} on
   * {@code spec.schema().*}: creates the account if missing, sets its password when the spec's
   * credential differs, grants what is missing and revokes what is too much on that schema
   * (privileges on other schemas are left alone).
   *
   * @return true when something was created or changed, false when it was already so
   */
  boolean grant(GrantSpec spec, String ip);

  /**
   * Takes from {@code spec.user()@ip} every privilege on {@code spec.schema().*}, then drops the
   * account if it holds no privilege anywhere any more. Only server, schema and user of the spec
   * are used.
   *
   * @return true when something was revoked or dropped, false when there was nothing
   */
  boolean revoke(GrantSpec spec, String ip);

  /**
   * True when {@code spec.user()@ip} exists with exactly the spec's privileges on its schema (the
   * credential is not compared).
   */
  boolean hasGrant(GrantSpec spec, String ip);

  /** The privileges {@code spec.user()@ip} holds on the spec's schema, in canonical order; empty when none. */
  List<String> privileges(GrantSpec spec, String ip);

  /** The hosts at which {@code server} has an account named {@code user}, sorted (for reconciliation). */
  List<String> grantedHosts(String server, String user);
}
