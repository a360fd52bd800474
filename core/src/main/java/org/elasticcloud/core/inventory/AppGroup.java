package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/**
 * A group: one deployment unit of an application in an environment (App {@code cap}, Env
 * {@code production}, Group {@code v2}), sized by one spec, kept between a minimum and a maximum
 * number of instances. Its name is unique within its application and environment.
 */
public record AppGroup(Long id, Long applicationId, Long environmentId, String name, Long specId,
    Integer minInstances, Integer maxInstances) implements InventoryItem<AppGroup> {
  /** No group grows past this, whatever its own maximum says. */
  public static final int HARD_MAX_INSTANCES = 1000;

  @Override
  public AppGroup withId(Long newId) {
    return new AppGroup(newId, applicationId, environmentId, name, specId, minInstances, maxInstances);
  }

  @Override
  public void check(Checks checks) {
    checks.present("applicationId", applicationId)
        .present("environmentId", environmentId)
        .name("name", name)
        .present("specId", specId)
        .range("minInstances", minInstances, 0, HARD_MAX_INSTANCES)
        .range("maxInstances", maxInstances, 1, HARD_MAX_INSTANCES);
    if (minInstances != null && maxInstances != null) {
      checks.isTrue(minInstances <= maxInstances, "maxInstances", "must not be less than minInstances");
    }
  }

  @Override
  public List<Reference> references() {
    return List.of(
        new Reference("applicationId", Application.class, applicationId),
        new Reference("environmentId", Environment.class, environmentId),
        new Reference("specId", Spec.class, specId));
  }
}
