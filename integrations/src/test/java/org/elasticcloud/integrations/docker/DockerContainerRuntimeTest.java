package org.elasticcloud.integrations.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.HostUnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Docker adapter against the lab's real engines (lab/test.sh starts them). */
class DockerContainerRuntimeTest {
  private final DockerEngines engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(10));
  private final ContainerRuntime runtime = new DockerContainerRuntime(engines);

  @AfterEach
  void close() {
    engines.close();
  }

  private static String engine(int n) {
    String endpoint = System.getenv("ECLOUD_LAB_DOCKER_" + n);
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_DOCKER_" + n + " is not set: run the tests with lab/test.sh");
    }
    return endpoint;
  }

  @Test
  void aLiveEngineTellsItsVersionAndSize() {
    ContainerRuntime.EngineInfo info = runtime.ping(engine(1));
    assertThat(info.version()).matches("\\d+\\.\\d+.*");
    assertThat(info.apiVersion()).matches("1\\.\\d+");
    assertThat(info.cpus()).isPositive();
    assertThat(info.memoryBytes()).isGreaterThan(64L * 1024 * 1024);
  }

  @Test
  void eachEngineHasItsOwnClient() {
    runtime.ping(engine(1));
    runtime.ping(engine(2));
    assertThat(engines.client(engine(1))).isNotSameAs(engines.client(engine(2)));
    assertThat(engines.client(engine(1))).isSameAs(engines.client(engine(1)));
  }

  @Test
  void aMissingSocketIsUnreachable() {
    assertThatThrownBy(() -> runtime.ping("unix:///nonexistent/ecloud/docker.sock"))
        .isInstanceOf(HostUnreachableException.class)
        .hasMessageStartingWith("ECP-DOCKER-001")
        .satisfies(e -> assertThat(((HostUnreachableException) e).endpoint())
            .isEqualTo("unix:///nonexistent/ecloud/docker.sock"));
  }

  @Test
  void aClosedTcpPortIsUnreachable() {
    assertThatThrownBy(() -> runtime.ping("tcp://127.0.0.1:9")).isInstanceOf(HostUnreachableException.class);
  }
}
