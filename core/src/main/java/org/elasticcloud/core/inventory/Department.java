package org.elasticcloud.core.inventory;

import org.elasticcloud.core.validation.Checks;

/** A department of the organisation; owners belong to one, reports roll up to it. */
public record Department(Long id, String name) implements InventoryItem<Department> {
  @Override
  public Department withId(Long newId) {
    return new Department(newId, name);
  }

  @Override
  public void check(Checks checks) {
    checks.name("name", name);
  }
}
