package org.elasticcloud.core.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.port.LoadBalancer.Member;
import org.elasticcloud.core.port.NetworkPorts.PortLease;
import org.elasticcloud.core.port.ObservationRegistry.Monitoring;
import org.elasticcloud.core.port.Volumes.VolumeInfo;
import org.elasticcloud.core.reconcile.InventoryView.GrantAccount;

/**
 * What the real systems hold, as far as they answered. A source that did not answer is absent (its
 * field null, or its key missing) and named in {@code unchecked} with the reason: nothing it holds
 * is judged, so a host that is down makes no container "missing".
 *
 * @param containers per host that answered: every container on its engine
 * @param ports every port of the network authority (null: did not answer)
 * @param volumes every volume (null: did not answer)
 * @param grantedHosts per account that could be read: the hosts holding it on its server
 * @param vipMembers per VIP that could be read: its members
 * @param absentVips VIPs the load balancer does not have
 * @param monitored every monitoring registration (null: did not answer)
 * @param unchecked source (e.g. {@code host d2}) → why it was not read
 */
public record RealView(Map<String, List<ContainerStatus>> containers, List<PortLease> ports, List<VolumeInfo> volumes,
    Map<GrantAccount, List<String>> grantedHosts, Map<String, List<Member>> vipMembers, Set<String> absentVips,
    List<Monitoring> monitored, Map<String, String> unchecked) {

  public RealView {
    containers = Map.copyOf(containers);
    ports = ports == null ? null : List.copyOf(ports);
    volumes = volumes == null ? null : List.copyOf(volumes);
    grantedHosts = Map.copyOf(grantedHosts);
    vipMembers = Map.copyOf(vipMembers);
    absentVips = Set.copyOf(absentVips);
    monitored = monitored == null ? null : List.copyOf(monitored);
    unchecked = Map.copyOf(unchecked);
  }

  /** Source names used in {@code unchecked}. */
  public static String hostSource(String host) {
    return "host " + host;
  }

  public static final String PORTS = "network ports";
  public static final String VOLUMES = "volumes";
  public static final String MONITORING = "monitoring registrations";

  public static String grantSource(GrantAccount account) {
    return "database accounts " + account.user() + " on " + account.server();
  }

  public static String vipSource(String vip) {
    return "VIP " + vip;
  }
}
