package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/** What one application may use in all; a scale-out beyond it waits for the owner's approval. */
public record Quota(Long id, Long applicationId, Integer maxInstances, Integer maxCores, Long maxMemoryMb,
    Long maxDiskGb) implements InventoryItem<Quota> {
  @Override
  public Quota withId(Long newId) {
    return new Quota(newId, applicationId, maxInstances, maxCores, maxMemoryMb, maxDiskGb);
  }

  @Override
  public void check(Checks checks) {
    checks.present("applicationId", applicationId)
        .range("maxInstances", maxInstances, 0, Integer.MAX_VALUE)
        .range("maxCores", maxCores, 0, Integer.MAX_VALUE)
        .range("maxMemoryMb", maxMemoryMb, 0, Long.MAX_VALUE)
        .range("maxDiskGb", maxDiskGb, 0, Long.MAX_VALUE);
  }

  @Override
  public List<Reference> references() {
    return List.of(new Reference("applicationId", Application.class, applicationId));
  }
}
