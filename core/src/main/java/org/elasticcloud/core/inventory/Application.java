package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/**
 * A service, owned by one person. {@code priority} (0-100, higher first) orders migrations when a
 * host fails.
 */
public record Application(Long id, String name, Long ownerId, Integer priority)
    implements InventoryItem<Application> {
  public static final int DEFAULT_PRIORITY = 50;

  public Application {
    priority = priority == null ? DEFAULT_PRIORITY : priority;
  }

  @Override
  public Application withId(Long newId) {
    return new Application(newId, name, ownerId, priority);
  }

  @Override
  public void check(Checks checks) {
    checks.name("name", name).present("ownerId", ownerId).range("priority", priority, 0, 100);
  }

  @Override
  public List<Reference> references() {
    return List.of(new Reference("ownerId", Owner.class, ownerId));
  }
}
