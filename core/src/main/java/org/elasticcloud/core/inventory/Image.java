package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/** An image in the image center: an OS layer, a base layer on it, or an application layer on a base. */
public record Image(Long id, String repository, String tag, ImageLayer layer, Long parentId)
    implements InventoryItem<Image> {
  @Override
  public Image withId(Long newId) {
    return new Image(newId, repository, tag, layer, parentId);
  }

  @Override
  public void check(Checks checks) {
    checks.text("repository", repository, 200, true).name("tag", tag).present("layer", layer);
    checks.isTrue(layer != ImageLayer.OS || parentId == null, "parentId", "an OS image has no parent");
    checks.isTrue(layer == null || layer == ImageLayer.OS || parentId != null, "parentId",
        "a " + layer + " image needs a parent image");
  }

  @Override
  public List<Reference> references() {
    return parentId == null ? List.of() : List.of(new Reference("parentId", Image.class, parentId));
  }
}
