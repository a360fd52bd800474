package org.elasticcloud.core.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.elasticcloud.core.config.ConfigSet;
import org.elasticcloud.core.port.GrantRefusedException;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.validation.Checks;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.core.validation.Violation;

/**
 * What an operator registers for a group's template container. Its text form (key=value lines) is
 * what the registration process carries and what the inventory keeps.
 */
public record TemplateDefinition(String containerName, String containerIp, List<Grant> grants, Vip vip,
    Monitoring monitoring, Logging logging) {
  /** The eight metrics the agent collects. */
  public static final Set<String> METRICS = Set.of("cpu", "connections", "memory", "network_in", "network_out", "load",
      "disk", "liveness");
  private static final Pattern VIP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,62}");
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_.*/-]{1,255}");

  public TemplateDefinition {
    grants = grants == null ? List.of() : List.copyOf(grants);
  }

  /** A grant the template has on an application database; copied for every new container's IP. */
  public record Grant(String server, String schema, String user, String privileges) {
    public GrantSpec spec() {
      return new GrantSpec(server, schema, user, privileges == null ? null : GrantSpec.parsePrivileges(privileges), null);
    }
  }

  /** The VIP the template is a member of, and how members are checked. */
  public record Vip(String name, String address, Integer port, Integer memberPort, String healthPath) {
  }

  /** Which of the eight metrics are watched. */
  public record Monitoring(List<String> metrics) {
  }

  /** Which log files are collected and for how long they are kept. */
  public record Logging(List<String> paths, Integer retentionDays) {
  }

  /** Every problem, field by field ({@code grants[0].schema}, {@code vip.port}…). */
  public void validate() {
    Checks checks = new Checks();
    checks.name("containerName", containerName);
    checks.isTrue(GrantSpec.isPlainIpv4(containerIp), "containerIp", "must be an IPv4 address");
    List<Violation> all = new ArrayList<>(checks.violations());
    for (int i = 0; i < grants.size(); i++) {
      Grant g = grants.get(i);
      if (g == null) {
        all.add(new Violation("grants[" + i + "]", "must not be null"));
        continue;
      }
      try {
        g.spec().requireValid(GrantSpec.isPlainIpv4(containerIp) ? containerIp : "10.0.0.1");
      } catch (GrantRefusedException e) {
        for (Violation v : e.violations()) {
          all.add(new Violation("grants[" + i + "]." + v.field(), v.message()));
        }
      } catch (IllegalArgumentException e) {
        all.add(new Violation("grants[" + i + "].privileges", e.getMessage()));
      }
    }
    if (vip != null) {
      Checks v = new Checks();
      v.isTrue(vip.name() != null && VIP_NAME.matcher(vip.name()).matches(), "vip.name",
          "must be 1-63 letters, digits, '.', '-' or '_', starting with a letter");
      v.isTrue(GrantSpec.isPlainIpv4(vip.address()), "vip.address", "must be an IPv4 address");
      v.range("vip.port", vip.port(), 1, 65535).range("vip.memberPort", vip.memberPort(), 1, 65535);
      v.isTrue(vip.healthPath() == null || PATH.matcher(vip.healthPath()).matches(), "vip.healthPath",
          "must be an absolute path");
      all.addAll(v.violations());
    }
    if (monitoring != null) {
      if (monitoring.metrics() == null || monitoring.metrics().isEmpty()) {
        all.add(new Violation("monitoring.metrics", "must list at least one of " + new java.util.TreeSet<>(METRICS)));
      } else {
        for (String m : monitoring.metrics()) {
          if (!METRICS.contains(m)) {
            all.add(new Violation("monitoring.metrics", m + " is not one of " + new java.util.TreeSet<>(METRICS)));
          }
        }
      }
    }
    if (logging != null) {
      if (logging.paths() == null || logging.paths().isEmpty()) {
        all.add(new Violation("logging.paths", "must list at least one absolute path"));
      } else {
        for (String p : logging.paths()) {
          if (p == null || !PATH.matcher(p).matches()) {
            all.add(new Violation("logging.paths", p + " is not an absolute path"));
          }
        }
      }
      Checks l = new Checks().range("logging.retentionDays", logging.retentionDays(), 1, 3650);
      all.addAll(l.violations());
    }
    if (!all.isEmpty()) {
      throw new ValidationException(all);
    }
  }

  /** key=value lines: what the process carries. */
  public String toText() {
    Map<String, String> p = new TreeMap<>();
    p.put("container.name", containerName);
    p.put("container.ip", containerIp);
    for (int i = 0; i < grants.size(); i++) {
      Grant g = grants.get(i);
      p.put("grant." + i + ".server", g.server());
      p.put("grant." + i + ".schema", g.schema());
      p.put("grant." + i + ".user", g.user());
      p.put("grant." + i + ".privileges", g.privileges());
    }
    if (vip != null) {
      p.put("vip.name", vip.name());
      p.put("vip.address", vip.address());
      p.put("vip.port", String.valueOf(vip.port()));
      p.put("vip.memberPort", String.valueOf(vip.memberPort()));
      if (vip.healthPath() != null) {
        p.put("vip.healthPath", vip.healthPath());
      }
    }
    if (monitoring != null) {
      p.put("monitoring.metrics", String.join(",", monitoring.metrics()));
    }
    if (logging != null) {
      p.put("logging.paths", String.join(",", logging.paths()));
      p.put("logging.retentionDays", String.valueOf(logging.retentionDays()));
    }
    return ConfigSet.render(p);
  }

  /** The inverse of {@link #toText()}. */
  public static TemplateDefinition fromText(String text) {
    Map<String, String> p = ConfigSet.parse(text);
    List<Grant> grants = new ArrayList<>();
    for (int i = 0; p.containsKey("grant." + i + ".server"); i++) {
      grants.add(new Grant(p.get("grant." + i + ".server"), p.get("grant." + i + ".schema"), p.get("grant." + i + ".user"),
          p.get("grant." + i + ".privileges")));
    }
    Vip vip = p.containsKey("vip.name") ? new Vip(p.get("vip.name"), p.get("vip.address"),
        Integer.valueOf(p.get("vip.port")), Integer.valueOf(p.get("vip.memberPort")), p.get("vip.healthPath")) : null;
    Monitoring monitoring = p.containsKey("monitoring.metrics")
        ? new Monitoring(List.of(p.get("monitoring.metrics").split(","))) : null;
    Logging logging = p.containsKey("logging.paths") ? new Logging(List.of(p.get("logging.paths").split(",")),
        Integer.valueOf(p.get("logging.retentionDays"))) : null;
    return new TemplateDefinition(p.get("container.name"), p.get("container.ip"), grants, vip, monitoring, logging);
  }
}
