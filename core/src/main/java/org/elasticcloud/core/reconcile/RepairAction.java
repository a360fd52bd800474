package org.elasticcloud.core.reconcile;

/** The repair the rules allow for an item (ADR 0010); {@link #NONE}: reported, an operator decides. */
public enum RepairAction {
  NONE,
  /** Remove an orphan container (or a stale copy on a host where the inventory does not place it). */
  REMOVE_CONTAINER,
  /** Release an orphan network port. */
  RELEASE_PORT,
  /** Detach and delete an orphan volume. */
  DELETE_VOLUME,
  /** Revoke an orphan database account's privileges on the registered schemas (dropped when none is left). */
  REVOKE_GRANT,
  /** Remove an orphan member from a platform VIP. */
  REMOVE_VIP_MEMBER,
  /** Forget an orphan monitoring (and logging) registration. */
  FORGET_MONITORING,
  /** Register (again) the monitoring of a healthy recorded container, from the inventory and its template. */
  REGISTER_MONITORING
}
