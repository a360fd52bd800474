package org.elasticcloud.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.elasticcloud.core.validation.Checks;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.core.validation.Violation;
import org.junit.jupiter.api.Test;

class HostTest {
  private static Host host(Integer cores, Long memoryMb, String endpoint) {
    return new Host(null, 1L, "h1", cores, memoryMb, 500L, endpoint, HostState.REGISTERING);
  }

  private static List<String> fieldsAtFault(Host h) {
    Checks checks = new Checks();
    h.check(checks);
    return checks.violations().stream().map(Violation::field).toList();
  }

  @Test
  void aSaneHostPasses() {
    host(32, 131072L, "unix:///run/ecloud-lab/d1/docker.sock").validate();
    host(32, 131072L, "tcp://10.0.0.5:2375").validate();
    host(32, 131072L, "tcp://[::1]:2375").validate();
  }

  @Test
  void negativeOrMissingCapacityIsNamed() {
    assertThat(fieldsAtFault(new Host(null, 1L, "h1", -1, null, 0L, "tcp://h:1", null)))
        .contains("cores", "memoryMb", "diskGb");
  }

  @Test
  void memoryPerCoreOutsideARealMachineIsATypo() {
    assertThat(fieldsAtFault(host(64, 1024L, "tcp://h:1"))).containsExactly("memoryMb");
    assertThat(fieldsAtFault(host(1, 1024L * 1024, "tcp://h:1"))).containsExactly("memoryMb");
  }

  @Test
  void endpointMustBeUnixOrTcp() {
    assertThat(fieldsAtFault(host(8, 16384L, "http://h:2375"))).containsExactly("engineEndpoint");
    assertThat(fieldsAtFault(host(8, 16384L, "tcp://h"))).containsExactly("engineEndpoint");
    assertThat(fieldsAtFault(host(8, 16384L, "tcp://h:99999"))).containsExactly("engineEndpoint");
    assertThat(fieldsAtFault(host(8, 16384L, " "))).containsExactly("engineEndpoint");
  }

  @Test
  void namesBecomePartsOfContainerNamesSoTheyAreRestricted() {
    Host bad = new Host(null, 1L, "h 1; rm", 8, 16384L, 100L, "tcp://h:1", null);
    assertThatThrownBy(bad::validate).isInstanceOf(ValidationException.class).hasMessageContaining("name");
  }

  @Test
  void onlyReadyHostsAcceptContainers() {
    for (HostState s : HostState.values()) {
      assertThat(s.acceptsContainers()).isEqualTo(s == HostState.READY);
    }
  }
}
