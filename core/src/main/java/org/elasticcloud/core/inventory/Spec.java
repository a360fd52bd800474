package org.elasticcloud.core.inventory;

import org.elasticcloud.core.validation.Checks;

/** A container size: cores, memory and disk. */
public record Spec(Long id, String name, Integer cores, Long memoryMb, Long diskGb) implements InventoryItem<Spec> {
  @Override
  public Spec withId(Long newId) {
    return new Spec(newId, name, cores, memoryMb, diskGb);
  }

  @Override
  public void check(Checks checks) {
    checks.name("name", name)
        .range("cores", cores, 1, 256)
        .range("memoryMb", memoryMb, 16, 4L * 1024 * 1024)
        .range("diskGb", diskGb, 1, 64L * 1024);
  }
}
