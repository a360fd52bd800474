package org.elasticcloud.core.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.DatabaseUnavailableException;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.HostUnreachableException;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.LoadBalancerUnavailableException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.NetworkUnavailableException;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.VipNotFoundException;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.port.Volumes;

/**
 * In-memory stand-ins for the ports reconciliation reads and repairs, for tests only: containers
 * per engine, ports, volumes, database accounts, VIP members, monitoring registrations and the
 * operation queue. Each can be made to fail like its real system does when it does not answer.
 * {@link #mutations} counts every change, so a test can prove a repair changed nothing.
 */
public final class FakeWorld {
  public final Runtime runtime = new Runtime();
  public final Ports ports = new Ports();
  public final Disks volumes = new Disks();
  public final Grants grants = new Grants();
  public final Balancer loadBalancer = new Balancer();
  public final Observation observation = new Observation();
  public final Queue queue = new Queue();
  public final AtomicInteger mutations = new AtomicInteger();

  public RealSystems realSystems() {
    return new RealSystems(runtime, ports, volumes, grants, loadBalancer, observation, 4);
  }

  public Repairer repairer() {
    return new Repairer(runtime, ports, volumes, grants, loadBalancer, observation);
  }

  /** Containers per engine endpoint; engines in {@link #down} do not answer. */
  public final class Runtime implements ContainerRuntime {
    public final Map<String, Map<String, ContainerStatus>> engines = new ConcurrentHashMap<>();
    public final Set<String> down = ConcurrentHashMap.newKeySet();
    /** Engines that answer reads but refuse removals (a failing repair). */
    public final Set<String> refuseRemoval = ConcurrentHashMap.newKeySet();

    public void put(String engine, String name, boolean running, String ip, Map<String, String> labels) {
      engines.computeIfAbsent(engine, k -> new ConcurrentHashMap<>()).put(name, new ContainerStatus("id-" + name, name,
          "ecloud/sample-app:1", running, running ? "running" : "exited", running ? null : 0, ip, null, Map.copyOf(labels),
          1, 64, Instant.EPOCH));
    }

    private Map<String, ContainerStatus> engine(String engine) {
      if (down.contains(engine)) {
        throw new HostUnreachableException(engine, "ECP-DOCKER-001 engine " + engine + " is unreachable (fake)", null);
      }
      return engines.computeIfAbsent(engine, k -> new ConcurrentHashMap<>());
    }

    @Override
    public EngineInfo ping(String engine) {
      engine(engine);
      return new EngineInfo("fake", "1.43", 4, 1L << 33);
    }

    @Override
    public ContainerStatus run(String engine, ContainerSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void start(String engine, String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void stop(String engine, String name, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean remove(String engine, String name) {
      Map<String, ContainerStatus> e = engine(engine);
      if (refuseRemoval.contains(engine)) {
        throw new IllegalStateException("ECP-DOCKER-099 removal refused on " + engine + " (fake)");
      }
      boolean removed = e.remove(name) != null;
      if (removed) {
        mutations.incrementAndGet();
      }
      return removed;
    }

    @Override
    public Optional<ContainerStatus> inspect(String engine, String name) {
      return Optional.ofNullable(engine(engine).get(name));
    }

    @Override
    public List<ContainerStatus> list(String engine, Map<String, String> labels) {
      return engine(engine).values().stream()
          .filter(c -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(c.labels().get(l.getKey()))))
          .sorted(java.util.Comparator.comparing(ContainerStatus::name)).toList();
    }

    @Override
    public void resize(String engine, String name, Resources resources) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String commit(String engine, String name, String repository, String tag) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ContainerStats stats(String engine, String name) {
      throw new UnsupportedOperationException();
    }
  }

  /** The network authority's ports by name. */
  public final class Ports implements NetworkPorts {
    public final Map<String, PortLease> byName = new ConcurrentHashMap<>();
    public volatile boolean down;
    private final AtomicLong ids = new AtomicLong();

    public void put(String name, String ip, String mac, String host) {
      byName.put(name, new PortLease("p" + ids.incrementAndGet(), name, ip, mac, host));
    }

    private Map<String, PortLease> all() {
      if (down) {
        throw new NetworkUnavailableException("ECP-NEUTRON-001 network authority unavailable (fake)", null);
      }
      return byName;
    }

    @Override
    public PortLease allocate(String portName, String hostName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PortLease allocate(String portName, String hostName, String ip) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PortLease bind(String portName, String hostName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<PortLease> find(String portName) {
      return Optional.ofNullable(all().get(portName));
    }

    @Override
    public boolean release(String portName) {
      boolean removed = all().remove(portName) != null;
      if (removed) {
        mutations.incrementAndGet();
      }
      return removed;
    }

    @Override
    public List<PortLease> list() {
      return new ArrayList<>(new TreeMap<>(all()).values());
    }
  }

  /** Volumes by name; deleting an attached one is refused, as Cinder does. */
  public final class Disks implements Volumes {
    public final Map<String, VolumeInfo> byName = new ConcurrentHashMap<>();
    public volatile boolean down;

    public void put(String name, long sizeGb, String attachedHost) {
      byName.put(name, new VolumeInfo("v-" + name, name, sizeGb, attachedHost));
    }

    private Map<String, VolumeInfo> all() {
      if (down) {
        throw new IllegalStateException("ECP-CINDER-001 volume authority unavailable (fake)");
      }
      return byName;
    }

    @Override
    public VolumeInfo create(String name, long sizeGb) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String attach(String name, String hostName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void detach(String name, String hostName) {
      VolumeInfo v = all().get(name);
      if (v != null && hostName.equals(v.attachedHost())) {
        byName.put(name, new VolumeInfo(v.id(), name, v.sizeGb(), null));
        mutations.incrementAndGet();
      }
    }

    @Override
    public boolean delete(String name) {
      VolumeInfo v = all().get(name);
      if (v == null) {
        return false;
      }
      if (v.attachedHost() != null) {
        throw new VolumeInUseException("ECP-CINDER-007 volume " + name + " is attached to " + v.attachedHost());
      }
      byName.remove(name);
      mutations.incrementAndGet();
      return true;
    }

    @Override
    public Optional<VolumeInfo> find(String name) {
      return Optional.ofNullable(all().get(name));
    }

    @Override
    public List<VolumeInfo> list() {
      return new ArrayList<>(new TreeMap<>(all()).values());
    }
  }

  /** Accounts per server: {@code user@host} → schema → privileges. */
  public final class Grants implements DatabaseGrants {
    public final Map<String, Map<String, Map<String, List<String>>>> servers = new ConcurrentHashMap<>();
    public final Set<String> down = ConcurrentHashMap.newKeySet();

    private Map<String, Map<String, List<String>>> server(String server) {
      if (down.contains(server)) {
        throw new DatabaseUnavailableException("ECP-GRANT-010 server " + server + " does not answer (fake)", null);
      }
      return servers.computeIfAbsent(server, k -> new ConcurrentHashMap<>());
    }

    /** Gives {@code user@host} the privileges on the schema (hosts may be '%' or names, as a DBA would). */
    public void put(String server, String user, String host, String schema, List<String> privileges) {
      server(server).computeIfAbsent(user + "@" + host, k -> new ConcurrentHashMap<>()).put(schema, List.copyOf(privileges));
    }

    public boolean has(String server, String user, String host) {
      return server(server).containsKey(user + "@" + host);
    }

    @Override
    public boolean grant(GrantSpec spec, String ip) {
      Map<String, List<String>> acct = server(spec.server()).computeIfAbsent(spec.user() + "@" + ip, k -> new ConcurrentHashMap<>());
      boolean changed = !spec.privileges().equals(acct.put(spec.schema(), spec.privileges()));
      if (changed) {
        mutations.incrementAndGet();
      }
      return changed;
    }

    @Override
    public boolean revoke(GrantSpec spec, String ip) {
      spec.requireValidAccount(ip);
      Map<String, Map<String, List<String>>> s = server(spec.server());
      String key = spec.user() + "@" + ip;
      Map<String, List<String>> acct = s.get(key);
      if (acct == null) {
        return false;
      }
      boolean changed = acct.remove(spec.schema()) != null;
      if (acct.isEmpty()) {
        s.remove(key);
        changed = true;
      }
      if (changed) {
        mutations.incrementAndGet();
      }
      return changed;
    }

    @Override
    public boolean hasGrant(GrantSpec spec, String ip) {
      Map<String, List<String>> acct = server(spec.server()).get(spec.user() + "@" + ip);
      return acct != null && spec.privileges().equals(acct.get(spec.schema()));
    }

    @Override
    public List<String> privileges(GrantSpec spec, String ip) {
      Map<String, List<String>> acct = server(spec.server()).get(spec.user() + "@" + ip);
      return acct == null ? List.of() : acct.getOrDefault(spec.schema(), List.of());
    }

    @Override
    public List<String> grantedHosts(String server, String user) {
      Set<String> hosts = new TreeSet<>();
      for (String k : server(server).keySet()) {
        if (k.substring(0, k.lastIndexOf('@')).equals(user)) {
          hosts.add(k.substring(k.lastIndexOf('@') + 1));
        }
      }
      return List.copyOf(hosts);
    }
  }

  /** VIPs and their members. */
  public final class Balancer implements LoadBalancer {
    public final Map<String, Map<String, Member>> vips = new ConcurrentHashMap<>();
    public volatile boolean down;

    private Map<String, Map<String, Member>> all() {
      if (down) {
        throw new LoadBalancerUnavailableException("ECP-VIP-001 load balancer does not answer (fake)");
      }
      return vips;
    }

    public void vip(String name) {
      vips.computeIfAbsent(name, k -> new ConcurrentHashMap<>());
    }

    public void put(String vip, String member, String ip, int port) {
      vip(vip);
      vips.get(vip).put(member, new Member(member, ip, port, MemberState.UP));
    }

    @Override
    public void ensureVip(VipSpec spec) {
      vip(spec.name());
    }

    @Override
    public List<VipSpec> vips() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeVip(String vipName) {
      return all().remove(vipName) != null;
    }

    @Override
    public void addMember(String vipName, String memberName, String ip, int port) {
      Map<String, Member> m = all().get(vipName);
      if (m == null) {
        throw new VipNotFoundException("no VIP " + vipName);
      }
      m.put(memberName, new Member(memberName, ip, port, MemberState.UP));
      mutations.incrementAndGet();
    }

    @Override
    public boolean drain(String vipName, String memberName) {
      Map<String, Member> m = all().get(vipName);
      if (m == null) {
        throw new VipNotFoundException("ECP-VIP-004 no VIP " + vipName + " (fake)");
      }
      Member found = m.get(memberName);
      if (found == null) {
        return false;
      }
      m.put(memberName, new Member(memberName, found.ip(), found.port(), MemberState.DRAIN));
      mutations.incrementAndGet();
      return true;
    }

    @Override
    public boolean removeMember(String vipName, String memberName) {
      Map<String, Member> m = all().get(vipName);
      boolean removed = m != null && m.remove(memberName) != null;
      if (removed) {
        mutations.incrementAndGet();
      }
      return removed;
    }

    @Override
    public List<Member> members(String vipName) {
      Map<String, Member> m = all().get(vipName);
      if (m == null) {
        throw new VipNotFoundException("ECP-VIP-004 no VIP " + vipName + " (fake)");
      }
      return new ArrayList<>(new TreeMap<>(m).values());
    }
  }

  /** Monitoring and logging registrations by container name. */
  public final class Observation implements ObservationRegistry {
    public final Map<String, Monitoring> monitoring = new ConcurrentHashMap<>();
    public final Map<String, LogCollection> logs = new ConcurrentHashMap<>();
    public volatile boolean down;

    private void check() {
      if (down) {
        throw new IllegalStateException("ECP-ZK-030 ZooKeeper does not answer (fake)");
      }
    }

    @Override
    public void monitor(Monitoring m) {
      check();
      if (!m.equals(monitoring.put(m.containerName(), m))) {
        mutations.incrementAndGet();
      }
    }

    @Override
    public void collectLogs(LogCollection l) {
      check();
      logs.put(l.containerName(), l);
    }

    @Override
    public boolean forget(String containerName) {
      check();
      boolean any = monitoring.remove(containerName) != null;
      any |= logs.remove(containerName) != null;
      if (any) {
        mutations.incrementAndGet();
      }
      return any;
    }

    @Override
    public Optional<Monitoring> monitoring(String containerName) {
      check();
      return Optional.ofNullable(monitoring.get(containerName));
    }

    @Override
    public Optional<LogCollection> logCollection(String containerName) {
      check();
      return Optional.ofNullable(logs.get(containerName));
    }

    @Override
    public List<Monitoring> monitored() {
      check();
      return new ArrayList<>(new TreeMap<>(monitoring).values());
    }
  }

  /** A tiny in-memory operation queue (the real one is ZooKeeper's): tickets per application, in order. */
  public static final class Queue implements OperationQueue {
    private final Map<String, List<Ticket>> queues = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public synchronized Ticket enqueue(String application, String operationId, String description) {
      List<Ticket> q = queues.computeIfAbsent(application, k -> new ArrayList<>());
      for (Ticket t : q) {
        if (t.operationId().equals(operationId)) {
          return t;
        }
      }
      Ticket t = new Ticket(application, operationId, description, sequence.incrementAndGet(), Instant.now());
      q.add(t);
      return t;
    }

    @Override
    public synchronized List<Ticket> queue(String application) {
      return List.copyOf(queues.getOrDefault(application, List.of()));
    }

    @Override
    public synchronized boolean release(String application, String operationId) {
      List<Ticket> q = queues.get(application);
      boolean removed = q != null && q.removeIf(t -> t.operationId().equals(operationId));
      if (q != null && q.isEmpty()) {
        queues.remove(application);
      }
      return removed;
    }

    @Override
    public synchronized Map<String, List<Ticket>> all() {
      Map<String, List<Ticket>> out = new LinkedHashMap<>();
      queues.forEach((k, v) -> out.put(k, List.copyOf(v)));
      return out;
    }

    @Override
    public void onNewHead(Consumer<Ticket> listener) {
      // heads are not announced in tests
    }

    public synchronized Set<String> busy() {
      return new HashSet<>(queues.keySet());
    }
  }
}
