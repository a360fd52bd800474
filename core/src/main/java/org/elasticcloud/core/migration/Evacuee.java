package org.elasticcloud.core.migration;

import java.util.Objects;
import org.elasticcloud.core.placement.Resources;

/**
 * A container that must leave its host: its id and name, its group, its application and that
 * application's priority (0-100, higher first), and what its spec uses.
 */
public record Evacuee(long containerId, String containerName, long groupId, String application, int priority,
    Resources spec) {
  public Evacuee {
    Objects.requireNonNull(containerName, "containerName");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(spec, "spec");
  }
}
