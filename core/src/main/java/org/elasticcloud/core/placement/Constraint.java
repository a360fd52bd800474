package org.elasticcloud.core.placement;

/**
 * A rule that keeps a host from taking one more container of the group. Declared in the order in
 * which explanations list them.
 */
public enum Constraint {
  /** The caller ruled the host out (e.g. the failed host in a migration). */
  EXCLUDED("excluded by the caller"),
  /** The host is not READY (REGISTERING, SUSPECT, DOWN, FAULTY, DRAINING, MAINTENANCE or unknown). */
  NOT_READY("not READY"),
  /** Fewer free cores than the spec needs. */
  CORES("not enough free cores"),
  /** Less free memory than the spec needs. */
  MEMORY("not enough free memory"),
  /** Less free disk than the spec needs. */
  DISK("not enough free disk"),
  /** The host already holds as many of the group as {@link SpreadPolicy#hostLimit} allows. */
  HOST_SHARE("host holds its share of the group"),
  /** The host's switch already holds as many of the group as {@link SpreadPolicy#switchLimit} allows. */
  SWITCH_SHARE("switch holds its share of the group");

  private final String description;

  Constraint(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
