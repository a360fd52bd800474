package org.elasticcloud.core.port;

import java.util.List;
import java.util.Optional;

/**
 * The network authority: one port per container, holding the container's fixed IP and MAC. A port
 * outlives its container: it is re-bound to another host when the container migrates, and
 * released only on scale-in. Ports are named from the business key, so every call can be
 * repeated: allocating a name that exists returns the existing port. Adapters: Neutron
 * (OpenStack) and a local IPAM in the platform's database.
 */
public interface NetworkPorts {
  /** The port of that name, created on first call with the next free address, bound to {@code hostName}. */
  PortLease allocate(String portName, String hostName);

  /**
   * The port of that name with exactly {@code ip}.
   *
   * @throws AddressInUseException when another port holds that address
   * @throws IllegalArgumentException when the address is outside the network
   */
  PortLease allocate(String portName, String hostName, String ip);

  /**
   * Binds the port to another host, keeping its id, IP and MAC (migration).
   *
   * @throws PortNotFoundException when there is no such port
   */
  PortLease bind(String portName, String hostName);

  Optional<PortLease> find(String portName);

  /** Releases the port and its address; false when there was none. */
  boolean release(String portName);

  /** Every port this platform holds (for reconciliation against the inventory). */
  List<PortLease> list();

  /** A port: the authority's id, its name, its fixed IP and MAC, and the host it is bound to. */
  record PortLease(String id, String name, String ip, String mac, String hostName) {
  }
}
