package org.elasticcloud.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.elasticcloud.integrations.docker.DockerEngines;

/**
 * The floor the benchmarks compare the platform against: raw docker-java create+start of N
 * containers of the sample image (1 core, 64 MB, init, on the lab network with an explicit IP and
 * MAC, as the platform makes them), 3 workers, container i on engine i mod engines. The containers are
 * removed afterwards; only the create+start time is returned.
 */
final class RawCreateFloor {
  private RawCreateFloor() {
  }

  /**
   * @param ipPrefix   the first three octets with the dot (e.g. {@code "10.211.8."}); container i gets .(i+1)
   * @param macByte    the fifth byte of the MACs, so that floors of different benches never clash
   */
  static long createAndStart(List<String> endpoints, String network, int n, String ipPrefix, int macByte)
      throws Exception {
    DockerEngines engines = new DockerEngines(Duration.ofSeconds(3), Duration.ofSeconds(60));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int worker = w;
        fs.add(pool.submit(() -> {
          for (int i = worker; i < n; i += 3) {
            DockerClient client = engines.client(endpoints.get(i % endpoints.size()));
            long memory = 64L * 1024 * 1024;
            client.createContainerCmd("ecloud/sample-app:1").withName("floor-" + i)
                .withHostConfig(HostConfig.newHostConfig().withNanoCPUs(1_000_000_000L).withMemory(memory)
                    .withMemorySwap(memory).withInit(true).withNetworkMode(network))
                .withIpv4Address(ipPrefix + (i + 1))
                .withMacAddress(String.format(Locale.ROOT, "02:ec:0a:d3:%02x:%02x", macByte, i + 1)).exec();
            client.startContainerCmd("floor-" + i).exec();
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      return (System.nanoTime() - t0) / 1_000_000;
    } finally {
      for (int i = 0; i < n; i++) {
        try {
          engines.client(endpoints.get(i % endpoints.size())).removeContainerCmd("floor-" + i).withForce(true).exec();
        } catch (RuntimeException gone) {
          // never made (a failed run): nothing to remove
        }
      }
      pool.shutdown();
      engines.close();
    }
  }
}
