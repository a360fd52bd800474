package org.elasticcloud.core.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.GrantSpec;

/**
 * What the inventory says, in the words reconciliation needs: the hosts and their engines, every
 * group with what its template registered (grants, VIP, monitoring) and its template container, and
 * every recorded container with its host's name. Built by the caller from the database; immutable.
 *
 * <p>It also tells which names are the platform's: a container, port or monitoring registration
 * named {@code application-environment-group-ordinal} (lower case, as
 * {@link org.elasticcloud.core.scaling.ContainerBlueprint#name} makes them) for an application and
 * environment of this inventory, and volumes named after such a container ({@code …-data},
 * {@code …-log}). Anything else is foreign and never judged.
 */
public final class InventoryView {
  /** A host and the endpoint of its engine. */
  public record HostRef(String name, String engineEndpoint) {
  }

  /** The VIP a group's template joined, and the port its members answer on. */
  public record VipRef(String name, int memberPort) {
  }

  /**
   * A group and what its template registered.
   *
   * @param grants the registered grants (copied to every container's IP)
   * @param vip the registered VIP, or null
   * @param metrics the registered monitoring metrics (empty: no monitoring registered)
   * @param templateContainer the template container's name, or null when the group has no template
   * @param templateIp its IP (its accounts and VIP membership were made by hand and are expected)
   * @param templateGrants the grants of the template's definition (also when not confirmed yet)
   */
  public record GroupRef(long id, String application, String environment, String name, List<GrantSpec> grants,
      VipRef vip, List<String> metrics, String templateContainer, String templateIp, List<GrantSpec> templateGrants) {
    public GroupRef {
      grants = grants == null ? List.of() : List.copyOf(grants);
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
      templateGrants = templateGrants == null ? List.of() : List.copyOf(templateGrants);
    }
  }

  /** A recorded container, its host by name (null when it has none). */
  public record Recorded(String name, long groupId, String host, String ip, String mac, String dataVolume,
      String logVolume, ContainerState state, int generation) {
    /** A state an operation leaves behind only while it runs (or when it was interrupted). */
    public boolean transitional() {
      return state == ContainerState.CREATING || state == ContainerState.MIGRATING || state == ContainerState.REMOVING;
    }
  }

  /** A database account name on a server: {@code user@ip} for every IP. */
  public record GrantAccount(String server, String user) {
    @Override
    public String toString() {
      return user + " on " + server;
    }
  }

  private static final Pattern GROUP_AND_ORDINAL = Pattern.compile("[a-z0-9][a-z0-9._-]*-[0-9]{1,9}");

  private final Set<String> applications;
  private final Map<String, HostRef> hosts = new LinkedHashMap<>();
  private final Map<Long, GroupRef> groups = new LinkedHashMap<>();
  private final Map<String, Recorded> containers = new LinkedHashMap<>();
  private final Map<String, Recorded> byVolume = new HashMap<>();
  private final Map<String, Set<String>> ownersByPrefix = new HashMap<>();
  private final Map<Long, List<Recorded>> byGroup = new HashMap<>();
  private final Map<GrantAccount, List<GroupRef>> granting = new LinkedHashMap<>();
  private final Map<GrantAccount, List<GroupRef>> templated = new LinkedHashMap<>();
  private final Map<String, List<GroupRef>> vipGroups = new LinkedHashMap<>();
  private final Set<String> templates = new HashSet<>();

  public InventoryView(Collection<String> environments, Collection<String> applications, Collection<HostRef> hosts,
      Collection<GroupRef> groups, Collection<Recorded> containers) {
    this.applications = Set.copyOf(applications);
    hosts.forEach(h -> this.hosts.put(h.name(), h));
    groups.forEach(g -> this.groups.put(g.id(), g));
    for (Recorded c : containers) {
      this.containers.put(c.name(), c);
      byGroup.computeIfAbsent(c.groupId(), k -> new ArrayList<>()).add(c);
      if (c.dataVolume() != null) {
        byVolume.put(c.dataVolume(), c);
      }
      if (c.logVolume() != null) {
        byVolume.put(c.logVolume(), c);
      }
    }
    for (GroupRef g : groups) {
      g.grants().stream().map(InventoryView::account).distinct()
          .forEach(a -> granting.computeIfAbsent(a, k -> new ArrayList<>()).add(g));
      if (g.templateIp() != null) {
        g.templateGrants().stream().map(InventoryView::account).distinct()
            .forEach(a -> templated.computeIfAbsent(a, k -> new ArrayList<>()).add(g));
      }
      if (g.templateContainer() != null) {
        templates.add(g.templateContainer());
      }
      if (g.vip() != null) {
        vipGroups.computeIfAbsent(g.vip().name(), k -> new ArrayList<>()).add(g);
      }
    }
    for (String a : applications) {
      for (String e : environments) {
        ownersByPrefix.computeIfAbsent((a + "-" + e + "-").toLowerCase(Locale.ROOT), k -> new TreeSet<>()).add(a);
      }
    }
  }

  public Set<String> applications() {
    return applications;
  }

  public Collection<HostRef> hosts() {
    return hosts.values();
  }

  public Optional<HostRef> host(String name) {
    return Optional.ofNullable(name == null ? null : hosts.get(name));
  }

  public Collection<GroupRef> groups() {
    return groups.values();
  }

  public Optional<GroupRef> group(long id) {
    return Optional.ofNullable(groups.get(id));
  }

  public Collection<Recorded> containers() {
    return containers.values();
  }

  public Optional<Recorded> container(String name) {
    return Optional.ofNullable(name == null ? null : containers.get(name));
  }

  /**
   * True for a group's template container: registered by hand, it is not a recorded container, yet
   * neither it nor its port, volumes or registrations are ever orphans.
   */
  public boolean isTemplate(String name) {
    return name != null && templates.contains(name);
  }

  /** The container recording this volume as its data or log volume. */
  public Optional<Recorded> containerOfVolume(String volume) {
    return Optional.ofNullable(byVolume.get(volume));
  }

  /** The application of a recorded container (null if its group is unknown, which the schema prevents). */
  public String applicationOf(Recorded c) {
    GroupRef g = groups.get(c.groupId());
    return g == null ? null : g.application();
  }

  public List<Recorded> containersOf(long groupId) {
    return byGroup.getOrDefault(groupId, List.of());
  }

  /**
   * The applications a blueprint name belongs to ({@code cap-production-v2-7} → {@code cap}),
   * empty when the name is not the platform's. Several only when two applications' names differ in
   * case alone.
   */
  public Set<String> owners(String name) {
    if (name == null) {
      return Set.of();
    }
    String n = name.toLowerCase(Locale.ROOT);
    Set<String> out = new TreeSet<>();
    for (int i = n.indexOf('-'); i >= 0; i = n.indexOf('-', i + 1)) {
      Set<String> apps = ownersByPrefix.get(n.substring(0, i + 1));
      if (apps != null && GROUP_AND_ORDINAL.matcher(n.substring(i + 1)).matches()) {
        out.addAll(apps);
      }
    }
    return out;
  }

  /** The container a blueprint volume name belongs to ({@code x-data}, {@code x-log} → {@code x}); null otherwise. */
  public static String volumeOwner(String volume) {
    if (volume == null) {
      return null;
    }
    if (volume.endsWith("-data")) {
      return volume.substring(0, volume.length() - 5);
    }
    if (volume.endsWith("-log")) {
      return volume.substring(0, volume.length() - 4);
    }
    return null;
  }

  /** Every database account a group registered or a template was given, in a stable order. */
  public Set<GrantAccount> accounts() {
    Set<GrantAccount> out = new LinkedHashSet<>(granting.keySet());
    out.addAll(templated.keySet());
    return out;
  }

  public static GrantAccount account(GrantSpec spec) {
    return new GrantAccount(spec.server(), spec.user());
  }

  /** The groups that registered the account for their containers. */
  public List<GroupRef> groupsGranting(GrantAccount account) {
    return granting.getOrDefault(account, List.of());
  }

  /** The groups whose template was given the account by hand. */
  public List<GroupRef> templatesGranted(GrantAccount account) {
    return templated.getOrDefault(account, List.of());
  }

  /** The applications concerned by an account: those registering it and those whose template has it. */
  public Set<String> ownersOf(GrantAccount account) {
    Set<String> out = new TreeSet<>();
    groupsGranting(account).forEach(g -> out.add(g.application()));
    templatesGranted(account).forEach(g -> out.add(g.application()));
    return out;
  }

  /**
   * The IPs that may hold the account: every recorded container of a group registering it (whatever
   * its state), and the templates given it.
   */
  public Set<String> expectedIps(GrantAccount account) {
    Set<String> out = new TreeSet<>();
    for (GroupRef g : groupsGranting(account)) {
      containersOf(g.id()).stream().map(Recorded::ip).filter(Objects::nonNull).forEach(out::add);
    }
    templatesGranted(account).forEach(g -> out.add(g.templateIp()));
    return out;
  }

  /** The specs of the account, one per schema: what a revoke must take back. */
  public List<GrantSpec> specsOf(GrantAccount account) {
    Map<String, GrantSpec> bySchema = new LinkedHashMap<>();
    for (GroupRef g : groupsGranting(account)) {
      g.grants().stream().filter(s -> account(s).equals(account)).forEach(s -> bySchema.putIfAbsent(s.schema(), s));
    }
    for (GroupRef g : templatesGranted(account)) {
      g.templateGrants().stream().filter(s -> account(s).equals(account))
          .forEach(s -> bySchema.putIfAbsent(s.schema(), s));
    }
    return new ArrayList<>(bySchema.values());
  }

  /** Every VIP a group registered, in a stable order. */
  public Set<String> vips() {
    return Collections.unmodifiableSet(vipGroups.keySet());
  }

  /** The groups that registered the VIP. */
  public List<GroupRef> groupsOfVip(String vip) {
    return vipGroups.getOrDefault(vip, List.of());
  }
}
