package org.elasticcloud.core.port;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The load balancer holding the platform's VIPs (virtual IPs): a VIP is an address and port that
 * spreads requests over its members, the containers of one group, and sends nothing to a member
 * whose health check fails. A template container's VIP is copied to every container scaled out
 * from it; scale-in drains a member and then removes it.
 *
 * <p>Everything is named from the business key and can be repeated: {@link #ensureVip} with the
 * same spec changes nothing, {@link #addMember} of a member that is there keeps it, removals of
 * what is gone return false. The load balancer's desired state (VIPs and members) is the
 * adapter's to keep: after the load balancer restarted or reloaded, the adapter puts the members
 * back before it answers the next call.
 *
 * <p>Failures are typed: {@link VipNotFoundException}, {@link MemberConflictException} (a member
 * name already used for another address), {@link IllegalArgumentException} for a spec the load
 * balancer cannot hold (an address outside its range, an address and port used by another VIP),
 * and {@link LoadBalancerUnavailableException} when the load balancer does not answer or refuses
 * a change (a technical failure: retry). Adapter: HAProxy through its runtime API.
 */
public interface LoadBalancer {
  /**
   * Creates the VIP, or changes its address, port or health check to {@code spec}; the members
   * are kept. Returns once the VIP accepts connections.
   *
   * @throws IllegalArgumentException when the address is not one this load balancer can hold, or
   *     another VIP has the same address and port
   */
  void ensureVip(VipSpec spec);

  /** Every VIP of this load balancer, by name. */
  List<VipSpec> vips();

  /** Removes the VIP and its members (connections are cut); false when there was none. */
  boolean removeVip(String vipName);

  /**
   * Makes {@code memberName} at {@code ip:port} a member of the VIP, taking traffic as soon as its
   * health check passes (a new member is DOWN until its first check succeeds, so it never gets
   * requests it cannot answer). A member of that name with the same address is kept, and
   * enabled again if it was drained.
   *
   * @throws VipNotFoundException when there is no such VIP
   * @throws MemberConflictException when the VIP has a member of that name at another address
   */
  void addMember(String vipName, String memberName, String ip, int port);

  /**
   * Stops sending new connections to the member; those it serves go on (state
   * {@link MemberState#DRAIN}). False when the VIP has no such member.
   *
   * @throws VipNotFoundException when there is no such VIP
   */
  boolean drain(String vipName, String memberName);

  /**
   * Takes the member out of the VIP at once: drain, maintenance, its remaining connections cut,
   * then deleted. False when the VIP or the member does not exist (so a retry is harmless).
   */
  boolean removeMember(String vipName, String memberName);

  /**
   * The VIP's members as the load balancer sees them now, sorted by name.
   *
   * @throws VipNotFoundException when there is no such VIP
   */
  List<Member> members(String vipName);

  /** Names of VIPs and members: a letter or digit, then letters, digits, '.', '_', '-' (63 at most). */
  Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  /** A VIP: a name (from the business key), the address and TCP port it listens on, its members' health check. */
  record VipSpec(String name, String address, int port, HealthCheck healthCheck) {
    public VipSpec {
      requireName(name, "VIP name");
      requireIpv4(address, "VIP address");
      requirePort(port, "VIP port");
      Objects.requireNonNull(healthCheck, "healthCheck");
    }
  }

  /** An HTTP GET of {@code path} on every member every {@code interval}; only status 200 passes. */
  record HealthCheck(String path, Duration interval) {
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/?=&%+-]*");

    public HealthCheck {
      if (path == null || !PATH.matcher(path).matches()) {
        throw new IllegalArgumentException("health check path must start with '/' and hold no spaces or quotes: " + path);
      }
      if (interval == null || interval.toMillis() < 100 || interval.toMillis() > 3_600_000) {
        throw new IllegalArgumentException("health check interval must be 100 ms to 1 h: " + interval);
      }
    }
  }

  /** One member as the load balancer reports it. */
  record Member(String name, String ip, int port, MemberState state) {
  }

  /** What the load balancer does with a member now. */
  enum MemberState {
    /** Takes new connections (health check passing, or not yet failed often enough). */
    UP,
    /** Its health check fails: gets no connections. */
    DOWN,
    /** Drained on purpose: keeps its connections, gets no new ones. */
    DRAIN,
    /** In maintenance (on its way out): gets nothing. */
    MAINT
  }

  private static void requireName(String name, String what) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " must match " + NAME.pattern() + ": " + name);
    }
  }

  private static void requireIpv4(String ip, String what) {
    String[] parts = ip == null ? new String[0] : ip.split("\\.", -1);
    boolean ok = parts.length == 4;
    for (int i = 0; ok && i < 4; i++) {
      ok = parts[i].matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(parts[i]) <= 255;
    }
    if (!ok) {
      throw new IllegalArgumentException(what + " must be an IPv4 address: " + ip);
    }
  }

  private static void requirePort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " must be 1-65535: " + port);
    }
  }
}
