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

/** The group's template registrations, read as the ports want them (also by reconciliation). */
public final class Registrations {
  private Registrations() {
  }

  static List<GrantSpec> grants(Inventory inventory, long groupId) {
    return inventory.registrations.findBy("groupId", groupId).stream()
        .filter(r -> r.kind() == RegistrationKind.DB_GRANT)
        .map(Registrations::grant).toList();
  }

  /** A DB_GRANT registration as the spec the grants port takes (no credential). */
  public static GrantSpec grant(TemplateRegistration r) {
    Map<String, String> d = ConfigSet.parse(r.details() == null ? "" : r.details());
    return new GrantSpec(r.target(), d.get("schema"), d.get("user"), GrantSpec.parsePrivileges(d.get("privileges")),
        null);
  }

  /** A comma-separated detail of a registration ({@code metrics}, {@code paths}) as a list; empty when blank. */
  public static List<String> listDetail(TemplateRegistration r, String key) {
    String v = ConfigSet.parse(r.details() == null ? "" : r.details()).get(key);
    return v == null || v.isBlank() ? List.of() : List.of(v.split(","));
  }

  /** The metrics the template registered for monitoring (empty: none registered). */
  static List<String> metrics(Inventory inventory, long groupId) {
    return detail(inventory, groupId, RegistrationKind.MONITORING, "metrics");
  }

  /** The log paths the template registered (empty: none registered). */
  static List<String> logPaths(Inventory inventory, long groupId) {
    return detail(inventory, groupId, RegistrationKind.LOGGING, "paths");
  }

  static int logRetentionDays(Inventory inventory, long groupId) {
    List<String> days = detail(inventory, groupId, RegistrationKind.LOGGING, "retentionDays");
    return days.isEmpty() ? 0 : Integer.parseInt(days.get(0));
  }

  private static List<String> detail(Inventory inventory, long groupId, RegistrationKind kind, String key) {
    return inventory.registrations.findBy("groupId", groupId).stream().filter(r -> r.kind() == kind).findFirst()
        .map(r -> ConfigSet.parse(r.details() == null ? "" : r.details()).get(key))
        .filter(v -> !v.isBlank()).map(v -> List.of(v.split(","))).orElse(List.of());
  }

  /** The VIP and the port its members answer on. */
  public record Vip(LoadBalancer.VipSpec spec, int memberPort) {
  }

  /** The group's VIP registration, if it has one. */
  public static Optional<Vip> vip(Inventory inventory, long groupId) {
    return inventory.registrations.findBy("groupId", groupId).stream()
        .filter(r -> r.kind() == RegistrationKind.VIP).findFirst().map(Registrations::vip);
  }

  /** A VIP registration as the VIP spec and the members' port. */
  public static Vip vip(TemplateRegistration r) {
    Map<String, String> d = ConfigSet.parse(r.details() == null ? "" : r.details());
    String path = d.getOrDefault("healthPath", "/health");
    return new Vip(new LoadBalancer.VipSpec(r.target(), d.get("address"), Integer.parseInt(d.get("port")),
        new LoadBalancer.HealthCheck(path, Duration.ofSeconds(1))), Integer.parseInt(d.get("memberPort")));
  }
}
