package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.sql.DataSource;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.Image;
import org.elasticcloud.core.inventory.ImageLayer;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Quota;
import org.elasticcloud.core.inventory.RegistrationKind;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.inventory.TemplateRegistration;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the schema and repositories must do on every database the platform supports. */
abstract class InventoryContract {
  protected Inventory inventory;

  protected void useDataSource(DataSource ds) {
    inventory = new Inventory(JdbcClient.create(ds));
  }

  private Host newHost(String name) {
    Datacenter dc = inventory.datacenters.findOneBy("name", "dc1")
        .orElseGet(() -> inventory.datacenters.insert(new Datacenter(null, "dc1", "Beijing")));
    NetworkSwitch sw = inventory.switches.findOneBy("name", "sw1")
        .orElseGet(() -> inventory.switches.insert(new NetworkSwitch(null, dc.id(), "sw1")));
    return new Host(null, sw.id(), name, 32, 131072L, 2000L, "unix:///run/d1.sock", HostState.REGISTERING);
  }

  @Test
  void migrationSeedsTheThreeEnvironments() {
    assertThat(inventory.environments.findAll()).extracting(Environment::name)
        .containsExactly("production", "staging", "test");
  }

  @Test
  void hostRoundTripsWithItsStateAndCapacity() {
    Host stored = inventory.hosts.insert(newHost("h1"));
    assertThat(stored.id()).isNotNull();
    assertThat(inventory.hosts.find(stored.id())).contains(stored);

    assertThat(inventory.setHostState(stored.id(), HostState.READY)).isTrue();
    assertThat(inventory.hosts.find(stored.id()).orElseThrow().state()).isEqualTo(HostState.READY);
    assertThat(inventory.hosts.findBy("state", HostState.READY)).extracting(Host::name).containsExactly("h1");

    Host bigger = new Host(stored.id(), stored.switchId(), "h1", 64, 262144L, 4000L, "tcp://127.0.0.1:2375",
        HostState.READY);
    assertThat(inventory.hosts.update(bigger)).isTrue();
    assertThat(inventory.hosts.find(stored.id())).contains(bigger);
    assertThat(inventory.hosts.update(bigger.withId(999_999L))).isFalse();
  }

  @Test
  void duplicateNamesAreRefusedByTheSchema() {
    inventory.hosts.insert(newHost("h1"));
    assertThatThrownBy(() -> inventory.hosts.insert(newHost("h1"))).isInstanceOf(DuplicateKeyException.class);
    Datacenter dc2 = inventory.datacenters.insert(new Datacenter(null, "dc2", null));
    // a switch name is unique per datacenter only
    inventory.switches.insert(new NetworkSwitch(null, dc2.id(), "sw1"));
    assertThatThrownBy(() -> inventory.switches.insert(new NetworkSwitch(null, dc2.id(), "sw1")))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void referencedItemsCannotBeDeletedAndUnknownReferencesAreRefused() {
    Host host = inventory.hosts.insert(newHost("h1"));
    assertThatThrownBy(() -> inventory.switches.delete(host.switchId()))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(() -> inventory.hosts.insert(
        new Host(null, 424242L, "h2", 8, 16384L, 100L, "unix:///x.sock", HostState.READY)))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(inventory.hosts.delete(host.id())).isTrue();
    assertThat(inventory.hosts.exists(host.id())).isFalse();
    assertThat(inventory.switches.delete(host.switchId())).isTrue();
  }

  @Test
  void recordHostOnceIsIdempotentByName() {
    Host first = inventory.recordHostOnce(newHost("h7"));
    Host second = inventory.recordHostOnce(newHost("h7"));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(inventory.hosts.count()).isEqualTo(1);
    assertThat(first.state()).isEqualTo(HostState.REGISTERING);
  }

  @Test
  void wholeChainFromDepartmentToContainerRoundTrips() {
    Department dept = inventory.departments.insert(new Department(null, "retail"));
    Owner owner = inventory.owners.insert(new Owner(null, "alice", "alice@example.org", dept.id()));
    Application app = inventory.applications.insert(new Application(null, "cap", owner.id(), null));
    assertThat(app.priority()).isEqualTo(Application.DEFAULT_PRIORITY);
    Spec spec = inventory.specs.insert(new Spec(null, "c2m4", 2, 4096L, 20L));
    Environment prod = inventory.environments.findOneBy("name", "production").orElseThrow();
    AppGroup group = inventory.groups.insert(new AppGroup(null, app.id(), prod.id(), "v2", spec.id(), 1, 10));
    Host host = inventory.hosts.insert(newHost("h1"));
    Image os = inventory.images.insert(new Image(null, "ecloud/os", "1", ImageLayer.OS, null));
    Image base = inventory.images.insert(new Image(null, "ecloud/base", "1", ImageLayer.BASE, os.id()));
    Container c = inventory.containers.insert(new Container(null, group.id(), host.id(), "cap-production-v2-1",
        "10.20.0.5", "02:42:0a:14:00:05", "vol-data-1", "vol-log-1", ContainerState.RUNNING, 0));
    inventory.registrations.insert(new TemplateRegistration(null, group.id(), RegistrationKind.DB_GRANT,
        "mysql://127.0.0.1:3307", "{\"schema\":\"cap\",\"privileges\":\"SELECT\"}"));
    inventory.quotas.insert(new Quota(null, app.id(), 100, 200, 409600L, 10000L));

    assertThat(inventory.containers.find(c.id())).contains(c);
    assertThat(inventory.images.find(base.id()).orElseThrow().parentId()).isEqualTo(os.id());
    assertThat(inventory.registrations.findBy("groupId", group.id())).singleElement()
        .extracting(TemplateRegistration::kind).isEqualTo(RegistrationKind.DB_GRANT);
    assertThat(inventory.exists(AppGroup.class, group.id())).isTrue();
    assertThat(inventory.exists(AppGroup.class, group.id() + 1000)).isFalse();
    // the same IP twice is refused: one IP, one container
    assertThatThrownBy(() -> inventory.containers.insert(new Container(null, group.id(), host.id(),
        "cap-production-v2-2", "10.20.0.5", null, null, null, ContainerState.CREATING, 0)))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void pagesWalkTheTableInIdOrder() {
    for (int i = 0; i < 5; i++) {
      inventory.departments.insert(new Department(null, "d" + i));
    }
    List<Department> first = inventory.departments.page(0, 2);
    List<Department> second = inventory.departments.page(first.get(1).id(), 2);
    List<Department> third = inventory.departments.page(second.get(1).id(), 2);
    assertThat(first).extracting(Department::name).containsExactly("d0", "d1");
    assertThat(second).extracting(Department::name).containsExactly("d2", "d3");
    assertThat(third).extracting(Department::name).containsExactly("d4");
  }
}
