package org.elasticcloud.webapp.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.db.Inventory;

/**
 * A host's datacenter (host → switch → datacenter in the inventory), by the host's name, kept for
 * a short while: every report asks, and hosts rarely move. Unknown hosts have none (null).
 */
public class DatacenterLookup {
  private record Entry(String datacenter, Instant until) {
  }

  private final Inventory inventory;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public DatacenterLookup(Inventory inventory, Duration ttl, Clock clock) {
    this.inventory = inventory;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The datacenter's name of the host named {@code hostName}, or null. */
  public String datacenterOf(String hostName) {
    Instant now = clock.instant();
    Entry e = cache.get(hostName);
    if (e == null || !now.isBefore(e.until())) {
      e = new Entry(read(hostName), now.plus(ttl));
      if (cache.size() > 10_000) {
        cache.clear(); // names that are no hosts must not grow it without bound
      }
      cache.put(hostName, e);
    }
    return e.datacenter();
  }

  private String read(String hostName) {
    return inventory.hosts.findOneBy("name", hostName)
        .map(Host::switchId).flatMap(inventory.switches::find)
        .map(NetworkSwitch::datacenterId).flatMap(inventory.datacenters::find)
        .map(Datacenter::name).orElse(null);
  }
}
