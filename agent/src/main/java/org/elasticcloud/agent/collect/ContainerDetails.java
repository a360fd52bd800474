package org.elasticcloud.agent.collect;

import java.nio.file.Path;
import java.util.List;

/**
 * What the agent needs from a container's inspect data, asked once per container and kept: its
 * main process (0 when not running), the cgroup parent it was created under, its writable layer
 * ({@code GraphDriver.Data.UpperDir}, null for drivers without one) and the host directories of its
 * volume and bind mounts.
 */
public record ContainerDetails(String id, long pid, String cgroupParent, Path upperDir, List<Path> mountSources) {
}
