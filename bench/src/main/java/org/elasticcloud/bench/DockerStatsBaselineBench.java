package org.elasticcloud.bench;

import com.github.dockerjava.api.model.Container;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;

/**
 * The slow way the agent avoids, as the baseline of {@code bench/agent.sh}: every round one container
 * list and one Docker stats call per container ({@link ContainerRuntime#stats}, {@code stream=false},
 * what {@code docker stats --no-stream} does), {@code threads} at a time. Prints this process's CPU
 * time per round (after the first, like the agent's own summary), the wall time of a round and RSS.
 * Args: endpoint rounds intervalSeconds threads.
 */
public final class DockerStatsBaselineBench {
  private DockerStatsBaselineBench() {
  }

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    int rounds = Integer.parseInt(args[1]);
    long intervalMs = Long.parseLong(args[2]) * 1000;
    int threads = Integer.parseInt(args[3]);
    DockerEngines engines = new DockerEngines(Duration.ofSeconds(3), Duration.ofSeconds(60));
    ContainerRuntime runtime = new DockerContainerRuntime(engines);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuAfterFirst = 0;
    long wallAfterFirst = 0;
    long lastCpu = os.getProcessCpuTime();
    int failures = 0;
    int containers = 0;
    long next = System.currentTimeMillis();
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      List<Container> listed = engines.client(endpoint).listContainersCmd().withShowAll(true).exec();
      containers = listed.size();
      List<Future<?>> calls = new ArrayList<>();
      for (Container c : listed) {
        if ("running".equals(c.getState())) {
          calls.add(pool.submit(() -> runtime.stats(endpoint, c.getId())));
        }
      }
      for (Future<?> f : calls) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failures++;
        }
      }
      long wall = (System.nanoTime() - start) / 1_000_000;
      long cpu = os.getProcessCpuTime();
      if (round > 1) {
        cpuAfterFirst += cpu - lastCpu;
        wallAfterFirst += wall;
      }
      lastCpu = cpu;
      System.out.printf(Locale.ROOT, "baseline round %d: %d container(s), %d stats call(s) in %d ms%n", round,
          containers, calls.size(), wall);
      next += intervalMs;
      long wait = next - System.currentTimeMillis();
      if (wait > 0 && round < rounds) {
        Thread.sleep(wait); // the collection interval itself, not a wait for a condition
      }
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    engines.close();
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    System.out.printf(Locale.ROOT, "BASELINE stopped after %d round(s): %.1f ms CPU per round after the first, "
        + "%d ms wall per round, RSS %d MB, %d container(s), %d failed call(s)%n", rounds,
        cpuAfterFirst / 1e6 / Math.max(1, rounds - 1), wallAfterFirst / Math.max(1, rounds - 1), rss, containers,
        failures);
  }
}
