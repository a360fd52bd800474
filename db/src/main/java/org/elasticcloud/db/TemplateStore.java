package org.elasticcloud.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.core.config.ConfigSet;
import org.elasticcloud.core.inventory.RegistrationKind;
import org.elasticcloud.core.template.TemplateDefinition;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A group's template and its registrations. Writes are meant to run inside the caller's
 * transaction (a process job): the registrations are replaced as a whole.
 */
public class TemplateStore {
  /** PENDING: recorded, waiting for an operator; REGISTERED: confirmed, copied by scale-outs; DISCARDED. */
  public enum State { PENDING, REGISTERED, DISCARDED }

  /** A stored template. */
  public record Template(long groupId, TemplateDefinition definition, State state, String processInstanceId,
      String registeredBy, String confirmedBy) {
  }

  private final JdbcClient jdbc;

  public TemplateStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the definition as PENDING (again, if it was there): idempotent for the same process. */
  public void recordPending(long groupId, TemplateDefinition d, String processInstanceId, String user) {
    int updated = jdbc.sql("UPDATE group_template SET container_name = :n, container_ip = :ip, state = :s, definition = :d,"
        + " process_instance_id = :p, registered_by = :u, confirmed_by = NULL, updated_at = CURRENT_TIMESTAMP"
        + " WHERE group_id = :g")
        .param("n", d.containerName()).param("ip", d.containerIp()).param("s", State.PENDING.name())
        .param("d", d.toText()).param("p", processInstanceId).param("u", user).param("g", groupId).update();
    if (updated == 0) {
      jdbc.sql("INSERT INTO group_template (group_id, container_name, container_ip, state, definition, process_instance_id,"
          + " registered_by) VALUES (:g, :n, :ip, :s, :d, :p, :u)")
          .param("g", groupId).param("n", d.containerName()).param("ip", d.containerIp())
          .param("s", State.PENDING.name()).param("d", d.toText()).param("p", processInstanceId).param("u", user)
          .update();
    }
  }

  /** Confirms the pending template and makes its registrations the group's. */
  public void confirm(long groupId, String operator) {
    Template t = find(groupId).orElseThrow(() -> new IllegalStateException("ECP-TPL-001 no template for group " + groupId));
    jdbc.sql("DELETE FROM template_registration WHERE group_id = :g").param("g", groupId).update();
    TemplateDefinition d = t.definition();
    for (TemplateDefinition.Grant g : d.grants()) {
      insert(groupId, RegistrationKind.DB_GRANT, g.server(), Map.of("schema", g.schema(), "user", g.user(),
          "privileges", g.privileges()));
    }
    if (d.vip() != null) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("address", d.vip().address());
      details.put("port", String.valueOf(d.vip().port()));
      details.put("memberPort", String.valueOf(d.vip().memberPort()));
      if (d.vip().healthPath() != null) {
        details.put("healthPath", d.vip().healthPath());
      }
      insert(groupId, RegistrationKind.VIP, d.vip().name(), details);
    }
    if (d.monitoring() != null) {
      insert(groupId, RegistrationKind.MONITORING, "monitoring", Map.of("metrics", String.join(",", d.monitoring().metrics())));
    }
    if (d.logging() != null) {
      insert(groupId, RegistrationKind.LOGGING, "logging", Map.of("paths", String.join(",", d.logging().paths()),
          "retentionDays", String.valueOf(d.logging().retentionDays())));
    }
    setState(groupId, State.REGISTERED, operator);
  }

  public void discard(long groupId, String operator) {
    setState(groupId, State.DISCARDED, operator);
  }

  private void setState(long groupId, State state, String operator) {
    jdbc.sql("UPDATE group_template SET state = :s, confirmed_by = :u, updated_at = CURRENT_TIMESTAMP WHERE group_id = :g")
        .param("s", state.name()).param("u", operator).param("g", groupId).update();
  }

  private void insert(long groupId, RegistrationKind kind, String target, Map<String, String> details) {
    jdbc.sql("INSERT INTO template_registration (group_id, kind, target, details) VALUES (:g, :k, :t, :d)")
        .param("g", groupId).param("k", kind.name()).param("t", target).param("d", ConfigSet.render(details)).update();
  }

  public Optional<Template> find(long groupId) {
    return jdbc.sql("SELECT * FROM group_template WHERE group_id = :g").param("g", groupId).query(TEMPLATE).optional();
  }

  /** Every group's template, whatever its state, by group id. */
  public List<Template> all() {
    return jdbc.sql("SELECT * FROM group_template ORDER BY group_id").query(TEMPLATE).list();
  }

  private static final RowMapper<Template> TEMPLATE = (rs, i) -> new Template(rs.getLong("group_id"),
      TemplateDefinition.fromText(rs.getString("definition")), State.valueOf(rs.getString("state")),
      rs.getString("process_instance_id"), rs.getString("registered_by"), rs.getString("confirmed_by"));
}
