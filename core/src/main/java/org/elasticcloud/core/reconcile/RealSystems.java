package org.elasticcloud.core.reconcile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.port.DatabaseGrants;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.LoadBalancer.Member;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.ObservationRegistry;
import org.elasticcloud.core.port.VipNotFoundException;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.reconcile.InventoryView.GrantAccount;
import org.elasticcloud.core.reconcile.InventoryView.HostRef;

/**
 * Reads what the real systems hold, through the ports, for the hosts, accounts and VIPs the
 * inventory names. Only reads. A source that fails is recorded as unchecked with its error and the
 * others are still read: one host down must not hide the drift of the thousand others. Hosts are
 * read in parallel (an engine that does not answer costs its connect timeout).
 */
public final class RealSystems {
  private final ContainerRuntime runtime;
  private final NetworkPorts ports;
  private final Volumes volumes;
  private final DatabaseGrants grants;
  private final LoadBalancer loadBalancer;
  private final ObservationRegistry observation;
  private final int parallelism;

  public RealSystems(ContainerRuntime runtime, NetworkPorts ports, Volumes volumes, DatabaseGrants grants,
      LoadBalancer loadBalancer, ObservationRegistry observation, int parallelism) {
    this.runtime = runtime;
    this.ports = ports;
    this.volumes = volumes;
    this.grants = grants;
    this.loadBalancer = loadBalancer;
    this.observation = observation;
    this.parallelism = Math.max(1, parallelism);
  }

  public RealView read(InventoryView inventory) {
    Map<String, String> unchecked = new ConcurrentHashMap<>();
    Map<String, List<ContainerStatus>> containers = readHosts(inventory, unchecked);
    List<NetworkPorts.PortLease> portList = null;
    try {
      portList = ports.list();
    } catch (RuntimeException e) {
      unchecked.put(RealView.PORTS, reason(e));
    }
    List<Volumes.VolumeInfo> volumeList = null;
    try {
      volumeList = volumes.list();
    } catch (RuntimeException e) {
      unchecked.put(RealView.VOLUMES, reason(e));
    }
    Map<GrantAccount, List<String>> granted = new LinkedHashMap<>();
    for (GrantAccount a : inventory.accounts()) {
      try {
        granted.put(a, List.copyOf(grants.grantedHosts(a.server(), a.user())));
      } catch (RuntimeException e) {
        unchecked.put(RealView.grantSource(a), reason(e));
      }
    }
    Map<String, List<Member>> members = new LinkedHashMap<>();
    Set<String> absent = new HashSet<>();
    for (String vip : inventory.vips()) {
      try {
        members.put(vip, List.copyOf(loadBalancer.members(vip)));
      } catch (VipNotFoundException e) {
        absent.add(vip);
      } catch (RuntimeException e) {
        unchecked.put(RealView.vipSource(vip), reason(e));
      }
    }
    List<ObservationRegistry.Monitoring> monitored = null;
    try {
      monitored = observation.monitored();
    } catch (RuntimeException e) {
      unchecked.put(RealView.MONITORING, reason(e));
    }
    return new RealView(containers, portList, volumeList, granted, members, absent, monitored, unchecked);
  }

  private Map<String, List<ContainerStatus>> readHosts(InventoryView inventory, Map<String, String> unchecked) {
    Map<String, List<ContainerStatus>> out = new ConcurrentHashMap<>();
    List<HostRef> hosts = new ArrayList<>(inventory.hosts());
    if (hosts.isEmpty()) {
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, hosts.size()), r -> {
      Thread t = new Thread(r, "ecloud-reconcile-read");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (HostRef h : hosts) {
        pending.add(pool.submit(() -> {
          try {
            out.put(h.name(), List.copyOf(runtime.list(h.engineEndpoint(), Map.of())));
          } catch (RuntimeException e) {
            unchecked.put(RealView.hostSource(h.name()), reason(e));
          }
        }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ECP-RECON-002 interrupted while reading the hosts' engines", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("ECP-RECON-002 reading a host failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static String reason(RuntimeException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 500 ? m.substring(0, 500) + "…" : m));
  }
}
