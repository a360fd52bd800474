package org.elasticcloud.core.reconcile;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One finding of a reconciliation.
 *
 * @param kind orphan, missing, mismatch, skipped or unchecked
 * @param type what it is about
 * @param application the application it belongs to ({@code a,b} when a shared resource belongs to several,
 *     e.g. a database user two applications registered); null when none is known
 * @param scope where the name lives: the database server of a grant, the VIP of a member; else null
 * @param host the host concerned (a container's engine, a port's binding, a volume's attachment), or null
 * @param name the resource's natural key within its scope
 * @param expected what the inventory says (null for an orphan)
 * @param actual what the real system holds (null for a missing one)
 * @param detail a sentence for the operator
 * @param action the repair the rules allow ({@link RepairAction#NONE}: report only)
 */
public record DriftItem(DriftKind kind, ResourceType type, String application, String scope, String host,
    String name, String expected, String actual, String detail, RepairAction action) {

  public DriftItem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    action = action == null ? RepairAction.NONE : action;
  }

  /**
   * The resource's identity across reports (independent of the kind and of what was seen): a
   * container on one host, an account on one server, a member of one VIP, else the name.
   */
  public String key() {
    return switch (type) {
      case CONTAINER -> type + "|" + host + "|" + name;
      case GRANT, VIP_MEMBER -> type + "|" + scope + "|" + name;
      default -> type + "|" + name;
    };
  }

  /** The applications it belongs to (several for a shared resource); empty when none is known. */
  public List<String> applications() {
    return application == null || application.isBlank() ? List.of()
        : Arrays.stream(application.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** True when the rules allow a repair. */
  public boolean repairable() {
    return action != RepairAction.NONE;
  }

  /** For a grant ({@code user@ip}): the IP. */
  public String grantIp() {
    return name.substring(name.lastIndexOf('@') + 1);
  }

  /** For a grant ({@code user@ip}): the user. */
  public String grantUser() {
    return name.substring(0, name.lastIndexOf('@'));
  }
}
