package org.elasticcloud.delegates.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.RegistrationKind;
import org.elasticcloud.core.inventory.TemplateRegistration;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.reconcile.InventoryView;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.delegates.scaling.Registrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the inventory as reconciliation sees it: hosts, groups with their registrations and
 * template, containers with their host's name. A registration that cannot be read is left out
 * with a warning (its group is then judged as if it had none) rather than stopping every run.
 */
@Component
public class InventoryViews {
  private static final Logger LOG = LoggerFactory.getLogger(InventoryViews.class);
  private final Inventory inventory;
  private final TemplateStore templates;

  public InventoryViews(Inventory inventory, TemplateStore templates) {
    this.inventory = inventory;
    this.templates = templates;
  }

  public InventoryView read() {
    Map<Long, String> hostNames = new HashMap<>();
    List<InventoryView.HostRef> hosts = new ArrayList<>();
    for (Host h : inventory.hosts.findAll()) {
      hostNames.put(h.id(), h.name());
      hosts.add(new InventoryView.HostRef(h.name(), h.engineEndpoint()));
    }
    Map<Long, String> applications = new HashMap<>();
    inventory.applications.findAll().forEach((Application a) -> applications.put(a.id(), a.name()));
    Map<Long, String> environments = new HashMap<>();
    inventory.environments.findAll().forEach((Environment e) -> environments.put(e.id(), e.name()));
    Map<Long, List<TemplateRegistration>> registrations = new HashMap<>();
    inventory.registrations.findAll().forEach(r -> registrations.computeIfAbsent(r.groupId(), k -> new ArrayList<>()).add(r));
    Map<Long, TemplateStore.Template> templateOf = new HashMap<>();
    templates.all().forEach(t -> templateOf.put(t.groupId(), t));

    List<InventoryView.GroupRef> groups = new ArrayList<>();
    for (AppGroup g : inventory.groups.findAll()) {
      List<GrantSpec> grants = new ArrayList<>();
      InventoryView.VipRef vip = null;
      List<String> metrics = List.of();
      for (TemplateRegistration r : registrations.getOrDefault(g.id(), List.of())) {
        try {
          if (r.kind() == RegistrationKind.DB_GRANT) {
            grants.add(Registrations.grant(r));
          } else if (r.kind() == RegistrationKind.VIP) {
            Registrations.Vip v = Registrations.vip(r);
            vip = new InventoryView.VipRef(v.spec().name(), v.memberPort());
          } else if (r.kind() == RegistrationKind.MONITORING) {
            metrics = Registrations.listDetail(r, "metrics");
          }
        } catch (RuntimeException unreadable) {
          LOG.warn("ECP-RECON-006 registration {} of group {} cannot be read, left out of reconciliation: {}", r.id(),
              g.id(), unreadable.toString());
        }
      }
      TemplateStore.Template t = templateOf.get(g.id());
      TemplateDefinition d = t == null ? null : t.definition();
      List<GrantSpec> templateGrants = d == null ? List.of() : d.grants().stream().map(TemplateDefinition.Grant::spec).toList();
      groups.add(new InventoryView.GroupRef(g.id(), applications.get(g.applicationId()),
          environments.get(g.environmentId()), g.name(), grants, vip, metrics, d == null ? null : d.containerName(),
          d == null ? null : d.containerIp(), templateGrants));
    }
    List<InventoryView.Recorded> containers = new ArrayList<>();
    for (Container c : inventory.containers.findAll()) {
      containers.add(new InventoryView.Recorded(c.name(), c.groupId(), c.hostId() == null ? null : hostNames.get(c.hostId()),
          c.ip(), c.mac(), c.dataVolume(), c.logVolume(), c.state(), c.generation() == null ? 0 : c.generation()));
    }
    return new InventoryView(environments.values(), applications.values(), hosts, groups, containers);
  }
}
