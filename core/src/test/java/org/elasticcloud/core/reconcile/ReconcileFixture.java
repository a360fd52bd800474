package org.elasticcloud.core.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.core.reconcile.InventoryView.GroupRef;
import org.elasticcloud.core.reconcile.InventoryView.HostRef;
import org.elasticcloud.core.reconcile.InventoryView.Recorded;
import org.elasticcloud.core.reconcile.InventoryView.VipRef;
import org.elasticcloud.core.scaling.ContainerBlueprint;

/**
 * An inventory and a {@link FakeWorld} built together so that they agree: every container added
 * here is recorded and really there, with its port, volumes, accounts, VIP membership and
 * monitoring, exactly as a scale-out leaves them. Tests then change one side by hand.
 */
public final class ReconcileFixture {
  public static final String SERVER_A = "jdbc:mysql://db-a:3306/";
  public static final String SERVER_B = "jdbc:mysql://db-b:3306/";
  /** The containers' network: accounts elsewhere are never the platform's. */
  public static final Subnet SUBNET = Subnet.parse("10.0.0.0/16");
  public static final int MEMBER_PORT = 8080;

  public final FakeWorld world = new FakeWorld();
  private final List<String> environments = List.of("production", "staging");
  private final Set<String> applications = new TreeSet<>();
  private final Map<String, HostRef> hosts = new LinkedHashMap<>();
  private final Map<Long, GroupRef> groups = new LinkedHashMap<>();
  private final Map<String, Recorded> containers = new LinkedHashMap<>();
  private long nextGroupId = 1;
  private int nextIp = 10;

  public static GrantSpec grant(String server, String schema, String user) {
    return new GrantSpec(server, schema, user, List.of("SELECT", "INSERT"), null);
  }

  public HostRef host(String name) {
    return hosts.computeIfAbsent(name, n -> {
      world.runtime.engines.computeIfAbsent(endpoint(n), k -> new java.util.concurrent.ConcurrentHashMap<>());
      return new HostRef(n, endpoint(n));
    });
  }

  public static String endpoint(String host) {
    return "engine://" + host;
  }

  public String nextIp() {
    int n = nextIp++;
    return "10.0." + (n / 250) + "." + (n % 250 + 1);
  }

  public void application(String name) {
    applications.add(name);
  }

  /**
   * A group with what its template registered; with a template, the template's accounts exist (made
   * by hand) and, when {@code templateMember}, the template is a member of the VIP.
   */
  public GroupRef group(String app, String env, String name, List<GrantSpec> grants, String vip, List<String> metrics,
      boolean template, boolean templateMember) {
    applications.add(app);
    long id = nextGroupId++;
    String templateName = template ? ContainerBlueprint.name(app, env, name, 0) : null;
    String templateIp = template ? nextIp() : null;
    GroupRef g = new GroupRef(id, app, env, name, grants, vip == null ? null : new VipRef(vip, MEMBER_PORT), metrics,
        templateName, templateIp, template ? grants : List.of());
    groups.put(id, g);
    if (template) {
      for (GrantSpec s : grants) {
        world.grants.put(s.server(), s.user(), templateIp, s.schema(), s.privileges());
      }
    }
    if (vip != null) {
      world.loadBalancer.vip(vip);
      if (template && templateMember) {
        world.loadBalancer.put(vip, templateName, templateIp, MEMBER_PORT);
      }
    }
    return g;
  }

  public GroupRef group(String app, String env, String name) {
    return group(app, env, name, List.of(), null, List.of(), false, false);
  }

  public static Map<String, String> labels(GroupRef g, String containerName, int generation) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put(ContainerBlueprint.LABEL_APP, g.application());
    l.put(ContainerBlueprint.LABEL_ENV, g.environment());
    l.put(ContainerBlueprint.LABEL_GROUP, g.name());
    l.put(ContainerBlueprint.LABEL_GROUP_ID, Long.toString(g.id()));
    l.put(ContainerBlueprint.LABEL_CONTAINER, containerName);
    l.put(ContainerBlueprint.LABEL_GENERATION, Integer.toString(generation));
    return l;
  }

  /** A container recorded in {@code state} and really there as a scale-out (and, for STOPPED, a stop) leaves it. */
  public Recorded container(GroupRef g, int ordinal, String hostName, ContainerState state) {
    host(hostName);
    String name = ContainerBlueprint.name(g.application(), g.environment(), g.name(), ordinal);
    String ip = nextIp();
    String mac = String.format("02:ec:00:00:%02x:%02x", (nextIp >> 8) & 0xff, nextIp & 0xff);
    Recorded r = new Recorded(name, g.id(), hostName, ip, mac, ContainerBlueprint.dataVolume(name),
        ContainerBlueprint.logVolume(name), state, 1);
    containers.put(name, r);
    boolean running = state == ContainerState.RUNNING;
    world.runtime.put(endpoint(hostName), name, running, ip, labels(g, name, 1));
    world.ports.put(name, ip, mac, hostName);
    world.volumes.put(r.dataVolume(), 10, hostName);
    world.volumes.put(r.logVolume(), 1, hostName);
    for (GrantSpec s : g.grants()) {
      world.grants.put(s.server(), s.user(), ip, s.schema(), s.privileges());
    }
    if (running && g.vip() != null) {
      world.loadBalancer.put(g.vip().name(), name, ip, MEMBER_PORT);
    }
    if (running && !g.metrics().isEmpty()) {
      world.observation.monitor(new ObservationRegistry.Monitoring(name, hostName, ip, g.metrics()));
    }
    return r;
  }

  /** Records a container in the inventory only (nothing real). */
  public Recorded record(Recorded r) {
    containers.put(r.name(), r);
    host(r.host());
    return r;
  }

  /** Forgets a container in the inventory only (the real things stay). */
  public void unrecord(String name) {
    containers.remove(name);
  }

  public List<Recorded> recorded() {
    return new ArrayList<>(containers.values());
  }

  public InventoryView view() {
    return new InventoryView(environments, applications, hosts.values(), groups.values(), containers.values());
  }

  public RealView real() {
    return world.realSystems().read(view());
  }

  public Drift detect() {
    InventoryView v = view();
    return DriftDetector.detect(v, world.realSystems().read(v), world.queue.all(), SUBNET);
  }

  /** Repairs with every orphan confirmed, re-reading the inventory and asking the queue as the process does. */
  public List<Repairer.Result> repair(Drift drift) {
    return world.repairer().repair(drift.items(), view(), a -> !world.queue.queue(a).isEmpty(), i -> true);
  }
}
