package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.webapp.monitoring.EngineProber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The prober with the real Docker adapter against an "engine" that accepts connections and never
 * answers (a hung dockerd: a real unix socket that nobody reads), and against one that is gone.
 */
class EngineProberTest {
  private final DockerEngines engines = new DockerEngines(Duration.ofSeconds(1), Duration.ofSeconds(30));
  private final EngineProber prober = new EngineProber(new DockerContainerRuntime(engines), Duration.ofMillis(300));
  private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
  private Path dir;
  private ServerSocketChannel hung;
  private Thread acceptor;

  @BeforeEach
  void hungEngine() throws Exception {
    dir = Files.createTempDirectory("prober-");
    hung = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    hung.bind(UnixDomainSocketAddress.of(dir.resolve("docker.sock")));
    acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(hung.accept()); // ... and never answer
        }
      } catch (Exception closed) {
        // the test is over
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws Exception {
    prober.close();
    engines.close();
    hung.close();
    for (SocketChannel c : accepted) {
      c.close();
    }
    Files.deleteIfExists(dir.resolve("docker.sock"));
    Files.deleteIfExists(dir);
  }

  @Test
  void aHungEngine_failsWithinTheTimeout_andHoldsOneProbeAtMost() {
    String endpoint = "unix://" + dir.resolve("docker.sock");
    long t0 = System.nanoTime();
    EngineProber.Result first = prober.probe(endpoint, Duration.ZERO);
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(first.answered()).isFalse();
    assertThat(first.detail()).isEqualTo("no answer within 300 ms");
    assertThat(tookMs).isLessThan(2000);

    // the probe's connection is open and waiting (the client may still have been connecting)
    await().atMost(Duration.ofSeconds(5)).until(() -> accepted.size() == 1);
    // the next rounds join the probe still waiting instead of opening more connections
    for (int i = 0; i < 3; i++) {
      assertThat(prober.probeAll(List.of(endpoint)).get(endpoint).answered()).isFalse();
    }
    assertThat(accepted).hasSize(1);
  }

  @Test
  void aGoneEngine_failsAtOnce_withTheAdaptersReason_andSeveralAreProbedTogether() {
    String gone = "unix://" + dir.resolve("nothing-here.sock");
    String hungEndpoint = "unix://" + dir.resolve("docker.sock");
    long t0 = System.nanoTime();
    Map<String, EngineProber.Result> r = prober.probeAll(List.of(gone, hungEndpoint));
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.get(gone).answered()).isFalse();
    assertThat(r.get(gone).detail()).startsWith("ECP-DOCKER-001");
    assertThat(r.get(hungEndpoint).answered()).isFalse();
    assertThat(tookMs).as("in parallel: one timeout, not two").isLessThan(1500);
  }
}
