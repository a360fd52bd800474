package org.elasticcloud.core.inventory;

import java.util.Locale;
import org.elasticcloud.core.validation.Checks;

/** The rules every item obeys before it is stored: its field rules, and references that resolve. */
public final class InventoryRules {
  private InventoryRules() {
  }

  /** Answers whether an item of a type exists; the inventory's store implements it. */
  @FunctionalInterface
  public interface ReferenceLookup {
    boolean exists(Class<?> type, long id);
  }

  /**
   * Checks the item's fields and, when those hold, that every reference points to an existing
   * item; throws a {@code ValidationException} naming every field at fault.
   */
  public static void validate(InventoryItem<?> item, ReferenceLookup lookup) {
    Checks checks = new Checks();
    item.check(checks);
    for (Reference ref : item.references()) {
      if (ref.id() != null && !lookup.exists(ref.type(), ref.id())) {
        checks.add(ref.field(), "refers to no existing " + describe(ref.type()) + " (id " + ref.id() + ")");
      }
    }
    checks.throwIfAny();
  }

  /** {@code NetworkSwitch} → {@code network switch}. */
  static String describe(Class<?> type) {
    String simple = type.getSimpleName();
    if (simple.equals("AppGroup")) {
      return "group";
    }
    return simple.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }
}
