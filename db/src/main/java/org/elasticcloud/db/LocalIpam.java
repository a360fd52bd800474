package org.elasticcloud.db;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.AddressPoolExhaustedException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.PortNotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link NetworkPorts} kept in the platform's own database: the embedded default when no OpenStack
 * is configured. Addresses come from one IPv4 pool; the MAC is derived from the address
 * ({@code 02:ec} + its four bytes: locally administered, unique per address). The unique
 * constraints on name, IP and MAC settle races between nodes.
 */
public class LocalIpam implements NetworkPorts {
  private static final int RACE_RETRIES = 20;

  private final JdbcClient jdbc;
  private final long first;
  private final long last;
  private final long subnetBase;
  private final long subnetMask;

  /**
   * @param subnetCidr the network, e.g. {@code 10.211.0.0/20}
   * @param pool the range handed out, e.g. {@code 10.211.1.0-10.211.13.254}
   */
  public LocalIpam(JdbcClient jdbc, String subnetCidr, String pool) {
    this.jdbc = jdbc;
    String[] cidr = subnetCidr.split("/");
    int bits = Integer.parseInt(cidr[1]);
    this.subnetMask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    this.subnetBase = toLong(cidr[0]) & subnetMask;
    String[] range = pool.split("-");
    this.first = toLong(range[0].trim());
    this.last = toLong(range[1].trim());
    if (first > last || !inSubnet(first) || !inSubnet(last)) {
      throw new IllegalArgumentException("pool " + pool + " is not a range inside " + subnetCidr);
    }
  }

  @Override
  public PortLease allocate(String portName, String hostName) {
    for (int attempt = 0; attempt < RACE_RETRIES; attempt++) {
      Optional<PortLease> existing = find(portName);
      if (existing.isPresent()) {
        return existing.get();
      }
      Set<Long> used = new HashSet<>();
      for (String ip : jdbc.sql("SELECT ip FROM network_port").query(String.class).list()) {
        used.add(toLong(ip));
      }
      long candidate = first;
      while (candidate <= last && used.contains(candidate)) {
        candidate++;
      }
      if (candidate > last) {
        throw new AddressPoolExhaustedException("ECP-IPAM-001 no free address left in " + toIp(first) + "-" + toIp(last));
      }
      try {
        return insert(portName, hostName, candidate);
      } catch (DuplicateKeyException raced) {
        // another node took this address or this name meanwhile: look again
      }
    }
    throw new IllegalStateException("ECP-IPAM-002 could not allocate " + portName + " after " + RACE_RETRIES + " races");
  }

  @Override
  public PortLease allocate(String portName, String hostName, String ip) {
    long address = toLong(ip);
    if (!inSubnet(address)) {
      throw new IllegalArgumentException("ECP-IPAM-003 " + ip + " is outside the network " + toIp(subnetBase));
    }
    Optional<PortLease> existing = find(portName);
    if (existing.isPresent()) {
      if (!existing.get().ip().equals(ip)) {
        throw new AddressInUseException("ECP-IPAM-004 port " + portName + " exists with address " + existing.get().ip());
      }
      return existing.get();
    }
    try {
      return insert(portName, hostName, address);
    } catch (DuplicateKeyException taken) {
      Optional<PortLease> now = find(portName);
      if (now.isPresent() && now.get().ip().equals(ip)) {
        return now.get();
      }
      throw new AddressInUseException("ECP-IPAM-005 address " + ip + " is held by another port", taken);
    }
  }

  private PortLease insert(String portName, String hostName, long address) {
    String ip = toIp(address);
    jdbc.sql("INSERT INTO network_port (name, ip, mac, host_name) VALUES (:n, :ip, :mac, :h)")
        .param("n", portName).param("ip", ip).param("mac", macOf(address)).param("h", hostName).update();
    return find(portName).orElseThrow();
  }

  @Override
  public PortLease bind(String portName, String hostName) {
    int n = jdbc.sql("UPDATE network_port SET host_name = :h WHERE name = :n").param("h", hostName)
        .param("n", portName).update();
    if (n == 0) {
      throw new PortNotFoundException("ECP-IPAM-006 no port named " + portName);
    }
    return find(portName).orElseThrow();
  }

  @Override
  public Optional<PortLease> find(String portName) {
    return jdbc.sql("SELECT id, name, ip, mac, host_name FROM network_port WHERE name = :n").param("n", portName)
        .query((rs, i) -> new PortLease(Long.toString(rs.getLong("id")), rs.getString("name"), rs.getString("ip"),
            rs.getString("mac"), rs.getString("host_name")))
        .optional();
  }

  @Override
  public boolean release(String portName) {
    return jdbc.sql("DELETE FROM network_port WHERE name = :n").param("n", portName).update() == 1;
  }

  @Override
  public List<PortLease> list() {
    return jdbc.sql("SELECT id, name, ip, mac, host_name FROM network_port ORDER BY id")
        .query((rs, i) -> new PortLease(Long.toString(rs.getLong("id")), rs.getString("name"), rs.getString("ip"),
            rs.getString("mac"), rs.getString("host_name")))
        .list();
  }

  private boolean inSubnet(long address) {
    return (address & subnetMask) == subnetBase;
  }

  /** {@code 10.211.1.5} → {@code 02:ec:0a:d3:01:05}. */
  static String macOf(long address) {
    return String.format(Locale.ROOT, "02:ec:%02x:%02x:%02x:%02x", (address >> 24) & 0xff, (address >> 16) & 0xff,
        (address >> 8) & 0xff, address & 0xff);
  }

  static long toLong(String ip) {
    String[] parts = ip.trim().split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException("ECP-IPAM-007 not an IPv4 address: " + ip);
    }
    long v = 0;
    for (String p : parts) {
      int b;
      try {
        b = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ECP-IPAM-007 not an IPv4 address: " + ip, e);
      }
      if (b < 0 || b > 255) {
        throw new IllegalArgumentException("ECP-IPAM-007 not an IPv4 address: " + ip);
      }
      v = (v << 8) | b;
    }
    return v;
  }

  static String toIp(long v) {
    return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
  }
}
