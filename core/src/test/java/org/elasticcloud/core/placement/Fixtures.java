package org.elasticcloud.core.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;

/** Small builders for hosts and their loads; every host is named {@code h<id>}. */
final class Fixtures {
  /** The group under test. */
  static final long G = 42;
  /** Some other group whose containers only take room. */
  static final long OTHER = 7;
  /** 2 cores, 8 GB, 50 GB: 4096 MB per core. */
  static final Resources SPEC = new Resources(2, 8192, 50);

  private Fixtures() {
  }

  /** A READY host of 32 cores, 128 GB (4096 MB per core, like {@link #SPEC}) and 2000 GB. */
  static Host host(long id, long switchId) {
    return host(id, switchId, 32, 131072, 2000);
  }

  static Host host(long id, long switchId, int cores, long memoryMb, long diskGb) {
    return host(id, switchId, cores, memoryMb, diskGb, HostState.READY);
  }

  static Host host(long id, long switchId, int cores, long memoryMb, long diskGb, HostState state) {
    return new Host(id, switchId, "h" + id, cores, memoryMb, diskGb, "tcp://h" + id + ":2375", state);
  }

  static HostLoad load(Host host, PlacedContainer... containers) {
    return new HostLoad(host, Arrays.asList(containers));
  }

  /** A READY default host on {@code switchId} holding {@code groupContainers} of group G (ids from {@code firstId}). */
  static HostLoad withGroup(long id, long switchId, int groupContainers, long firstId) {
    List<PlacedContainer> cs = new ArrayList<>();
    for (int i = 0; i < groupContainers; i++) {
      cs.add(mine(firstId + i));
    }
    return new HostLoad(host(id, switchId), cs);
  }

  /** A container of group G using {@link #SPEC}. */
  static PlacedContainer mine(long containerId) {
    return new PlacedContainer(containerId, G, SPEC);
  }

  /** A container of another group using {@code used}. */
  static PlacedContainer other(long containerId, Resources used) {
    return new PlacedContainer(containerId, OTHER, used);
  }

  /** The same hosts, shuffled, each host's containers shuffled too. */
  static List<HostLoad> shuffled(List<HostLoad> hosts, Random random) {
    List<HostLoad> out = new ArrayList<>();
    for (HostLoad h : hosts) {
      List<PlacedContainer> cs = new ArrayList<>(h.containers());
      Collections.shuffle(cs, random);
      out.add(new HostLoad(h.host(), cs));
    }
    Collections.shuffle(out, random);
    return out;
  }
}
