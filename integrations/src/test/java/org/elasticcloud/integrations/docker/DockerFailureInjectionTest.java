package org.elasticcloud.integrations.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.HostUnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An engine that dies in the middle of a call: it reads the request, then drops the connection. */
class DockerFailureInjectionTest {
  private ServerSocket dying;
  private Thread acceptor;
  private final DockerEngines engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(5));
  private final ContainerRuntime runtime = new DockerContainerRuntime(engines);

  @BeforeEach
  void start() throws IOException {
    dying = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!dying.isClosed()) {
        try (Socket s = dying.accept()) {
          InputStream in = s.getInputStream();
          in.read(new byte[8192]); // take the request, answer nothing, hang up
        } catch (IOException closed) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    dying.close();
    engines.close();
  }

  @Test
  void everyCallToADyingEngineIsHostUnreachable() {
    String engine = "tcp://127.0.0.1:" + dying.getLocalPort();
    ContainerSpec spec = new ContainerSpec("fi-c", "ecloud/os:1", new Resources(0.1, 32, 1), Map.of(), Map.of(), null,
        null, null, List.of(), List.of());
    assertThatThrownBy(() -> runtime.ping(engine)).isInstanceOf(HostUnreachableException.class);
    assertThatThrownBy(() -> runtime.run(engine, spec)).isInstanceOf(HostUnreachableException.class);
    assertThatThrownBy(() -> runtime.inspect(engine, "fi-c")).isInstanceOf(HostUnreachableException.class);
    assertThatThrownBy(() -> runtime.remove(engine, "fi-c")).isInstanceOf(HostUnreachableException.class);
  }
}
