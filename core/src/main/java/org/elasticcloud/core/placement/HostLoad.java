package org.elasticcloud.core.placement;

import java.util.List;
import java.util.Objects;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;

/**
 * A host as placement sees it: the inventory's {@link Host} (id, switch, capacity, state) and the
 * containers that occupy it now, of every group. Its free capacity is its capacity minus what
 * those containers' specs use; it may be negative when the host is over-committed.
 */
public record HostLoad(Host host, List<PlacedContainer> containers) {
  public HostLoad {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(host.id(), "host.id");
    Objects.requireNonNull(host.switchId(), () -> "host " + host.id() + ": switchId must be given");
    Resources.capacityOf(host); // cores, memory and disk must be given
    containers = List.copyOf(Objects.requireNonNull(containers, "containers"));
  }

  public long hostId() {
    return host.id();
  }

  public long switchId() {
    return host.switchId();
  }

  /** The host's name, or {@code host-<id>} when it has none. */
  public String name() {
    return host.name() == null ? "host-" + host.id() : host.name();
  }

  /** The state, {@code null} when unknown (which placement treats as not READY). */
  public HostState state() {
    return host.state();
  }

  public boolean isReady() {
    return host.state() != null && host.state().acceptsContainers();
  }

  public Resources capacity() {
    return Resources.capacityOf(host);
  }

  /** What the listed containers use in all. */
  public Resources used() {
    Resources sum = Resources.ZERO;
    for (PlacedContainer c : containers) {
      sum = sum.plus(c.resources());
    }
    return sum;
  }

  /** Capacity minus use; negative components mean over-commitment. */
  public Resources free() {
    return capacity().minus(used());
  }

  /** How many of the listed containers belong to {@code groupId}. */
  public int groupCount(long groupId) {
    int n = 0;
    for (PlacedContainer c : containers) {
      if (c.groupId() == groupId) {
        n++;
      }
    }
    return n;
  }
}
