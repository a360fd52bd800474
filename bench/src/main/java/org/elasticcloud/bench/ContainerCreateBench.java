package org.elasticcloud.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Mount;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.db.LocalIpam;
import org.elasticcloud.db.Migrations;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.integrations.docker.LocalDockerVolumes;
import org.elasticcloud.integrations.openstack.NeutronNetworkPorts;
import org.elasticcloud.integrations.openstack.OpenStackSession;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Create+start of N containers spread over the lab's hosts, one worker per host:
 * <ol>
 *   <li>baseline — raw docker-java create+start with the same image, limits, IP and MAC;</li>
 *   <li>runtime port — {@link ContainerRuntime#run} (idempotency check, typed failures);</li>
 *   <li>all ports — address from {@link NetworkPorts} (local IPAM), data and log volumes from
 *       {@link Volumes}, then {@link ContainerRuntime#run} with both mounted.</li>
 * </ol>
 * Rounds alternate and everything is removed between them. Prints medians and ratios.
 *
 * <p>Environment: ECLOUD_LAB_DOCKER_1..n, ECLOUD_LAB_NETWORK; args: containers (50), rounds (3).
 */
public final class ContainerCreateBench {
  private static final String IMAGE = "ecloud/os:1";
  private static final List<String> COMMAND = List.of("httpd", "-f", "-p", "8080", "-h", "/etc");

  private ContainerCreateBench() {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> found = new ArrayList<>();
    for (int i = 1; System.getenv("ECLOUD_LAB_DOCKER_" + i) != null; i++) {
      found.add(System.getenv("ECLOUD_LAB_DOCKER_" + i));
    }
    String network = System.getenv().getOrDefault("ECLOUD_LAB_NETWORK", "labnet");
    if (found.size() < 3) {
      throw new IllegalStateException("needs at least 3 lab engines (ECLOUD_LAB_DOCKER_1..3): run lab/up.sh");
    }
    List<String> hosts = List.copyOf(found.subList(0, 3));
    DockerEngines engines = new DockerEngines(Duration.ofSeconds(3), Duration.ofSeconds(60));
    ContainerRuntime runtime = new DockerContainerRuntime(engines);
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "sa", "");
    Migrations.migrate(ds);
    NetworkPorts ipam = new LocalIpam(JdbcClient.create(ds), "10.211.0.0/20", "10.211.10.0-10.211.10.255");
    java.nio.file.Path volRoot = java.nio.file.Files.createTempDirectory(
        java.nio.file.Path.of(System.getenv().getOrDefault("ECLOUD_LAB_DIR", "/var/tmp/ecloud-lab")), "bench-volumes-");
    Volumes volumes = new LocalDockerVolumes(engines, volRoot, h -> hosts.get(Integer.parseInt(h.substring(1)) - 1));

    NeutronNetworkPorts neutron = null;
    if (System.getenv("ECLOUD_LAB_OS_AUTH_URL") != null) {
      neutron = new NeutronNetworkPorts(new OpenStackSession(new OpenStackSession.Settings(
          System.getenv("ECLOUD_LAB_OS_AUTH_URL"), System.getenv("ECLOUD_LAB_OS_USER"),
          System.getenv("ECLOUD_LAB_OS_PASSWORD"), System.getenv("ECLOUD_LAB_OS_PROJECT"),
          System.getenv("ECLOUD_LAB_OS_DOMAIN"), System.getenv("ECLOUD_LAB_OS_REGION")),
          Duration.ofSeconds(5), Duration.ofSeconds(30)),
          System.getenv("ECLOUD_LAB_OS_NETWORK_ID"), System.getenv("ECLOUD_LAB_OS_SUBNET_ID"));
    }
    List<Long> neutronPorts = new ArrayList<>();
    List<Long> raw = new ArrayList<>();
    List<Long> port = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    Step rawStep = (h, i) -> rawCreate(engines.client(hosts.get(h)), name("raw", i), network, i);
    Step portStep = (h, i) -> runtime.run(hosts.get(h), spec(name("port", i), network, ip(i), mac(i), List.of()));
    Step allStep = (h, i) -> {
      String name = name("all", i);
      NetworkPorts.PortLease lease = ipam.allocate(name, "d" + (h + 1));
      volumes.create(name + "-data", 1);
      volumes.create(name + "-log", 1);
      String data = volumes.attach(name + "-data", "d" + (h + 1));
      String log = volumes.attach(name + "-log", "d" + (h + 1));
      runtime.run(hosts.get(h), spec(name, network, lease.ip(), lease.mac(),
          List.of(new Mount(data, "/data", false), new Mount(log, "/var/log/app", false))));
    };
    // a warm-up round, not counted; the order of the three kinds rotates every round
    for (int r = -1; r < rounds; r++) {
      long[] ms = new long[3];
      for (int k = 0; k < 3; k++) {
        int kind = Math.floorMod(r + k, 3);
        switch (kind) {
          case 0 -> {
            ms[0] = timed(hosts, n, rawStep);
            cleanup(runtime, hosts, n, "raw", null, null);
          }
          case 1 -> {
            ms[1] = timed(hosts, n, portStep);
            cleanup(runtime, hosts, n, "port", null, null);
          }
          default -> {
            ms[2] = timed(hosts, n, allStep);
            cleanup(runtime, hosts, n, "all", ipam, volumes);
          }
        }
      }
      if (neutron != null) {
        NeutronNetworkPorts np = neutron;
        long t = timed(hosts, n, (h, i) -> np.allocate(name("neutron", i), "d" + (h + 1)));
        timed(hosts, n, (h, i) -> np.release(name("neutron", i)));
        if (r >= 0) {
          neutronPorts.add(t);
        }
        System.err.printf(Locale.ROOT, "round %d: %d Neutron ports %d ms%n", r, n, t);
      }
      if (r >= 0) {
        raw.add(ms[0]);
        port.add(ms[1]);
        all.add(ms[2]);
      }
      System.err.printf(Locale.ROOT, "round %d: raw %d ms, runtime port %d ms, all ports %d ms%n", r, ms[0], ms[1], ms[2]);
    }
    engines.close();
    try (var walk = java.nio.file.Files.walk(volRoot)) {
      for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
    long mr = median(raw);
    long mp = median(port);
    long ma = median(all);
    System.out.printf(Locale.ROOT, "create+start of %d containers over %d hosts (one worker per host), median of %d rounds%n",
        n, hosts.size(), rounds);
    System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s%n", "", "ms", "ms/ctr", "ratio");
    System.out.printf(Locale.ROOT, "%-44s %8d %8.1f %8s%n", "baseline: raw docker-java", mr, (double) mr / n, "1.00x");
    System.out.printf(Locale.ROOT, "%-44s %8d %8.1f %7.2fx%n", "ContainerRuntime port", mp, (double) mp / n, (double) mp / mr);
    System.out.printf(Locale.ROOT, "%-44s %8d %8.1f %7.2fx%n", "all ports (local IPAM + 2 volumes + runtime)", ma,
        (double) ma / n, (double) ma / mr);
    if (!neutronPorts.isEmpty()) {
      long mn = median(neutronPorts);
      System.out.printf(Locale.ROOT, "%-44s %8d %8.1f %7.2fx%n", "separately: Neutron port create (same workers)", mn,
          (double) mn / n, (double) mn / mr);
    }
  }

  interface Step {
    void run(int host, int index) throws Exception;
  }

  private static long timed(List<String> hosts, int n, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(hosts.size());
    long t0 = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int h = 0; h < hosts.size(); h++) {
      int host = h;
      futures.add(pool.submit(() -> {
        for (int i = host; i < n; i += hosts.size()) {
          step.run(host, i);
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    pool.shutdown();
    return ms;
  }

  private static void cleanup(ContainerRuntime runtime, List<String> hosts, int n, String kind, NetworkPorts ipam,
      Volumes volumes) throws Exception {
    timed(hosts, n, (h, i) -> {
      String name = name(kind, i);
      runtime.remove(hosts.get(h), name);
      if (ipam != null) {
        ipam.release(name);
        for (String v : List.of(name + "-data", name + "-log")) {
          volumes.detach(v, "d" + (h + 1));
          volumes.delete(v);
        }
      }
    });
  }

  private static String name(String kind, int i) {
    return "bench-" + kind + "-" + i;
  }

  private static String ip(int i) {
    return "10.211.10." + i;
  }

  private static String mac(int i) {
    return String.format(Locale.ROOT, "02:ec:0a:d3:0a:%02x", i);
  }

  private static ContainerSpec spec(String name, String network, String ip, String mac, List<Mount> mounts) {
    return new ContainerSpec(name, IMAGE, new Resources(0.1, 32, 1), Map.of("org.elasticcloud.bench", "1"), Map.of(),
        network, ip, mac, mounts, COMMAND);
  }

  private static void rawCreate(DockerClient client, String name, String network, int i) {
    long memory = 32L * 1024 * 1024;
    client.createContainerCmd(IMAGE).withName(name).withHostName(name)
        .withLabels(Map.of("org.elasticcloud.bench", "1"))
        .withHostConfig(HostConfig.newHostConfig().withNanoCPUs(100_000_000L).withMemory(memory).withMemorySwap(memory)
            .withPidsLimit(4096L).withInit(true).withNetworkMode(network))
        .withIpv4Address(ip(i)).withMacAddress(mac(i)).withCmd(COMMAND).exec();
    client.startContainerCmd(name).exec();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted.get(sorted.size() / 2);
  }
}
