package org.elasticcloud.core.inventory;

import org.elasticcloud.core.validation.Checks;

/** Production, staging, test… The schema creates those three. */
public record Environment(Long id, String name) implements InventoryItem<Environment> {
  @Override
  public Environment withId(Long newId) {
    return new Environment(newId, name);
  }

  @Override
  public void check(Checks checks) {
    checks.name("name", name);
  }
}
