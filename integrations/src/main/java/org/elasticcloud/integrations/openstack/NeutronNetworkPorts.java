package org.elasticcloud.integrations.openstack;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.NetworkUnavailableException;
import org.elasticcloud.core.port.PortNotFoundException;
import org.openstack4j.api.Builders;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.network.IP;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.options.PortListOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NetworkPorts} on OpenStack Neutron through openstack4j: one port per container on the
 * platform's network, owned by {@value #DEVICE_OWNER}, with {@code binding:host_id} set to the
 * host (an admin-only attribute in Neutron's default policy: the platform's user needs the admin
 * role). Neutron lets two ports share a name, so after creating one the adapter looks again and
 * keeps the oldest: concurrent retries end with one port.
 */
public class NeutronNetworkPorts implements NetworkPorts {
  /** Marks the ports this platform owns. */
  public static final String DEVICE_OWNER = "ecloud:container";
  private static final Logger LOG = LoggerFactory.getLogger(NeutronNetworkPorts.class);

  private final OpenStackSession session;
  private final String networkId;
  private final String subnetId;

  public NeutronNetworkPorts(OpenStackSession session, String networkId, String subnetId) {
    this.session = session;
    this.networkId = networkId;
    this.subnetId = subnetId;
  }

  @Override
  public PortLease allocate(String portName, String hostName) {
    return allocate(portName, hostName, null);
  }

  @Override
  public PortLease allocate(String portName, String hostName, String ip) {
    Optional<PortLease> existing = find(portName);
    if (existing.isPresent()) {
      if (ip != null && !ip.equals(existing.get().ip())) {
        throw new AddressInUseException("ECP-NEUTRON-004 port " + portName + " exists with address " + existing.get().ip());
      }
      return existing.get();
    }
    var builder = Builders.port().name(portName).networkId(networkId).deviceOwner(DEVICE_OWNER).hostId(hostName);
    if (ip != null) {
      builder.fixedIp(ip, subnetId);
    }
    Port created;
    try {
      created = call(() -> session.client().networking().port().create(builder.build()));
    } catch (ClientResponseException e) {
      if (e.getStatus() == 409) {
        throw new AddressInUseException("ECP-NEUTRON-001 address " + ip + " is held by another port", e);
      }
      if (e.getStatus() == 400) {
        throw new IllegalArgumentException("ECP-NEUTRON-002 Neutron refused port " + portName + ": " + e.getMessage(), e);
      }
      throw new NetworkUnavailableException("ECP-NEUTRON-003 port create failed: " + e.getMessage(), e);
    }
    // a retry of the same step may have created a twin meanwhile: keep the oldest, drop the others
    List<Port> twins = named(portName);
    Port keep = twins.stream().min(Comparator.comparing(NeutronNetworkPorts::createdAt).thenComparing(Port::getId))
        .orElse(created);
    for (Port twin : twins) {
      if (!twin.getId().equals(keep.getId())) {
        LOG.warn("ECP-NEUTRON-010 removing twin port {} of {}", twin.getId(), portName);
        call(() -> session.client().networking().port().delete(twin.getId()));
      }
    }
    return lease(keep);
  }

  @Override
  public PortLease bind(String portName, String hostName) {
    Port port = named(portName).stream().findFirst()
        .orElseThrow(() -> new PortNotFoundException("ECP-NEUTRON-005 no port named " + portName));
    // a minimal update: id, MAC and fixed IP stay as they are
    Port update = Builders.port().hostId(hostName).build();
    update.setId(port.getId());
    return lease(call(() -> session.client().networking().port().update(update)));
  }

  @Override
  public Optional<PortLease> find(String portName) {
    return named(portName).stream().min(Comparator.comparing(NeutronNetworkPorts::createdAt)).map(this::lease);
  }

  @Override
  public boolean release(String portName) {
    boolean any = false;
    for (Port p : named(portName)) {
      ActionResponse r = call(() -> session.client().networking().port().delete(p.getId()));
      if (r.isSuccess()) {
        any = true;
      } else if (r.getCode() != 404) {
        throw new NetworkUnavailableException("ECP-NEUTRON-006 deleting port " + portName + " failed: "
            + r.getFault(), null);
      }
    }
    return any;
  }

  @Override
  public List<PortLease> list() {
    return call(() -> session.client().networking().port()
        .list(PortListOptions.create().networkId(networkId).deviceOwner(DEVICE_OWNER)))
        .stream().map(this::lease).toList();
  }

  private List<Port> named(String portName) {
    return List.copyOf(call(() -> session.client().networking().port()
        .list(PortListOptions.create().networkId(networkId).name(portName))));
  }

  private PortLease lease(Port p) {
    String ip = p.getFixedIps() == null ? null
        : p.getFixedIps().stream().filter(f -> subnetId.equals(f.getSubnetId())).map(IP::getIpAddress).findFirst()
            .orElse(p.getFixedIps().stream().map(IP::getIpAddress).findFirst().orElse(null));
    return new PortLease(p.getId(), p.getName(), ip, p.getMacAddress() == null ? null
        : p.getMacAddress().toLowerCase(Locale.ROOT), p.getHostId());
  }

  private static String createdAt(Port p) {
    return p.getCreatedTime() == null ? "" : p.getCreatedTime().toInstant().toString();
  }

  /** 4xx pass through to the caller; connection failures and 5xx become "network unavailable". */
  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (ClientResponseException e) {
      throw e;
    } catch (ResponseException e) {
      throw new NetworkUnavailableException("ECP-NEUTRON-007 Neutron failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof AddressInUseException || e instanceof PortNotFoundException
          || e instanceof NetworkUnavailableException) {
        throw e;
      }
      throw new NetworkUnavailableException("ECP-NEUTRON-008 Neutron unreachable: " + e.getMessage(), e);
    }
  }
}
