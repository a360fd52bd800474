package org.elasticcloud.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.agent.collect.ContainerDetails;
import org.elasticcloud.agent.collect.ContainerListing;
import org.elasticcloud.integrations.docker.DockerEngines;

/**
 * The local Docker engine, as the agent reads it: the container list (one call a round) and a
 * container's inspect data (once per container). Everything else the agent reads from files.
 */
public class EngineContainers implements AutoCloseable {
  private final DockerEngines engines;
  private final String endpoint;

  public EngineContainers(String endpoint) {
    this.endpoint = endpoint;
    this.engines = new DockerEngines(Duration.ofSeconds(3), Duration.ofSeconds(20));
  }

  public DockerClient client() {
    return engines.client(endpoint);
  }

  /** Every container, running or not. */
  public List<ContainerListing> list() {
    List<ContainerListing> out = new ArrayList<>();
    for (Container c : client().listContainersCmd().withShowAll(true).exec()) {
      String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0];
      if (name.startsWith("/")) {
        name = name.substring(1);
      }
      out.add(new ContainerListing(c.getId(), name, "running".equals(c.getState()),
          ContainerListing.Health.ofStatus(c.getStatus()), c.getLabels() == null ? Map.of() : c.getLabels()));
    }
    return out;
  }

  /** The container's process, cgroup parent, writable layer and mounted directories; empty when gone. */
  public Optional<ContainerDetails> inspect(String id) {
    InspectContainerResponse r;
    try {
      r = client().inspectContainerCmd(id).exec();
    } catch (NotFoundException gone) {
      return Optional.empty();
    }
    Long pid = r.getState() == null ? null : r.getState().getPidLong();
    String parent = r.getHostConfig() == null ? null : r.getHostConfig().getCgroupParent();
    Path upper = null;
    if (r.getGraphDriver() != null && r.getGraphDriver().getData() != null) {
      // docker-java's GraphData has no field for overlay2's UpperDir: it is among the raw values
      Object dir = r.getGraphDriver().getData().getRawValues().get("UpperDir");
      if (dir instanceof String s && !s.isBlank()) {
        upper = Path.of(s);
      }
    }
    List<Path> mounts = new ArrayList<>();
    if (r.getMounts() != null) {
      for (InspectContainerResponse.Mount m : r.getMounts()) {
        if (m.getSource() != null && !m.getSource().isBlank()) {
          mounts.add(Path.of(m.getSource()));
        }
      }
    }
    return Optional.of(new ContainerDetails(r.getId(), pid == null ? 0 : pid, parent, upper, List.copyOf(mounts)));
  }

  @Override
  public void close() {
    engines.close();
  }
}
