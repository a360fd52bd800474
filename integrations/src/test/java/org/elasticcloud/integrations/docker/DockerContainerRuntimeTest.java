package org.elasticcloud.integrations.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.port.ContainerConflictException;
import org.elasticcloud.core.port.ContainerNotFoundException;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.HostUnreachableException;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Docker adapter against the lab's real engines (lab/test.sh starts at least three, with the
 * shared L2 segment {@code ECLOUD_LAB_NETWORK} on each). Addresses 10.211.13.x are this test's.
 */
class DockerContainerRuntimeTest {
  private static final String IMAGE = "ecloud/os:1";
  private static final String TEST_LABEL = "org.elasticcloud.test";
  private final DockerEngines engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(30));
  private final ContainerRuntime runtime = new DockerContainerRuntime(engines);
  private final List<String[]> made = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void cleanUp() {
    for (String[] m : made) {
      runtime.remove(m[0], m[1]);
    }
    engines.close();
  }

  static String engine(int n) {
    String endpoint = System.getenv("ECLOUD_LAB_DOCKER_" + n);
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_DOCKER_" + n + " is not set: run the tests with lab/test.sh");
    }
    return endpoint;
  }

  static String network() {
    String n = System.getenv("ECLOUD_LAB_NETWORK");
    if (n == null || n.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_NETWORK is not set: run the tests with lab/test.sh");
    }
    return n;
  }

  private ContainerSpec web(String name, String ip, String mac) {
    return new ContainerSpec(name, IMAGE, new Resources(0.5, 64, 1),
        Map.of("org.elasticcloud.app", "cap", TEST_LABEL, "runtime"), Map.of("APP", "cap"), network(), ip, mac,
        List.of(), List.of("httpd", "-f", "-p", "8080", "-h", "/etc"));
  }

  private ContainerStatus run(int engine, ContainerSpec spec) {
    made.add(new String[] {engine(engine), spec.name()});
    return runtime.run(engine(engine), spec);
  }

  private int httpStatus(String ip) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/hostname"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
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
    assertThat(engines.client(engine(1))).isNotSameAs(engines.client(engine(2)));
    assertThat(engines.client(engine(1))).isSameAs(engines.client(engine(1)));
  }

  @Test
  void unreachableEnginesAreTyped() {
    assertThatThrownBy(() -> runtime.ping("unix:///nonexistent/ecloud/docker.sock"))
        .isInstanceOf(HostUnreachableException.class).hasMessageStartingWith("ECP-DOCKER-001");
    assertThatThrownBy(() -> runtime.ping("tcp://127.0.0.1:9")).isInstanceOf(HostUnreachableException.class);
    assertThatThrownBy(() -> runtime.run("tcp://127.0.0.1:9", web("rt-nowhere", "10.211.13.9", null)))
        .isInstanceOf(HostUnreachableException.class);
  }

  @Test
  void aContainerGetsItsLimitsLabelsInitAndTheAuthoritysIpAndMac() {
    ContainerStatus s = run(1, web("rt-limits", "10.211.13.10", "02:ec:0a:d3:0d:0a"));
    assertThat(s.running()).isTrue();
    assertThat(s.ip()).isEqualTo("10.211.13.10");
    assertThat(s.mac()).isEqualTo("02:ec:0a:d3:0d:0a");
    assertThat(s.cores()).isEqualTo(0.5);
    assertThat(s.memoryMb()).isEqualTo(64);
    assertThat(s.labels()).containsEntry("org.elasticcloud.app", "cap").containsKey(DockerContainerRuntime.SPEC_LABEL);
    assertThat(runtime.list(engine(1), Map.of(TEST_LABEL, "runtime"))).extracting(ContainerStatus::name)
        .contains("rt-limits");
    await().atMost(Duration.ofSeconds(10)).until(() -> httpStatus("10.211.13.10") == 200);
  }

  @Test
  void aContainerRecreatedOnAnotherHostKeepsItsIpAndMacAndIsReachableFromAThirdHost() {
    ContainerSpec spec = web("rt-move", "10.211.13.11", "02:ec:0a:d3:0d:0b");
    run(1, spec);
    await().atMost(Duration.ofSeconds(10)).until(() -> httpStatus("10.211.13.11") == 200);
    assertThat(runtime.remove(engine(1), "rt-move")).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> httpStatus("10.211.13.11") != 200);

    ContainerStatus moved = run(3, spec);
    assertThat(moved.ip()).isEqualTo("10.211.13.11");
    assertThat(moved.mac()).isEqualTo("02:ec:0a:d3:0d:0b");
    await().atMost(Duration.ofSeconds(10)).until(() -> httpStatus("10.211.13.11") == 200);

    // a client on host 2 reaches it by IP over the shared segment
    ContainerSpec client = new ContainerSpec("rt-client", IMAGE, new Resources(0.2, 32, 1),
        Map.of(TEST_LABEL, "runtime"), Map.of(), network(), "10.211.13.12", "02:ec:0a:d3:0d:0c", List.of(),
        List.of("sh", "-c", "timeout 5 wget -q -O /dev/null http://10.211.13.11:8080/hostname"));
    made.add(new String[] {engine(2), "rt-client"});
    runtime.run(engine(2), client);
    await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.inspect(engine(2), "rt-client").orElseThrow().running());
    assertThat(runtime.inspect(engine(2), "rt-client").orElseThrow().exitCode()).isZero();
  }

  @Test
  void runningTheSameSpecTwiceCreatesNothingTwice() {
    ContainerStatus first = run(1, web("rt-twice", "10.211.13.13", "02:ec:0a:d3:0d:0d"));
    ContainerStatus second = runtime.run(engine(1), web("rt-twice", "10.211.13.13", "02:ec:0a:d3:0d:0d"));
    assertThat(second.id()).isEqualTo(first.id());
    assertThatThrownBy(() -> runtime.run(engine(1), web("rt-twice", "10.211.13.14", "02:ec:0a:d3:0d:0e")))
        .isInstanceOf(ContainerConflictException.class);
    assertThat(runtime.inspect(engine(1), "rt-twice").orElseThrow().ip()).isEqualTo("10.211.13.13");
  }

  @Test
  void aMacAlreadyLiveOnTheSegmentIsAConflictAndLeavesNoContainer() {
    run(1, web("rt-mac-a", "10.211.13.15", "02:ec:0a:d3:0d:0f"));
    made.add(new String[] {engine(2), "rt-mac-b"});
    assertThatThrownBy(() -> runtime.run(engine(2), web("rt-mac-b", "10.211.13.16", "02:ec:0a:d3:0d:0f")))
        .isInstanceOf(ContainerConflictException.class);
    assertThat(runtime.inspect(engine(2), "rt-mac-b")).isEmpty();
  }

  @Test
  void anUnknownImageIsTypedAndLeavesNoContainer() {
    ContainerSpec spec = new ContainerSpec("rt-noimage", "ecloud/does-not-exist:9", new Resources(0.2, 32, 1),
        Map.of(), Map.of(), network(), "10.211.13.17", null, List.of(), List.of());
    made.add(new String[] {engine(1), "rt-noimage"});
    assertThatThrownBy(() -> runtime.run(engine(1), spec)).isInstanceOf(ImageNotFoundException.class);
    assertThat(runtime.inspect(engine(1), "rt-noimage")).isEmpty();
  }

  @Test
  void missingContainersAreTypedAndRemovalIsIdempotent() {
    assertThat(runtime.inspect(engine(1), "rt-ghost")).isEmpty();
    assertThat(runtime.remove(engine(1), "rt-ghost")).isFalse();
    assertThatThrownBy(() -> runtime.start(engine(1), "rt-ghost")).isInstanceOf(ContainerNotFoundException.class);
    assertThatThrownBy(() -> runtime.resize(engine(1), "rt-ghost", new Resources(1, 64, 1)))
        .isInstanceOf(ContainerNotFoundException.class);
  }

  @Test
  void resizeStopStartCommitAndStats() {
    run(2, web("rt-ops", "10.211.13.18", "02:ec:0a:d3:0d:12"));
    runtime.resize(engine(2), "rt-ops", new Resources(1.5, 128, 1));
    ContainerStatus resized = runtime.inspect(engine(2), "rt-ops").orElseThrow();
    assertThat(resized.cores()).isEqualTo(1.5);
    assertThat(resized.memoryMb()).isEqualTo(128);
    assertThat(resized.running()).isTrue();

    ContainerRuntime.ContainerStats stats = runtime.stats(engine(2), "rt-ops");
    assertThat(stats.memoryUsedBytes()).isPositive();
    assertThat(stats.memoryLimitBytes()).isEqualTo(128L * 1024 * 1024);
    assertThat(stats.pids()).isPositive();

    String image = runtime.commit(engine(2), "rt-ops", "ecloud/snapshot-test", "t1");
    assertThat(image).startsWith("sha256:");

    runtime.stop(engine(2), "rt-ops", Duration.ofSeconds(5));
    assertThat(runtime.inspect(engine(2), "rt-ops").orElseThrow().running()).isFalse();
    runtime.stop(engine(2), "rt-ops", Duration.ofSeconds(5)); // stopping twice is fine
    runtime.start(engine(2), "rt-ops");
    runtime.start(engine(2), "rt-ops"); // so is starting twice
    assertThat(runtime.inspect(engine(2), "rt-ops").orElseThrow().running()).isTrue();
  }

  @Test
  void imageReferencesNamingARegistryAreRecognised() {
    assertThat(DockerContainerRuntime.namesARegistry("127.0.0.1:5050/ecloud/app:1")).isTrue();
    assertThat(DockerContainerRuntime.namesARegistry("registry.example.org/app:1")).isTrue();
    assertThat(DockerContainerRuntime.namesARegistry("ecloud/app:1")).isFalse();
    assertThat(DockerContainerRuntime.namesARegistry("busybox")).isFalse();
  }
}
