package org.elasticcloud.core.reconcile;

/** What kind of thing a report item is about. */
public enum ResourceType {
  /** A container on a host's engine; {@code host} is the engine's host, {@code name} the container. */
  CONTAINER,
  /** A network port of the authority; {@code name} is the port (the container's name). */
  PORT,
  /** A data or log volume; {@code name} is the volume. */
  VOLUME,
  /** A database account; {@code scope} is the server, {@code name} is {@code user@ip}. */
  GRANT,
  /** A member of a VIP; {@code scope} is the VIP, {@code name} the member. */
  VIP_MEMBER,
  /** A monitoring registration; {@code name} is the container it watches. */
  MONITORING,
  /** An application (for {@link DriftKind#SKIPPED}). */
  APPLICATION,
  /** A real system (for {@link DriftKind#UNCHECKED}): a host's engine, the load balancer… */
  SOURCE
}
