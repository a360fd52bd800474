package org.elasticcloud.core.placement;

import java.util.Objects;

/**
 * A container that already occupies a host: its id, its group and what its spec uses. Every
 * container that holds resources on the host belongs in its {@link HostLoad}, whatever its group.
 */
public record PlacedContainer(long containerId, long groupId, Resources resources) {
  public PlacedContainer {
    Objects.requireNonNull(resources, "resources");
    if (!resources.isNonNegative()) {
      throw new IllegalArgumentException("container " + containerId + " uses negative resources: " + resources);
    }
  }
}
