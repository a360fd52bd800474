package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.db.Inventory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's containers as it records them (read only: processes make and change them): where
 * each runs, its IP and MAC, its volumes, state and generation. Filter by group and by host.
 */
@RestController
@Tag(name = "Containers")
public class ContainerController {
  private final Inventory inventory;

  public ContainerController(Inventory inventory) {
    this.inventory = inventory;
  }

  @GetMapping("/api/containers")
  @Operation(summary = "Containers in id order, optionally of one group and/or on one host "
      + "(afterId and limit walk through the rest)")
  public List<Container> list(@RequestParam(required = false) Long groupId, @RequestParam(required = false) Long hostId,
      @RequestParam(defaultValue = "0") long afterId, @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > InventoryController.MAX_PAGE) {
      throw new ValidationException("limit", "must be between 1 and " + InventoryController.MAX_PAGE);
    }
    if (groupId == null && hostId == null) {
      return inventory.containers.page(afterId, limit);
    }
    List<Container> of = groupId != null ? inventory.containers.findBy("groupId", groupId)
        : inventory.containers.findBy("hostId", hostId);
    return of.stream().filter(c -> hostId == null || hostId.equals(c.hostId())).filter(c -> c.id() > afterId)
        .sorted(Comparator.comparing(Container::id)).limit(limit).toList();
  }

  @GetMapping("/api/containers/{name}")
  @Operation(summary = "One container by its name")
  public Container get(@PathVariable String name) {
    return inventory.containers.findOneBy("name", name).orElseThrow(() -> new NotFoundException("container", name));
  }
}
