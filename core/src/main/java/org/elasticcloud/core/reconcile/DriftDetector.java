package org.elasticcloud.core.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.LoadBalancer.Member;
import org.elasticcloud.core.port.NetworkPorts.PortLease;
import org.elasticcloud.core.port.ObservationRegistry.Monitoring;
import org.elasticcloud.core.port.OperationQueue.Ticket;
import org.elasticcloud.core.port.Volumes.VolumeInfo;
import org.elasticcloud.core.reconcile.InventoryView.GrantAccount;
import org.elasticcloud.core.reconcile.InventoryView.GroupRef;
import org.elasticcloud.core.reconcile.InventoryView.Recorded;
import org.elasticcloud.core.scaling.ContainerBlueprint;

/**
 * Compares the inventory with the real systems and lists the drift (ADR 0010). Pure: the same
 * views give the same report.
 *
 * <p>What is judged: only the platform's resources — containers labelled
 * ({@link ContainerBlueprint#LABEL_APP}) with an application of the inventory, ports, volumes and
 * monitoring registrations named by the blueprint for one, accounts of users the templates
 * registered on addresses of the platform's network, members of VIPs the templates registered.
 * Applications with an operation queued are skipped entirely (their in-flight resources are not
 * drift yet), and so is what lives on a source that did not answer.
 *
 * <p>Repairs it proposes: removal of orphans, and the monitoring registration of a container that
 * is recorded RUNNING and really runs on its host with its IP. Everything else is reported only.
 */
public final class DriftDetector {
  private final InventoryView inv;
  private final RealView real;
  private final Map<String, List<Ticket>> busy;
  private final Predicate<String> platformAddress;
  private final List<DriftItem> items = new ArrayList<>();
  /** name → host → the platform's containers of that name really there. */
  private final Map<String, Map<String, ContainerStatus>> realByName = new HashMap<>();

  private DriftDetector(InventoryView inv, RealView real, Map<String, List<Ticket>> busy,
      Predicate<String> platformAddress) {
    this.inv = inv;
    this.real = real;
    this.busy = busy;
    this.platformAddress = platformAddress;
  }

  /**
   * @param busy the applications with an operation queued (application → its tickets, head first)
   * @param platformAddress true for an address of the containers' network: database accounts on other
   *     addresses are not the platform's and never judged
   */
  public static Drift detect(InventoryView inventory, RealView real, Map<String, List<Ticket>> busy,
      Predicate<String> platformAddress) {
    DriftDetector d = new DriftDetector(inventory, real, busy, platformAddress);
    d.skipped();
    d.unchecked();
    d.containers();
    d.ports();
    d.volumes();
    d.grants();
    d.vips();
    d.monitoring();
    return new Drift(d.items);
  }

  // --- what is not judged -----------------------------------------------------------------------

  private void skipped() {
    for (Map.Entry<String, List<Ticket>> e : new TreeMap<>(busy).entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) {
        continue;
      }
      Ticket head = e.getValue().get(0);
      items.add(new DriftItem(DriftKind.SKIPPED, ResourceType.APPLICATION, e.getKey(), null, null, e.getKey(), null,
          null, e.getValue().size() + " operation(s) queued; in progress: " + head.operationId()
              + (head.description() == null ? "" : " (" + head.description() + ")")
              + (head.enqueuedAt() == null ? "" : " since " + head.enqueuedAt()),
          RepairAction.NONE));
    }
  }

  private void unchecked() {
    for (Map.Entry<String, String> e : new TreeMap<>(real.unchecked()).entrySet()) {
      items.add(new DriftItem(DriftKind.UNCHECKED, ResourceType.SOURCE, null, null, null, e.getKey(), null, null,
          "not read, so not judged: " + e.getValue(), RepairAction.NONE));
    }
  }

  private boolean busy(Collection<String> applications) {
    for (String a : applications) {
      List<Ticket> q = busy.get(a);
      if (q != null && !q.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private boolean busy(String application) {
    return application != null && busy(List.of(application));
  }

  /** A recorded container whose application is idle. */
  private boolean judged(Recorded r) {
    return !busy(inv.applicationOf(r));
  }

  private static String join(Collection<String> applications) {
    return applications.isEmpty() ? null : String.join(",", new TreeSet<>(applications));
  }

  private void add(DriftKind kind, ResourceType type, String application, String scope, String host, String name,
      String expected, String actual, String detail, RepairAction action) {
    items.add(new DriftItem(kind, type, application, scope, host, name, expected, actual, detail, action));
  }

  // --- containers -------------------------------------------------------------------------------

  private static String describe(ContainerStatus s) {
    return (s.running() ? "running" : "not running (" + s.state() + (s.exitCode() == null ? "" : ", exit "
        + s.exitCode()) + ")") + ", ip " + s.ip() + ", generation " + s.labels().get(ContainerBlueprint.LABEL_GENERATION);
  }

  private static String describe(Recorded r) {
    return r.state() + " on " + r.host() + ", ip " + r.ip() + ", generation " + r.generation();
  }

  private boolean hostRead(String host) {
    return host != null && real.containers().containsKey(host);
  }

  private void containers() {
    for (Map.Entry<String, List<ContainerStatus>> e : real.containers().entrySet()) {
      for (ContainerStatus s : e.getValue()) {
        String app = s.labels() == null ? null : s.labels().get(ContainerBlueprint.LABEL_APP);
        if (app != null && inv.applications().contains(app)) {
          realByName.computeIfAbsent(s.name(), k -> new TreeMap<>()).put(e.getKey(), s);
        }
      }
    }
    for (Map.Entry<String, Map<String, ContainerStatus>> byName : new TreeMap<>(realByName).entrySet()) {
      String name = byName.getKey();
      Recorded r = inv.container(name).orElse(null);
      for (Map.Entry<String, ContainerStatus> at : byName.getValue().entrySet()) {
        String host = at.getKey();
        ContainerStatus s = at.getValue();
        String app = s.labels().get(ContainerBlueprint.LABEL_APP);
        if (busy(app) || (r != null && (!judged(r) || r.transitional())) || (r == null && inv.isTemplate(name))) {
          continue;
        }
        if (r == null) {
          add(DriftKind.ORPHAN, ResourceType.CONTAINER, app, null, host, name, null, describe(s),
              "a container of the platform that the inventory does not record", RepairAction.REMOVE_CONTAINER);
        } else if (host.equals(r.host())) {
          compare(r, s);
        } else if (hostRead(r.host()) && byName.getValue().containsKey(r.host())) {
          add(DriftKind.ORPHAN, ResourceType.CONTAINER, app, null, host, name, describe(r), describe(s),
              "a stale copy: the inventory's container runs on " + r.host(), RepairAction.REMOVE_CONTAINER);
        } else {
          add(DriftKind.MISMATCH, ResourceType.CONTAINER, app, null, host, name, describe(r), describe(s),
              r.host() == null ? "on " + host + " while the inventory records no host"
                  : "on " + host + " while the inventory records it on " + r.host()
                      + (hostRead(r.host()) ? "" : " (not read)"),
              RepairAction.NONE);
        }
      }
    }
    for (Recorded r : inv.containers()) {
      if (!judged(r)) {
        continue;
      }
      String app = inv.applicationOf(r);
      if (r.transitional()) {
        add(DriftKind.MISMATCH, ResourceType.CONTAINER, app, null, r.host(), r.name(), describe(r), null,
            "recorded " + r.state() + " but no operation of the application is in progress (an interrupted operation?)",
            RepairAction.NONE);
        continue;
      }
      if (!hostRead(r.host()) || (r.state() != ContainerState.RUNNING && r.state() != ContainerState.STOPPED)) {
        continue;
      }
      if (!realByName.containsKey(r.name())) {
        add(DriftKind.MISSING, ResourceType.CONTAINER, app, null, r.host(), r.name(), describe(r), null,
            "recorded " + r.state() + " on " + r.host() + " but on no host", RepairAction.NONE);
      }
    }
  }

  private void compare(Recorded r, ContainerStatus s) {
    String app = inv.applicationOf(r);
    if (r.state() == ContainerState.RUNNING && !s.running()) {
      add(DriftKind.MISMATCH, ResourceType.CONTAINER, app, null, r.host(), r.name(), describe(r), describe(s),
          "not running while the inventory says RUNNING", RepairAction.NONE);
    } else if (r.state() == ContainerState.STOPPED && s.running()) {
      add(DriftKind.MISMATCH, ResourceType.CONTAINER, app, null, r.host(), r.name(), describe(r), describe(s),
          "running while the inventory says STOPPED", RepairAction.NONE);
    }
    if (r.ip() != null && !r.ip().equals(s.ip())) {
      add(DriftKind.MISMATCH, ResourceType.CONTAINER, app, null, r.host(), r.name(), "ip " + r.ip(), "ip " + s.ip(),
          "runs with another IP than the inventory's", RepairAction.NONE);
    }
  }

  /** Recorded RUNNING and really running on its host with its IP: safe to register for monitoring. */
  private boolean healthy(Recorded r) {
    if (r.state() != ContainerState.RUNNING || !hostRead(r.host())) {
      return false;
    }
    Map<String, ContainerStatus> copies = realByName.get(r.name());
    ContainerStatus s = copies == null ? null : copies.get(r.host());
    return s != null && s.running() && Objects.equals(r.ip(), s.ip()) && copies.size() == 1;
  }

  // --- ports and volumes ------------------------------------------------------------------------

  private void ports() {
    if (real.ports() == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (PortLease p : real.ports()) {
      seen.add(p.name());
      Recorded r = inv.container(p.name()).orElse(null);
      String actual = "ip " + p.ip() + ", mac " + p.mac() + ", bound to " + p.hostName();
      if (r == null) {
        Set<String> owners = inv.owners(p.name());
        if (!owners.isEmpty() && !busy(owners) && !inv.isTemplate(p.name())) {
          add(DriftKind.ORPHAN, ResourceType.PORT, join(owners), null, p.hostName(), p.name(), null, actual,
              "a port of the platform whose container the inventory does not record", RepairAction.RELEASE_PORT);
        }
        continue;
      }
      if (!judged(r) || r.transitional()) {
        continue;
      }
      String expected = "ip " + r.ip() + ", mac " + r.mac() + ", bound to " + r.host();
      String app = inv.applicationOf(r);
      if (r.ip() != null && !r.ip().equals(p.ip())) {
        add(DriftKind.MISMATCH, ResourceType.PORT, app, null, p.hostName(), p.name(), expected, actual,
            "the port holds another IP than the inventory's", RepairAction.NONE);
      }
      if (r.mac() != null && p.mac() != null && !r.mac().equalsIgnoreCase(p.mac())) {
        add(DriftKind.MISMATCH, ResourceType.PORT, app, null, p.hostName(), p.name(), expected, actual,
            "the port holds another MAC than the inventory's", RepairAction.NONE);
      }
      if (r.host() != null && p.hostName() != null && !r.host().equals(p.hostName())) {
        add(DriftKind.MISMATCH, ResourceType.PORT, app, null, p.hostName(), p.name(), expected, actual,
            "the port is bound to another host than the container's", RepairAction.NONE);
      }
    }
    for (Recorded r : inv.containers()) {
      if (judged(r) && !r.transitional() && r.ip() != null && !seen.contains(r.name())) {
        add(DriftKind.MISSING, ResourceType.PORT, inv.applicationOf(r), null, r.host(), r.name(),
            "ip " + r.ip() + ", mac " + r.mac(), null, "the network authority has no port for the container",
            RepairAction.NONE);
      }
    }
  }

  private void volumes() {
    if (real.volumes() == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (VolumeInfo v : real.volumes()) {
      seen.add(v.name());
      String actual = v.sizeGb() + " GB, attached to " + v.attachedHost();
      Recorded r = inv.containerOfVolume(v.name()).orElse(null);
      if (r == null) {
        String base = InventoryView.volumeOwner(v.name());
        Set<String> owners = inv.owners(base);
        if (owners.isEmpty() || busy(owners) || inv.isTemplate(base)) {
          continue;
        }
        Recorded named = inv.container(base).orElse(null);
        if (named != null && !judged(named)) {
          continue;
        }
        // a volume named after a recorded container may be mounted by it: reported, never deleted
        add(DriftKind.ORPHAN, ResourceType.VOLUME, join(owners), null, v.attachedHost(), v.name(), null, actual,
            named == null ? "a volume of the platform whose container the inventory does not record"
                : "a volume named after " + base + " that the inventory does not record as its data or log volume",
            named == null ? RepairAction.DELETE_VOLUME : RepairAction.NONE);
        continue;
      }
      if (!judged(r) || r.transitional()) {
        continue;
      }
      if (v.attachedHost() != null && r.host() != null && !r.host().equals(v.attachedHost())) {
        add(DriftKind.MISMATCH, ResourceType.VOLUME, inv.applicationOf(r), null, v.attachedHost(), v.name(),
            "attached to " + r.host(), actual, "attached to another host than its container's", RepairAction.NONE);
      }
    }
    for (Recorded r : inv.containers()) {
      if (!judged(r) || r.transitional()) {
        continue;
      }
      for (String v : new String[] {r.dataVolume(), r.logVolume()}) {
        if (v != null && !seen.contains(v)) {
          add(DriftKind.MISSING, ResourceType.VOLUME, inv.applicationOf(r), null, r.host(), v,
              "volume of " + r.name(), null, "the volume authority has no such volume", RepairAction.NONE);
        }
      }
    }
  }

  // --- grants -----------------------------------------------------------------------------------

  private void grants() {
    for (GrantAccount a : inv.accounts()) {
      List<String> hosts = real.grantedHosts().get(a);
      Set<String> owners = inv.ownersOf(a);
      if (hosts == null || busy(owners)) {
        continue;
      }
      Set<String> expected = inv.expectedIps(a);
      for (String h : hosts) {
        if (!GrantSpec.isPlainIpv4(h) || !platformAddress.test(h) || expected.contains(h)) {
          continue;
        }
        add(DriftKind.ORPHAN, ResourceType.GRANT, join(owners), a.server(), null, a.user() + "@" + h, null,
            "account " + a.user() + "@" + h, "an account on an address of the platform's network that is no "
                + "container's or template's of the groups registering it", RepairAction.REVOKE_GRANT);
      }
      Set<String> present = new HashSet<>(hosts);
      for (GroupRef g : inv.groupsGranting(a)) {
        for (Recorded r : inv.containersOf(g.id())) {
          if (!r.transitional() && r.ip() != null && !present.contains(r.ip())) {
            add(DriftKind.MISSING, ResourceType.GRANT, g.application(), a.server(), r.host(), a.user() + "@" + r.ip(),
                "account " + a.user() + "@" + r.ip() + " for " + r.name(), null,
                "the container's account is missing on the server", RepairAction.NONE);
          }
        }
      }
    }
  }

  // --- VIP members ------------------------------------------------------------------------------

  private void vips() {
    for (String vip : inv.vips()) {
      List<GroupRef> groups = inv.groupsOfVip(vip);
      Set<String> owners = new TreeSet<>();
      groups.forEach(g -> owners.add(g.application()));
      if (busy(owners)) {
        continue;
      }
      boolean absent = real.absentVips().contains(vip);
      List<Member> members = real.vipMembers().get(vip);
      if (members == null && !absent) {
        continue; // not read
      }
      Map<String, Recorded> expected = new LinkedHashMap<>();
      Set<String> templates = new HashSet<>();
      for (GroupRef g : groups) {
        inv.containersOf(g.id()).forEach(r -> expected.put(r.name(), r));
        if (g.templateContainer() != null) {
          templates.add(g.templateContainer());
        }
      }
      Set<String> present = new HashSet<>();
      for (Member m : members == null ? List.<Member>of() : members) {
        present.add(m.name());
        Recorded r = expected.get(m.name());
        String actual = m.ip() + ":" + m.port() + " " + m.state();
        if (r != null) {
          if (r.ip() != null && !r.ip().equals(m.ip())) {
            add(DriftKind.MISMATCH, ResourceType.VIP_MEMBER, inv.applicationOf(r), vip, r.host(), m.name(),
                "ip " + r.ip(), actual, "the member points at another IP than the container's", RepairAction.NONE);
          }
        } else if (!templates.contains(m.name())) {
          add(DriftKind.ORPHAN, ResourceType.VIP_MEMBER, join(owners), vip, null, m.name(), null, actual,
              "a member of the VIP that is no container of the groups registering it", RepairAction.REMOVE_VIP_MEMBER);
        }
      }
      for (Recorded r : expected.values()) {
        if (r.state() == ContainerState.RUNNING && !present.contains(r.name())) {
          add(DriftKind.MISSING, ResourceType.VIP_MEMBER, inv.applicationOf(r), vip, r.host(), r.name(),
              "member at " + r.ip(), null, absent ? "the load balancer has no such VIP" : "not a member of the VIP",
              RepairAction.NONE);
        }
      }
    }
  }

  // --- monitoring -------------------------------------------------------------------------------

  private void monitoring() {
    if (real.monitored() == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (Monitoring m : real.monitored()) {
      seen.add(m.containerName());
      Recorded r = inv.container(m.containerName()).orElse(null);
      String actual = "on " + m.hostName() + ", ip " + m.ip() + ", metrics " + String.join(",", m.metrics());
      if (r == null) {
        Set<String> owners = inv.owners(m.containerName());
        if (!owners.isEmpty() && !busy(owners) && !inv.isTemplate(m.containerName())) {
          add(DriftKind.ORPHAN, ResourceType.MONITORING, join(owners), null, m.hostName(), m.containerName(), null,
              actual, "agents watch a container the inventory does not record", RepairAction.FORGET_MONITORING);
        }
        continue;
      }
      if (!judged(r) || r.transitional()) {
        continue;
      }
      GroupRef g = inv.group(r.groupId()).orElse(null);
      List<String> metrics = g == null ? List.of() : g.metrics();
      String expected = g == null ? null : Repairer.expectedMonitoring(r, g);
      if (metrics.isEmpty()) {
        add(DriftKind.MISMATCH, ResourceType.MONITORING, inv.applicationOf(r), null, m.hostName(), r.name(),
            "no monitoring (the template registered none)", actual, "monitored although its group registers no monitoring",
            RepairAction.NONE);
      } else if (!Objects.equals(r.host(), m.hostName()) || !Objects.equals(r.ip(), m.ip())
          || !new HashSet<>(metrics).equals(new HashSet<>(m.metrics()))) {
        add(DriftKind.MISMATCH, ResourceType.MONITORING, inv.applicationOf(r), null, m.hostName(), r.name(), expected,
            actual, "the registration differs from the inventory and the template",
            healthy(r) ? RepairAction.REGISTER_MONITORING : RepairAction.NONE);
      }
    }
    for (Recorded r : inv.containers()) {
      if (!judged(r) || r.state() != ContainerState.RUNNING || seen.contains(r.name())) {
        continue;
      }
      GroupRef g = inv.group(r.groupId()).orElse(null);
      if (g == null || g.metrics().isEmpty()) {
        continue;
      }
      add(DriftKind.MISSING, ResourceType.MONITORING, g.application(), null, r.host(), r.name(),
          Repairer.expectedMonitoring(r, g), null,
          "a RUNNING container that agents do not watch", healthy(r) ? RepairAction.REGISTER_MONITORING
              : RepairAction.NONE);
    }
  }
}
