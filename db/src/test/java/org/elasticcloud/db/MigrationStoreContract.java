package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import javax.sql.DataSource;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.migration.Evacuee;
import org.elasticcloud.core.placement.Resources;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the migration store must do on every database the platform supports. */
abstract class MigrationStoreContract {
  protected MigrationStore store;
  protected Inventory inventory;

  protected void useDataSource(DataSource ds) {
    store = new MigrationStore(JdbcClient.create(ds));
    inventory = new Inventory(JdbcClient.create(ds));
  }

  @Test
  void theContainersOfAHostAreEvacueesWithTheirApplicationsPriorityAndSpec() {
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc1", null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw1")).id();
    long h1 = inventory.hosts.insert(new Host(null, sw, "h1", 8, 8192L, 100L, "unix:///h1.sock", HostState.DOWN)).id();
    long h2 = inventory.hosts.insert(new Host(null, sw, "h2", 8, 8192L, 100L, "unix:///h2.sock", HostState.READY)).id();
    long owner = inventory.owners.insert(new Owner(null, "o", "o@example.org",
        inventory.departments.insert(new Department(null, "d")).id())).id();
    long pay = inventory.applications.insert(new Application(null, "pay", owner, 90)).id();
    long web = inventory.applications.insert(new Application(null, "web", owner, null)).id();
    long spec = inventory.specs.insert(new Spec(null, "s", 2, 512L, 5L)).id();
    long gPay = inventory.groups.insert(new AppGroup(null, pay, 1L, "g", spec, 0, 10)).id();
    long gWeb = inventory.groups.insert(new AppGroup(null, web, 1L, "g", spec, 0, 10)).id();
    Container a = inventory.containers.insert(new Container(null, gPay, h1, "pay-production-g-1", "10.0.0.1", "02:00:00:00:00:01",
        "pay-production-g-1-data", "pay-production-g-1-log", ContainerState.RUNNING, 0));
    Container b = inventory.containers.insert(new Container(null, gWeb, h1, "web-production-g-1", "10.0.0.2", "02:00:00:00:00:02",
        "web-production-g-1-data", "web-production-g-1-log", ContainerState.RUNNING, 3));
    inventory.containers.insert(new Container(null, gWeb, h2, "web-production-g-2", "10.0.0.3", "02:00:00:00:00:03",
        "web-production-g-2-data", "web-production-g-2-log", ContainerState.RUNNING, 0));

    assertThat(store.evacuees(h1)).containsExactly(
        new Evacuee(a.id(), "pay-production-g-1", gPay, "pay", 90, new Resources(2, 512, 5)),
        new Evacuee(b.id(), "web-production-g-1", gWeb, "web", Application.DEFAULT_PRIORITY, new Resources(2, 512, 5)));
    assertThat(store.evacuees(h2)).extracting(Evacuee::containerName).containsExactly("web-production-g-2");
    assertThat(store.datacenterOf(h1)).contains(dc);
    assertThat(store.datacenterOf(9999)).isEmpty();
  }

  @Test
  void theImageOfAContainerIsRecordedReplacedAndForgotten() {
    assertThat(store.image("cap-production-g-1")).isEmpty();
    store.recordImage("cap-production-g-1", "ecloud/sample-app:1");
    store.recordImage("cap-production-g-1", "ecloud/sample-app:2");
    assertThat(store.image("cap-production-g-1")).contains("ecloud/sample-app:2");
    store.forgetImage("cap-production-g-1");
    assertThat(store.image("cap-production-g-1")).isEmpty();
  }

  @Test
  void restartsAreRecordedOncePerOperationKey_andCountedSinceAMoment() {
    Instant t0 = Instant.parse("2026-12-01T10:00:00.123Z");
    assertThat(store.recordRestart("c-1", "pi-1#1", t0)).isTrue();
    assertThat(store.recordRestart("c-1", "pi-1#1", t0.plusSeconds(5))).as("a retried step").isFalse();
    assertThat(store.recordRestart("c-1", "pi-1#2", t0.plusSeconds(60))).isTrue();
    assertThat(store.recordRestart("c-2", "pi-1#1", t0)).isTrue();

    assertThat(store.restartsSince("c-1", t0)).containsExactly(t0, t0.plusSeconds(60));
    assertThat(store.restartsSince("c-1", t0.plusSeconds(1))).containsExactly(t0.plusSeconds(60));
    assertThat(store.restartsSince("c-3", t0)).isEmpty();
  }
}
