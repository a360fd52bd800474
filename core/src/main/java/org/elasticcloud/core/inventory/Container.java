package org.elasticcloud.core.inventory;

import java.util.List;
import org.elasticcloud.core.validation.Checks;

/**
 * One instance of a group on one host, with its own IP and MAC (from the network authority, never
 * from the engine), a data volume and a log volume. {@code generation} grows on every move so that
 * a stale copy on a host that returns can be told apart.
 */
public record Container(Long id, Long groupId, Long hostId, String name, String ip, String mac,
    String dataVolume, String logVolume, ContainerState state, Integer generation)
    implements InventoryItem<Container> {

  @Override
  public Container withId(Long newId) {
    return new Container(newId, groupId, hostId, name, ip, mac, dataVolume, logVolume, state, generation);
  }

  @Override
  public void check(Checks checks) {
    checks.present("groupId", groupId).name("name", name).present("state", state)
        .range("generation", generation, 0, Integer.MAX_VALUE);
  }

  @Override
  public List<Reference> references() {
    return hostId == null
        ? List.of(new Reference("groupId", AppGroup.class, groupId))
        : List.of(new Reference("groupId", AppGroup.class, groupId), new Reference("hostId", Host.class, hostId));
  }
}
