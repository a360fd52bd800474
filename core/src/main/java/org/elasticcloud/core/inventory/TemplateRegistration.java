package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/**
 * One registration of a group's template container, copied by every scale-out: a database grant
 * ({@code target} = server, {@code details} = schema and privileges), the VIP it joins, its
 * monitoring or its logging registration. {@code details} is a small JSON document.
 */
public record TemplateRegistration(Long id, Long groupId, RegistrationKind kind, String target, String details)
    implements InventoryItem<TemplateRegistration> {
  @Override
  public TemplateRegistration withId(Long newId) {
    return new TemplateRegistration(newId, groupId, kind, target, details);
  }

  @Override
  public void check(Checks checks) {
    checks.present("groupId", groupId).present("kind", kind).text("target", target, 255, true)
        .text("details", details, 4000, false);
  }

  @Override
  public List<Reference> references() {
    return List.of(new Reference("groupId", AppGroup.class, groupId));
  }
}
