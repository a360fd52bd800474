package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/** A switch (a rack) in a datacenter; holds hosts. Its name is unique within its datacenter. */
public record NetworkSwitch(Long id, Long datacenterId, String name) implements InventoryItem<NetworkSwitch> {
  @Override
  public NetworkSwitch withId(Long newId) {
    return new NetworkSwitch(newId, datacenterId, name);
  }

  @Override
  public void check(Checks checks) {
    checks.present("datacenterId", datacenterId).name("name", name);
  }

  @Override
  public List<Reference> references() {
    return List.of(new Reference("datacenterId", Datacenter.class, datacenterId));
  }
}
