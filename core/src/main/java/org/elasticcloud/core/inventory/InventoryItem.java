package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/**
 * An item of the inventory with a generated id, field rules and references to other items.
 *
 * @param <T> the item's own type, so {@link #withId(Long)} keeps it
 */
public interface InventoryItem<T extends InventoryItem<T>> {
  Long id();

  T withId(Long id);

  /** Records every broken field rule in {@code checks}; references are checked apart. */
  void check(Checks checks);

  /** The other items this one points to; each must exist. */
  default List<Reference> references() {
    return List.of();
  }

  /** Throws a {@code ValidationException} naming every field that breaks a rule. */
  default void validate() {
    Checks checks = new Checks();
    check(checks);
    checks.throwIfAny();
  }
}
