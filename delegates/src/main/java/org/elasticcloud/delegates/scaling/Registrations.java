package org.elasticcloud.delegates.scaling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.core.config.ConfigSet;
import org.elasticcloud.core.inventory.RegistrationKind;
import org.elasticcloud.core.inventory.TemplateRegistration;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.db.Inventory;

/** The group's template registrations, read as the ports want them. */
final class Registrations {
  private Registrations() {
  }

  static List<GrantSpec> grants(Inventory inventory, long groupId) {
    return inventory.registrations.findBy("groupId", groupId).stream()
        .filter(r -> r.kind() == RegistrationKind.DB_GRANT)
        .map(r -> {
          Map<String, String> d = ConfigSet.parse(r.details() == null ? "" : r.details());
          return new GrantSpec(r.target(), d.get("schema"), d.get("user"), GrantSpec.parsePrivileges(d.get("privileges")),
              null);
        }).toList();
  }

  /** The VIP and the port its members answer on. */
  record Vip(LoadBalancer.VipSpec spec, int memberPort) {
  }

  static Optional<Vip> vip(Inventory inventory, long groupId) {
    return inventory.registrations.findBy("groupId", groupId).stream()
        .filter(r -> r.kind() == RegistrationKind.VIP).findFirst().map(Registrations::vip);
  }

  private static Vip vip(TemplateRegistration r) {
    Map<String, String> d = ConfigSet.parse(r.details() == null ? "" : r.details());
    String path = d.getOrDefault("healthPath", "/health");
    return new Vip(new LoadBalancer.VipSpec(r.target(), d.get("address"), Integer.parseInt(d.get("port")),
        new LoadBalancer.HealthCheck(path, Duration.ofSeconds(1))), Integer.parseInt(d.get("memberPort")));
  }
}
