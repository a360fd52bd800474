package org.elasticcloud.core.reconcile;

import java.util.function.Predicate;
import org.elasticcloud.core.port.GrantSpec;

/**
 * An IPv4 network in CIDR notation ({@code 10.211.0.0/20}): the containers' network, whose
 * addresses only the platform hands out. Database accounts on other addresses are never the
 * platform's.
 */
public record Subnet(long base, int prefix) implements Predicate<String> {
  public Subnet {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix must be 0-32: " + prefix);
    }
    base = base & mask(prefix);
  }

  public static Subnet parse(String cidr) {
    String[] parts = cidr == null ? new String[0] : cidr.trim().split("/", -1);
    if (parts.length != 2 || !GrantSpec.isPlainIpv4(parts[0]) && !parts[0].equals("0.0.0.0")
        || !parts[1].matches("[0-9]{1,2}")) {
      throw new IllegalArgumentException("not an IPv4 network like 10.211.0.0/20: " + cidr);
    }
    return new Subnet(toLong(parts[0]), Integer.parseInt(parts[1]));
  }

  /** True for a plain IPv4 address inside this network. */
  @Override
  public boolean test(String ip) {
    return GrantSpec.isPlainIpv4(ip) && (toLong(ip) & mask(prefix)) == base;
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  private static long toLong(String ip) {
    long v = 0;
    for (String p : ip.split("\\.")) {
      v = (v << 8) | Integer.parseInt(p);
    }
    return v;
  }

  @Override
  public String toString() {
    return ((base >> 24) & 0xff) + "." + ((base >> 16) & 0xff) + "." + ((base >> 8) & 0xff) + "." + (base & 0xff) + "/"
        + prefix;
  }
}
