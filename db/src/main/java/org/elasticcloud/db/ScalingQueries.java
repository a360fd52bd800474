package org.elasticcloud.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.placement.HostLoad;
import org.elasticcloud.core.placement.PlacedContainer;
import org.elasticcloud.core.placement.Resources;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What scaling decisions read from the inventory: hosts with their load, group and application sizes. */
public class ScalingQueries {
  private static final RecordRowMapper<Host> HOST_ROW = new RecordRowMapper<>(Host.class);
  private final JdbcClient jdbc;

  public ScalingQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every host of the datacenter with the containers on it (any group) and what they use. */
  public List<HostLoad> hostLoads(long datacenterId) {
    List<Host> hosts = jdbc.sql("SELECT h.* FROM host h JOIN network_switch s ON s.id = h.switch_id "
        + "WHERE s.datacenter_id = :dc ORDER BY h.id").param("dc", datacenterId)
        .query(HOST_ROW).list();
    Map<Long, List<PlacedContainer>> placed = new LinkedHashMap<>();
    jdbc.sql("SELECT c.id, c.group_id, c.host_id, sp.cores, sp.memory_mb, sp.disk_gb FROM container c "
        + "JOIN app_group g ON g.id = c.group_id JOIN spec sp ON sp.id = g.spec_id "
        + "JOIN host h ON h.id = c.host_id JOIN network_switch s ON s.id = h.switch_id WHERE s.datacenter_id = :dc")
        .param("dc", datacenterId)
        .query(rs -> {
          placed.computeIfAbsent(rs.getLong("host_id"), k -> new ArrayList<>()).add(new PlacedContainer(
              rs.getLong("id"), rs.getLong("group_id"),
              new Resources(rs.getInt("cores"), rs.getLong("memory_mb"), rs.getLong("disk_gb"))));
        });
    List<HostLoad> loads = new ArrayList<>();
    for (Host h : hosts) {
      loads.add(new HostLoad(h, placed.getOrDefault(h.id(), List.of())));
    }
    return loads;
  }

  public int groupSize(long groupId) {
    return jdbc.sql("SELECT COUNT(*) FROM container WHERE group_id = :g").param("g", groupId).query(Integer.class).single();
  }

  public int applicationSize(long applicationId) {
    return jdbc.sql("SELECT COUNT(*) FROM container c JOIN app_group g ON g.id = c.group_id WHERE g.application_id = :a")
        .param("a", applicationId).query(Integer.class).single();
  }

  /** The ordinals the group's container names end with ({@code cap-production-v2-7} → 7). */
  public List<Integer> ordinals(long groupId) {
    List<Integer> out = new ArrayList<>();
    for (String name : jdbc.sql("SELECT name FROM container WHERE group_id = :g").param("g", groupId)
        .query(String.class).list()) {
      String tail = name.substring(name.lastIndexOf('-') + 1);
      if (tail.matches("\\d{1,6}")) {
        out.add(Integer.parseInt(tail));
      }
    }
    return out;
  }
}
