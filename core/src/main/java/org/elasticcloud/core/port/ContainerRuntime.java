package org.elasticcloud.core.port;

/**
 * The container engine of a host (Docker). Grows with the container lifecycle; for now it proves
 * that a host's engine answers.
 */
public interface ContainerRuntime {
  /**
   * Asks the engine at {@code engineEndpoint} whether it is alive and what it runs on.
   *
   * @throws HostUnreachableException when the engine does not answer or answers with an error
   */
  EngineInfo ping(String engineEndpoint);

  /** What an engine says of itself. */
  record EngineInfo(String version, String apiVersion, int cpus, long memoryBytes) {
  }
}
