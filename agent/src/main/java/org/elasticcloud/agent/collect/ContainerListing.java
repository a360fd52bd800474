package org.elasticcloud.agent.collect;

import java.util.Map;

/**
 * A container as the engine's list shows it, once per round: no inspect needed. {@code health}
 * comes from the list's status text ({@code Up 5 minutes (healthy)}).
 */
public record ContainerListing(String id, String name, boolean running, Health health, Map<String, String> labels) {

  /** The state of a container's health check. */
  public enum Health {
    /** No health check defined. */
    NONE, STARTING, HEALTHY, UNHEALTHY;

    /** From the engine's status text ({@code Up 3 minutes (health: starting)}). */
    public static Health ofStatus(String status) {
      if (status == null) {
        return NONE;
      }
      if (status.contains("(healthy)")) {
        return HEALTHY;
      }
      if (status.contains("(unhealthy)")) {
        return UNHEALTHY;
      }
      if (status.contains("(health: starting)")) {
        return STARTING;
      }
      return NONE;
    }
  }

  /** Running, and healthy where a health check exists (still starting is not yet healthy). */
  public boolean alive() {
    return running && (health == Health.NONE || health == Health.HEALTHY);
  }
}
