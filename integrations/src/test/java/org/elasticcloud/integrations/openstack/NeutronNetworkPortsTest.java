package org.elasticcloud.integrations.openstack;

import java.time.Duration;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.contract.NetworkPortsContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * The network port contract on the lab's real Keystone + Neutron ({@code lab/openstack.sh}), the
 * same contract the local IPAM passes. Addresses 10.211.12.200-202 are this test's.
 */
class NeutronNetworkPortsTest extends NetworkPortsContract {
  private static NeutronNetworkPorts ports;

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the tests with lab/test.sh (it starts lab/openstack.sh)");
    }
    return v;
  }

  static OpenStackSession session() {
    return new OpenStackSession(new OpenStackSession.Settings(env("ECLOUD_LAB_OS_AUTH_URL"), env("ECLOUD_LAB_OS_USER"),
        env("ECLOUD_LAB_OS_PASSWORD"), env("ECLOUD_LAB_OS_PROJECT"), env("ECLOUD_LAB_OS_DOMAIN"),
        env("ECLOUD_LAB_OS_REGION")), Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  @BeforeAll
  static void connect() {
    ports = new NeutronNetworkPorts(session(), env("ECLOUD_LAB_OS_NETWORK_ID"), env("ECLOUD_LAB_OS_SUBNET_ID"));
  }

  @Override
  protected NetworkPorts ports() {
    return ports;
  }

  @Override
  protected String subnetPrefix() {
    return "10.211.";
  }

  @Override
  protected String requestableIp(int n) {
    return "10.211.12." + (200 + n);
  }
}
