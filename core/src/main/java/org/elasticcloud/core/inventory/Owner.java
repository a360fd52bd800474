package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/** A person who owns applications; alerts and approvals go to them. */
public record Owner(Long id, String name, String email, Long departmentId) implements InventoryItem<Owner> {
  @Override
  public Owner withId(Long newId) {
    return new Owner(newId, name, email, departmentId);
  }

  @Override
  public void check(Checks checks) {
    checks.name("name", name).email("email", email).present("departmentId", departmentId);
  }

  @Override
  public List<Reference> references() {
    return List.of(new Reference("departmentId", Department.class, departmentId));
  }
}
