package org.elasticcloud.integrations.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.elasticcloud.core.port.NetworkPorts.PortLease;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ContainerProvisioner.Provisioned;
import org.elasticcloud.core.scaling.ProvisioningRefusedException;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.elasticcloud.integrations.docker.LocalDockerVolumes;
import org.elasticcloud.integrations.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Containers made through the ports on the lab: a Neutron port's IP and MAC on host A, reachable
 * from another host's container, and the same IP and MAC after the container is recreated on
 * host B; every refused request leaves no port, volume or container behind. Recreating a container
 * on another host (a migration) keeps its port, volumes and data, and replaces a stale copy.
 */
class NeutronProvisioningTest {
  private static final String IMAGE = "ecloud/sample-app:1";
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private DockerEngines engines;
  private ContainerRuntime runtime;
  private NeutronNetworkPorts ports;
  private LocalDockerVolumes volumes;
  private ContainerProvisioner provisioner;
  private Path root;
  /** Hosts whose engine the volumes adapter cannot reach (a failed host). */
  private final java.util.Set<String> dead = new java.util.HashSet<>();

  private static String engine(int n) {
    return NeutronNetworkPortsTest.env("ECLOUD_LAB_DOCKER_" + n);
  }

  private static Optional<Host> host(String name) {
    if (!name.matches("d[1-3]")) {
      return Optional.empty();
    }
    return Optional.of(new Host((long) name.charAt(1), 1L, name, 2, 4096L, 50L, engine(name.charAt(1) - '0'),
        HostState.READY));
  }

  @BeforeEach
  void setUp() throws IOException {
    engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(30));
    runtime = new DockerContainerRuntime(engines);
    ports = new NeutronNetworkPorts(NeutronNetworkPortsTest.session(), NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_NETWORK_ID"),
        NeutronNetworkPortsTest.env("ECLOUD_LAB_OS_SUBNET_ID"));
    root = TestFiles.labTempDir("prov-test-");
    volumes = new LocalDockerVolumes(engines, root,
        h -> dead.contains(h) ? "unix:///nonexistent/ecloud/" + h + ".sock" : host(h).orElseThrow().engineEndpoint());
    provisioner = new ContainerProvisioner(runtime, ports, volumes, NeutronProvisioningTest::host,
        NeutronNetworkPortsTest.env("ECLOUD_LAB_NETWORK"));
  }

  @AfterEach
  void tearDown() throws IOException {
    for (int i = 1; i <= 3; i++) {
      for (ContainerRuntime.ContainerStatus c : runtime.list(engine(i), Map.of(ContainerBlueprint.LABEL_APP, app()))) {
        runtime.remove(engine(i), c.name());
      }
      runtime.remove(engine(i), "client-" + run);
    }
    for (PortLease p : ports.list()) {
      if (p.name().startsWith(app())) {
        ports.release(p.name());
      }
    }
    volumes.list().forEach(v -> {
      if (v.attachedHost() != null) {
        volumes.detach(v.name(), v.attachedHost());
      }
      volumes.delete(v.name());
    });
    engines.close();
    TestFiles.deleteTree(root);
  }

  private String app() {
    return "pv" + run;
  }

  private ContainerProvisioner.Request request(String hostName, int ordinal, Spec size, String image, String ip) {
    return new ContainerProvisioner.Request(hostName, app(), "test", "g1", 1L,
        ContainerBlueprint.name(app(), "test", "g1", ordinal), 0, size, image, null, ip);
  }

  private static Spec small() {
    return new Spec(1L, "small", 1, 64L, 1L);
  }

  /** Runs a one-shot client on host 2 that fetches http://ip:8080/cgi-bin/info; true if it got an answer. */
  private boolean reachableFromHost2(String ip) {
    String name = "client-" + run;
    runtime.remove(engine(2), name);
    runtime.run(engine(2), new ContainerSpec(name, "ecloud/os:1", new Resources(0.2, 32, 1), Map.of(), Map.of(),
        NeutronNetworkPortsTest.env("ECLOUD_LAB_NETWORK"), "10.211.12.230", "02:ec:0a:d3:0c:e6", List.of(),
        List.of("sh", "-c", "timeout 5 wget -q -O /dev/null http://" + ip + ":8080/cgi-bin/info")));
    await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.inspect(engine(2), name).orElseThrow().running());
    return Integer.valueOf(0).equals(runtime.inspect(engine(2), name).orElseThrow().exitCode());
  }

  @Test
  void aContainerKeepsItsNeutronIpAndMacWhenRecreatedOnAnotherHost() {
    Provisioned onA = provisioner.provision(request("d1", 1, small(), IMAGE, null));
    String ip = onA.port().ip();
    String mac = onA.port().mac();
    assertThat(onA.container().ip()).isEqualTo(ip);
    assertThat(onA.container().mac()).isEqualTo(mac);
    assertThat(ports.find(onA.container().name()).orElseThrow().hostName()).isEqualTo("d1");
    await().atMost(Duration.ofSeconds(20)).until(() -> reachableFromHost2(ip));

    // the host dies for this container: it is removed there, its volumes let go, and it is made on host 3
    runtime.remove(engine(1), onA.container().name());
    volumes.detach(onA.dataVolume(), "d1");
    volumes.detach(onA.logVolume(), "d1");
    Provisioned onB = provisioner.provision(request("d3", 1, small(), IMAGE, null));

    assertThat(onB.port().id()).isEqualTo(onA.port().id());
    assertThat(onB.container().ip()).isEqualTo(ip);
    assertThat(onB.container().mac()).isEqualTo(mac);
    assertThat(ports.find(onB.container().name()).orElseThrow().hostName()).isEqualTo("d3");
    await().atMost(Duration.ofSeconds(20)).until(() -> reachableFromHost2(ip));

    provisioner.deprovision("d3", onB.container().name());
    assertThat(ports.find(onB.container().name())).isEmpty();
    assertThat(volumes.find(onB.dataVolume())).isEmpty();
    assertThat(runtime.inspect(engine(3), onB.container().name())).isEmpty();
  }

  /** Runs a command in a container through the docker client (the port has no exec); returns its output. */
  private static String exec(String engine, String container, String script) throws Exception {
    Process p = new ProcessBuilder("docker", "-H", engine, "exec", container, "sh", "-c", script)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor()).as("docker exec %s: %s", script, out).isZero();
    return out;
  }

  private ContainerProvisioner.Request again(String hostName, int ordinal, int generation) {
    return new ContainerProvisioner.Request(hostName, app(), "test", "g1", 1L,
        ContainerBlueprint.name(app(), "test", "g1", ordinal), generation, small(), IMAGE, null, null);
  }

  @Test
  void recreatingElsewhereKeepsPortVolumesAndData_isRepeatable_andReplacesAStaleCopy() throws Exception {
    Provisioned onA = provisioner.provision(request("d1", 7, small(), IMAGE, null));
    String name = onA.container().name();
    exec(engine(1), name, "echo kept-across-the-move > /data/proof.txt");
    // host 1 fails: its engine no longer answers, and its copy stays there, stopped
    runtime.stop(engine(1), name, Duration.ofSeconds(2));
    dead.add("d1");

    Provisioned onC = provisioner.recreate(again("d3", 7, 1));
    assertThat(onC.port().id()).isEqualTo(onA.port().id());
    assertThat(onC.container().ip()).isEqualTo(onA.port().ip());
    assertThat(onC.container().mac()).isEqualTo(onA.port().mac());
    assertThat(ContainerProvisioner.generationOf(onC.container())).isEqualTo(1);
    assertThat(ports.find(name).orElseThrow().hostName()).isEqualTo("d3");
    assertThat(volumes.find(onA.dataVolume()).orElseThrow().attachedHost()).isEqualTo("d3");
    assertThat(volumes.find(onA.logVolume()).orElseThrow().attachedHost()).isEqualTo("d3");
    assertThat(exec(engine(3), name, "cat /data/proof.txt")).isEqualTo("kept-across-the-move");
    await().atMost(Duration.ofSeconds(20)).until(() -> reachableFromHost2(onA.port().ip()));

    // a retried step finds it made
    assertThat(provisioner.recreate(again("d3", 7, 1)).container().id()).isEqualTo(onC.container().id());

    // host 1 returns with its stale generation-0 copy; the container moves back there and replaces it
    dead.remove("d1");
    runtime.remove(engine(3), name);
    Provisioned backOnA = provisioner.recreate(again("d1", 7, 2));
    assertThat(backOnA.container().id()).isNotEqualTo(onA.container().id());
    assertThat(backOnA.container().running()).isTrue();
    assertThat(ContainerProvisioner.generationOf(runtime.inspect(engine(1), name).orElseThrow())).isEqualTo(2);
    assertThat(exec(engine(1), name, "cat /data/proof.txt")).isEqualTo("kept-across-the-move");
  }

  @Test
  void recreatingWithoutAPortOrOnAHostThatIsNotReadyIsRefused() {
    assertThatThrownBy(() -> provisioner.recreate(again("d2", 8, 1)))
        .isInstanceOfSatisfying(ProvisioningRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProvisioningRefusedException.Reason.PORT_MISSING));
    assertThatThrownBy(() -> provisioner.recreate(again("d9", 8, 1)))
        .isInstanceOfSatisfying(ProvisioningRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProvisioningRefusedException.Reason.UNKNOWN_HOST));
    assertNothingLeftFor(8);
  }

  @Test
  void provisioningTheSameContainerTwiceCreatesNothingTwice() {
    Provisioned first = provisioner.provision(request("d2", 6, small(), IMAGE, null));
    Provisioned again = provisioner.provision(request("d2", 6, small(), IMAGE, null)); // a retried job
    assertThat(again.container().id()).isEqualTo(first.container().id());
    assertThat(again.port().id()).isEqualTo(first.port().id());
    String name = first.container().name();
    assertThat(ports.list().stream().filter(p -> p.name().equals(name))).hasSize(1);
    assertThat(volumes.list().stream().filter(v -> v.name().startsWith(name))).hasSize(2);
    assertThat(runtime.list(engine(2), Map.of(ContainerBlueprint.LABEL_CONTAINER, name))).hasSize(1);
  }

  private void assertNothingLeftFor(int ordinal) {
    String name = ContainerBlueprint.name(app(), "test", "g1", ordinal);
    assertThat(ports.find(name)).isEmpty();
    assertThat(volumes.find(ContainerBlueprint.dataVolume(name))).isEmpty();
    assertThat(volumes.find(ContainerBlueprint.logVolume(name))).isEmpty();
    for (int i = 1; i <= 3; i++) {
      assertThat(runtime.inspect(engine(i), name)).isEmpty();
    }
  }

  @Test
  void anAddressInUseIsTypedAndLeavesNothing() {
    Provisioned first = provisioner.provision(request("d1", 1, small(), IMAGE, null));
    assertThatThrownBy(() -> provisioner.provision(request("d2", 2, small(), IMAGE, first.port().ip())))
        .isInstanceOf(AddressInUseException.class);
    assertNothingLeftFor(2);
  }

  @Test
  void aMissingImageIsTypedAndLeavesNothing() {
    assertThatThrownBy(() -> provisioner.provision(request("d2", 3, small(), "ecloud/no-such-app:1", null)))
        .isInstanceOf(ImageNotFoundException.class);
    assertNothingLeftFor(3);
  }

  @Test
  void anUnknownHostOrASpecLargerThanTheHostIsRefusedBeforeAnythingIsMade() {
    assertThatThrownBy(() -> provisioner.provision(request("d9", 4, small(), IMAGE, null)))
        .isInstanceOfSatisfying(ProvisioningRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProvisioningRefusedException.Reason.UNKNOWN_HOST));
    assertThatThrownBy(() -> provisioner.provision(request("d1", 5, new Spec(2L, "huge", 64, 1_000_000L, 1L), IMAGE, null)))
        .isInstanceOfSatisfying(ProvisioningRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProvisioningRefusedException.Reason.SPEC_TOO_LARGE));
    assertNothingLeftFor(4);
    assertNothingLeftFor(5);
  }
}
