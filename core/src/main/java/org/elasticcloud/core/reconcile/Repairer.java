package org.elasticcloud.core.reconcile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.reconcile.InventoryView.GrantAccount;
import org.elasticcloud.core.reconcile.InventoryView.GroupRef;
import org.elasticcloud.core.reconcile.InventoryView.HostRef;
import org.elasticcloud.core.reconcile.InventoryView.Recorded;

/**
 * Carries out the repairs the detector allowed (ADR 0010), each idempotent by the resource's
 * natural key, in the order a scale-in undoes a container: VIP members, monitoring, containers,
 * accounts, volumes, ports.
 *
 * <p>Every item is checked again just before acting, against the inventory read again and the
 * operation queue asked again: an application that became busy is left alone, a resource the
 * inventory records by now is left alone, an orphan not yet confirmed by earlier reports waits,
 * and a volume or port whose orphan container is still there is not touched. A failing repair is
 * recorded with its error and does not stop the others; the next run tries again.
 */
public final class Repairer {
  private static final List<ResourceType> ORDER = List.of(ResourceType.VIP_MEMBER, ResourceType.MONITORING,
      ResourceType.CONTAINER, ResourceType.GRANT, ResourceType.VOLUME, ResourceType.PORT);

  private final ContainerRuntime runtime;
  private final NetworkPorts ports;
  private final Volumes volumes;
  private final DatabaseGrants grants;
  private final LoadBalancer loadBalancer;
  private final ObservationRegistry observation;

  public Repairer(ContainerRuntime runtime, NetworkPorts ports, Volumes volumes, DatabaseGrants grants,
      LoadBalancer loadBalancer, ObservationRegistry observation) {
    this.runtime = runtime;
    this.ports = ports;
    this.volumes = volumes;
    this.grants = grants;
    this.loadBalancer = loadBalancer;
    this.observation = observation;
  }

  /** What became of one item. */
  public record Result(DriftItem item, RepairOutcome outcome, String detail) {
  }

  /**
   * @param items a report's items; those without a repair come back {@link RepairOutcome#NOT_ATTEMPTED}
   * @param now the inventory, read again just before this call
   * @param busyNow true for an application with an operation queued now
   * @param confirmed true for an orphan that enough earlier reports listed too
   * @return one result per item, in the items' order
   */
  public List<Result> repair(List<DriftItem> items, InventoryView now, Predicate<String> busyNow,
      Predicate<DriftItem> confirmed) {
    Map<DriftItem, Result> results = new IdentityHashMap<>();
    List<DriftItem> todo = new ArrayList<>();
    for (DriftItem i : items) {
      if (i.repairable() && ORDER.contains(i.type())) {
        todo.add(i);
      } else {
        results.put(i, new Result(i, RepairOutcome.NOT_ATTEMPTED, null));
      }
    }
    todo.sort(Comparator.comparing(i -> ORDER.indexOf(i.type())));
    Set<String> containersLeft = new HashSet<>();
    for (DriftItem i : todo) {
      Result r = repairOne(i, now, busyNow, confirmed, containersLeft);
      if (i.action() == RepairAction.REMOVE_CONTAINER && r.outcome() != RepairOutcome.REPAIRED
          && r.outcome() != RepairOutcome.ALREADY_DONE) {
        containersLeft.add(i.name());
      }
      results.put(i, r);
    }
    return items.stream().map(results::get).toList();
  }

  private Result repairOne(DriftItem i, InventoryView now, Predicate<String> busyNow, Predicate<DriftItem> confirmed,
      Set<String> containersLeft) {
    if (i.applications().stream().anyMatch(busyNow)) {
      return new Result(i, RepairOutcome.SKIPPED_BUSY, "an operation of " + i.application() + " is in progress now");
    }
    if (i.kind() == DriftKind.ORPHAN && !confirmed.test(i)) {
      return new Result(i, RepairOutcome.AWAITING_CONFIRMATION,
          "removed once enough consecutive reports list it (ecloud.reconcile.orphan-sightings)");
    }
    try {
      return switch (i.action()) {
        case REMOVE_CONTAINER -> removeContainer(i, now);
        case RELEASE_PORT -> releasePort(i, now, containersLeft);
        case DELETE_VOLUME -> deleteVolume(i, now, containersLeft);
        case REVOKE_GRANT -> revokeGrant(i, now);
        case REMOVE_VIP_MEMBER -> removeMember(i, now);
        case FORGET_MONITORING -> forgetMonitoring(i, now);
        case REGISTER_MONITORING -> registerMonitoring(i, now);
        case NONE -> new Result(i, RepairOutcome.NOT_ATTEMPTED, null);
      };
    } catch (RuntimeException e) {
      String m = e.getClass().getSimpleName() + ": " + e.getMessage();
      return new Result(i, RepairOutcome.FAILED, m.length() > 900 ? m.substring(0, 900) + "…" : m);
    }
  }

  private static Result done(DriftItem i, boolean changed) {
    return new Result(i, changed ? RepairOutcome.REPAIRED : RepairOutcome.ALREADY_DONE, null);
  }

  private static Result changed(DriftItem i, String why) {
    return new Result(i, RepairOutcome.SKIPPED_CHANGED, why);
  }

  private Result removeContainer(DriftItem i, InventoryView now) {
    Optional<HostRef> host = now.host(i.host());
    if (host.isEmpty()) {
      return new Result(i, RepairOutcome.FAILED, "host " + i.host() + " is not in the inventory any more");
    }
    if (now.isTemplate(i.name())) {
      return changed(i, "it is a template container now");
    }
    Recorded r = now.container(i.name()).orElse(null);
    if (r != null) {
      if (r.host() == null || r.host().equals(i.host()) || r.transitional()) {
        return changed(i, "the inventory records it on " + r.host() + " (" + r.state() + ") now");
      }
      // a stale copy: remove it only while the inventory's own copy is there
      Optional<HostRef> home = now.host(r.host());
      if (home.isEmpty() || runtime.inspect(home.get().engineEndpoint(), r.name()).isEmpty()) {
        return changed(i, "the inventory's copy on " + r.host() + " is gone: not removing the last copy");
      }
    }
    return done(i, runtime.remove(host.get().engineEndpoint(), i.name()));
  }

  private Result releasePort(DriftItem i, InventoryView now, Set<String> containersLeft) {
    if (now.container(i.name()).isPresent() || now.isTemplate(i.name())) {
      return changed(i, "the inventory records its container now");
    }
    if (containersLeft.contains(i.name())) {
      return new Result(i, RepairOutcome.BLOCKED, "its container was not removed");
    }
    return done(i, ports.release(i.name()));
  }

  private Result deleteVolume(DriftItem i, InventoryView now, Set<String> containersLeft) {
    String base = InventoryView.volumeOwner(i.name());
    if (now.containerOfVolume(i.name()).isPresent() || (base != null && (now.container(base).isPresent()
        || now.isTemplate(base)))) {
      return changed(i, "the inventory records it or its container now");
    }
    if (base != null && containersLeft.contains(base)) {
      return new Result(i, RepairOutcome.BLOCKED, "its container was not removed");
    }
    Optional<Volumes.VolumeInfo> v = volumes.find(i.name());
    if (v.isEmpty()) {
      return done(i, false);
    }
    if (v.get().attachedHost() != null) {
      volumes.detach(i.name(), v.get().attachedHost());
    }
    return done(i, volumes.delete(i.name()));
  }

  private Result revokeGrant(DriftItem i, InventoryView now) {
    GrantAccount account = new GrantAccount(i.scope(), i.grantUser());
    String ip = i.grantIp();
    if (now.expectedIps(account).contains(ip)) {
      return changed(i, "a container or template of the inventory holds " + ip + " now");
    }
    List<GrantSpec> specs = now.specsOf(account);
    if (specs.isEmpty()) {
      return changed(i, "no group registers " + account + " any more");
    }
    boolean any = false;
    for (GrantSpec spec : specs) {
      any |= grants.revoke(spec, ip);
    }
    return done(i, any);
  }

  private Result removeMember(DriftItem i, InventoryView now) {
    for (GroupRef g : now.groupsOfVip(i.scope())) {
      if (i.name().equals(g.templateContainer()) || now.containersOf(g.id()).stream()
          .anyMatch(c -> c.name().equals(i.name()))) {
        return changed(i, "it is a container of " + g.application() + " now");
      }
    }
    return done(i, loadBalancer.removeMember(i.scope(), i.name()));
  }

  private Result forgetMonitoring(DriftItem i, InventoryView now) {
    if (now.container(i.name()).isPresent() || now.isTemplate(i.name())) {
      return changed(i, "the inventory records the container now");
    }
    return done(i, observation.forget(i.name()));
  }

  private Result registerMonitoring(DriftItem i, InventoryView now) {
    Recorded r = now.container(i.name()).orElse(null);
    GroupRef g = r == null ? null : now.group(r.groupId()).orElse(null);
    if (r == null || g == null || r.state() != ContainerState.RUNNING || g.metrics().isEmpty()
        || !expectedMonitoring(r, g).equals(i.expected())) {
      return changed(i, "the container's record or its group's monitoring changed");
    }
    ObservationRegistry.Monitoring wanted = new ObservationRegistry.Monitoring(r.name(), r.host(), r.ip(), g.metrics());
    if (observation.monitoring(r.name()).filter(wanted::equals).isPresent()) {
      return done(i, false);
    }
    observation.monitor(wanted);
    return done(i, true);
  }

  /** How the detector words a container's expected monitoring (the repair re-checks it is unchanged). */
  static String expectedMonitoring(Recorded r, GroupRef g) {
    return "on " + r.host() + ", ip " + r.ip() + ", metrics " + String.join(",", g.metrics());
  }
}
