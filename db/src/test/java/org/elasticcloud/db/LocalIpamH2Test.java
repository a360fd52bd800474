package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.elasticcloud.core.port.AddressPoolExhaustedException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.contract.NetworkPortsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The network port contract on the local IPAM (H2), plus what only a small local pool can show. */
class LocalIpamH2Test extends NetworkPortsContract {
  private LocalIpam ipam;
  private JdbcClient jdbc;

  @BeforeEach
  void freshDatabase() {
    jdbc = JdbcClient.create(TestDatabases.migratedH2());
    ipam = new LocalIpam(jdbc, "10.211.0.0/20", "10.211.12.0-10.211.12.20");
  }

  @Override
  protected NetworkPorts ports() {
    return ipam;
  }

  @Override
  protected String subnetPrefix() {
    return "10.211.";
  }

  @Override
  protected String requestableIp(int n) {
    return "10.211.12." + (10 + n);
  }

  @Test
  void addressesAreHandedOutLowestFirstAndMacsFollowThem() {
    assertThat(ipam.allocate("p1", "h").ip()).isEqualTo("10.211.12.0");
    assertThat(ipam.allocate("p2", "h").ip()).isEqualTo("10.211.12.1");
    assertThat(ipam.find("p2").orElseThrow().mac()).isEqualTo("02:ec:0a:d3:0c:01");
    ipam.release("p1");
    assertThat(ipam.allocate("p3", "h").ip()).isEqualTo("10.211.12.0");
  }

  @Test
  void anExhaustedPoolIsTyped() {
    LocalIpam tiny = new LocalIpam(jdbc, "10.211.0.0/20", "10.211.9.1-10.211.9.2");
    tiny.allocate("t1", "h");
    tiny.allocate("t2", "h");
    assertThatThrownBy(() -> tiny.allocate("t3", "h")).isInstanceOf(AddressPoolExhaustedException.class);
    assertThat(tiny.find("t3")).isEmpty();
  }

  @Test
  void aPoolOutsideItsSubnetIsAConfigurationError() {
    assertThatThrownBy(() -> new LocalIpam(jdbc, "10.211.0.0/20", "10.212.0.1-10.212.0.9"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ipam.allocate("bad", "h", "10.211.1.300")).isInstanceOf(IllegalArgumentException.class);
  }
}
