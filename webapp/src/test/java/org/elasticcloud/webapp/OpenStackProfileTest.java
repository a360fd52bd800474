package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.integrations.openstack.CinderVolumes;
import org.elasticcloud.integrations.openstack.NeutronNetworkPorts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The {@code openstack} profile wires Neutron and Cinder from the lab's Keystone (lab/openstack.sh). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=os-secret"})
@ActiveProfiles("openstack")
class OpenStackProfileTest {
  @Autowired
  NetworkPorts ports;
  @Autowired
  Volumes volumes;

  private static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the tests with lab/test.sh");
    }
    return v;
  }

  @DynamicPropertySource
  static void openstack(DynamicPropertyRegistry registry) {
    registry.add("ecloud.data-dir", () -> System.getProperty("java.io.tmpdir") + "/ecloud-os-" + UUID.randomUUID());
    registry.add("ecloud.openstack.auth-url", () -> env("ECLOUD_LAB_OS_AUTH_URL"));
    registry.add("ecloud.openstack.user", () -> env("ECLOUD_LAB_OS_USER"));
    registry.add("ecloud.openstack.password", () -> env("ECLOUD_LAB_OS_PASSWORD"));
    registry.add("ecloud.openstack.project", () -> env("ECLOUD_LAB_OS_PROJECT"));
    registry.add("ecloud.openstack.network-id", () -> env("ECLOUD_LAB_OS_NETWORK_ID"));
    registry.add("ecloud.openstack.subnet-id", () -> env("ECLOUD_LAB_OS_SUBNET_ID"));
  }

  @Test
  void neutronAndCinderAreTheAuthorities() {
    assertThat(ports).isInstanceOf(NeutronNetworkPorts.class);
    assertThat(volumes).isInstanceOf(CinderVolumes.class);
    String name = "profile-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      assertThat(ports.allocate(name, "d1").ip()).startsWith("10.211.");
      assertThat(volumes.create(name, 1).sizeGb()).isEqualTo(1);
    } finally {
      ports.release(name);
      volumes.delete(name);
    }
  }
}
