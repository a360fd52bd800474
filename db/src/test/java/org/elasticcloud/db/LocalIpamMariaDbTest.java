package org.elasticcloud.db;

import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.contract.NetworkPortsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The network port contract on the local IPAM over the lab's real MariaDB. */
class LocalIpamMariaDbTest extends NetworkPortsContract {
  // one schema for the class: the contract releases its ports after each test (a superclass
  // @AfterEach, which runs after any of this class's own)
  private static TestDatabases.Scratch scratch;
  private static LocalIpam ipam;

  @BeforeAll
  static void freshSchema() {
    scratch = TestDatabases.migratedMySql();
    ipam = new LocalIpam(JdbcClient.create(scratch.dataSource()), "10.211.0.0/20", "10.211.12.0-10.211.12.20");
  }

  @AfterAll
  static void dropSchema() {
    scratch.drop();
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
}
