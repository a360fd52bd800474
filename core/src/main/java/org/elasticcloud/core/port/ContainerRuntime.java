package org.elasticcloud.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container engine of each host (Docker). Containers are addressed by the host's engine
 * endpoint and the container's name, which the platform derives from the business key, so every
 * call can be repeated safely: creating a container that exists with the same spec returns it,
 * removing a missing one does nothing.
 *
 * <p>Failures are typed: {@link ContainerNotFoundException}, {@link ContainerConflictException}
 * (a name taken by another spec, an IP or MAC already live), {@link ImageNotFoundException}, and
 * {@link HostUnreachableException} for an engine that does not answer (a technical failure: retry).
 */
public interface ContainerRuntime {
  /**
   * Asks the engine at {@code engineEndpoint} whether it is alive and what it runs on.
   *
   * @throws HostUnreachableException when the engine does not answer or answers with an error
   */
  EngineInfo ping(String engineEndpoint);

  /**
   * Creates and starts the container; returns its status once running. A container of that name
   * with the same spec is kept (and started if stopped). When the start fails, the container just
   * created is removed again, so nothing is left behind.
   */
  ContainerStatus run(String engineEndpoint, ContainerSpec spec);

  /** Starts a stopped container. */
  void start(String engineEndpoint, String name);

  /** Stops a running container, giving it {@code timeout} to exit after SIGTERM. */
  void stop(String engineEndpoint, String name, Duration timeout);

  /** Removes the container (stopping it first); false if there was none. */
  boolean remove(String engineEndpoint, String name);

  Optional<ContainerStatus> inspect(String engineEndpoint, String name);

  /** Containers on that engine carrying every given label (all containers for an empty map). */
  List<ContainerStatus> list(String engineEndpoint, Map<String, String> labels);

  /** Changes cores and memory of a running container in place (vertical scaling). */
  void resize(String engineEndpoint, String name, Resources resources);

  /** Commits the container's file system to {@code repository:tag}; returns the image id. */
  String commit(String engineEndpoint, String name, String repository, String tag);

  /** One reading of the container's resource use. */
  ContainerStats stats(String engineEndpoint, String name);

  /** What an engine says of itself. */
  record EngineInfo(String version, String apiVersion, int cpus, long memoryBytes) {
  }

  /** Cores (fractions allowed), memory and disk of one container. */
  record Resources(double cores, long memoryMb, long diskGb) {
  }

  /** A directory (a volume's mount source on the host) bound into the container. */
  record Mount(String source, String target, boolean readOnly) {
  }

  /**
   * Everything needed to create a container. {@code ip} and {@code mac} come from the network
   * authority (Neutron or the platform's IPAM), never from the engine.
   */
  record ContainerSpec(String name, String image, Resources resources, Map<String, String> labels,
      Map<String, String> env, String network, String ip, String mac, List<Mount> mounts, List<String> command) {
    public ContainerSpec {
      labels = Map.copyOf(labels);
      env = Map.copyOf(env);
      mounts = List.copyOf(mounts);
      command = command == null ? List.of() : List.copyOf(command);
    }
  }

  /** A container as the engine reports it. */
  record ContainerStatus(String id, String name, String image, boolean running, String state, Integer exitCode,
      String ip, String mac, Map<String, String> labels, double cores, long memoryMb, Instant startedAt) {
  }

  /** Resource use at one moment. */
  record ContainerStats(double cpuPercent, long memoryUsedBytes, long memoryLimitBytes, long networkRxBytes,
      long networkTxBytes, long pids) {
  }
}
