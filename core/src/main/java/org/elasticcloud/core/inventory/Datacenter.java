package org.elasticcloud.core.inventory;

import org.elasticcloud.core.validation.Checks;

/** A site (IDC); holds switches. */
public record Datacenter(Long id, String name, String location) implements InventoryItem<Datacenter> {
  @Override
  public Datacenter withId(Long newId) {
    return new Datacenter(newId, name, location);
  }

  @Override
  public void check(Checks checks) {
    checks.name("name", name).text("location", location, 200, false);
  }
}
