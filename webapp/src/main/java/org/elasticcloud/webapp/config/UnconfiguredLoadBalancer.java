package org.elasticcloud.webapp.config;

import java.util.List;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.LoadBalancerUnavailableException;

/**
 * The load balancer when none is configured: every call fails with a clear message, so a step that
 * needs a VIP becomes an incident that says what to configure. Groups without a VIP never call it.
 */
final class UnconfiguredLoadBalancer implements LoadBalancer {
  private static LoadBalancerUnavailableException missing() {
    return new LoadBalancerUnavailableException("ECP-VIP-900 no load balancer is configured: set ecloud.vip.socket, "
        + "ecloud.vip.definitions and ecloud.vip.reload-command (ECLOUD_VIP_SOCKET, ECLOUD_VIP_DEFINITIONS, ECLOUD_VIP_RELOAD)");
  }

  @Override
  public void ensureVip(VipSpec spec) {
    throw missing();
  }

  @Override
  public List<VipSpec> vips() {
    throw missing();
  }

  @Override
  public boolean removeVip(String vipName) {
    throw missing();
  }

  @Override
  public void addMember(String vipName, String memberName, String ip, int port) {
    throw missing();
  }

  @Override
  public boolean drain(String vipName, String memberName) {
    throw missing();
  }

  @Override
  public boolean removeMember(String vipName, String memberName) {
    throw missing();
  }

  @Override
  public List<Member> members(String vipName) {
    throw missing();
  }
}
