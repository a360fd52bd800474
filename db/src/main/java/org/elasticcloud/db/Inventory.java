package org.elasticcloud.db;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.Image;
import org.elasticcloud.core.inventory.InventoryItem;
import org.elasticcloud.core.inventory.InventoryRules;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Quota;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.inventory.TemplateRegistration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The repositories of the whole inventory, one {@link RecordTable} per item type. */
public class Inventory implements InventoryRules.ReferenceLookup {
  private static final RecordRowMapper<AppGroup> GROUP_ROW = new RecordRowMapper<>(AppGroup.class);
  private final JdbcClient jdbc;
  private final Map<Class<?>, RecordTable<?>> tables = new LinkedHashMap<>();

  public final RecordTable<Datacenter> datacenters;
  public final RecordTable<NetworkSwitch> switches;
  public final RecordTable<Host> hosts;
  public final RecordTable<Department> departments;
  public final RecordTable<Owner> owners;
  public final RecordTable<Application> applications;
  public final RecordTable<Environment> environments;
  public final RecordTable<Spec> specs;
  public final RecordTable<Image> images;
  public final RecordTable<AppGroup> groups;
  public final RecordTable<Container> containers;
  public final RecordTable<TemplateRegistration> registrations;
  public final RecordTable<Quota> quotas;

  public Inventory(JdbcClient jdbc) {
    this.jdbc = jdbc;
    datacenters = add("datacenter", Datacenter.class);
    switches = add("network_switch", NetworkSwitch.class);
    hosts = add("host", Host.class);
    departments = add("department", Department.class);
    owners = add("owner", Owner.class);
    applications = add("application", Application.class);
    environments = add("environment", Environment.class);
    specs = add("spec", Spec.class);
    images = add("image", Image.class);
    groups = add("app_group", AppGroup.class);
    containers = add("container", Container.class);
    registrations = add("template_registration", TemplateRegistration.class);
    quotas = add("quota", Quota.class);
  }

  private <T extends Record & InventoryItem<T>> RecordTable<T> add(String table, Class<T> type) {
    RecordTable<T> t = new RecordTable<>(jdbc, table, type);
    tables.put(type, t);
    return t;
  }

  /** The table of an item type. */
  @SuppressWarnings("unchecked")
  public <T extends Record & InventoryItem<T>> RecordTable<T> table(Class<T> type) {
    RecordTable<?> t = tables.get(type);
    if (t == null) {
      throw new IllegalArgumentException("no table for " + type.getName());
    }
    return (RecordTable<T>) t;
  }

  /** Whether an item of that type with that id exists (a reference check). */
  @Override
  public boolean exists(Class<?> type, long id) {
    RecordTable<?> t = tables.get(type);
    if (t == null) {
      throw new IllegalArgumentException("no table for " + type.getName());
    }
    return t.exists(id);
  }

  /**
   * Records the host by its name unless a host of that name exists already; returns the stored
   * host either way (so a retried registration creates nothing twice).
   */
  public Host recordHostOnce(Host host) {
    return hosts.findOneBy("name", host.name())
        .orElseGet(() -> hosts.insert(host.withId(null).withState(HostState.REGISTERING)));
  }

  /**
   * The group named {@code group} of application {@code application} in environment
   * {@code environment}, by names: how containers and the config center address it.
   */
  public Optional<AppGroup> findGroup(String application, String environment, String group) {
    return jdbc.sql("SELECT g.* FROM app_group g JOIN application a ON a.id = g.application_id "
        + "JOIN environment e ON e.id = g.environment_id WHERE a.name = :a AND e.name = :e AND g.name = :g")
        .param("a", application).param("e", environment).param("g", group)
        .query(GROUP_ROW).optional();
  }

  /** Whether a container of the group holds that IP (a container reading its own configuration). */
  public boolean isContainerOfGroup(String ip, long groupId) {
    return jdbc.sql("SELECT COUNT(*) FROM container WHERE ip = :ip AND group_id = :g").param("ip", ip)
        .param("g", groupId).query(Long.class).single() > 0;
  }

  /** Sets a host's state; false if there is no such host. */
  public boolean setHostState(long hostId, HostState state) {
    return jdbc.sql("UPDATE host SET state = :s WHERE id = :id").param("s", state.name()).param("id", hostId)
        .update() == 1;
  }
}
