package org.elasticcloud.core.reconcile;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a reconciliation found, in a stable order (kind, type, application, scope, host, name). */
public record Drift(List<DriftItem> items) {
  static final Comparator<DriftItem> ORDER = Comparator.comparing(DriftItem::kind)
      .thenComparing(DriftItem::type)
      .thenComparing(i -> String.valueOf(i.application()))
      .thenComparing(i -> String.valueOf(i.scope()))
      .thenComparing(i -> String.valueOf(i.host()))
      .thenComparing(DriftItem::name)
      .thenComparing(i -> String.valueOf(i.detail()));

  public Drift {
    items = items.stream().sorted(ORDER).toList();
  }

  /** How many items of each kind (every kind present, zero included). */
  public Map<DriftKind, Integer> counts() {
    Map<DriftKind, Integer> counts = new EnumMap<>(DriftKind.class);
    for (DriftKind k : DriftKind.values()) {
      counts.put(k, 0);
    }
    items.forEach(i -> counts.merge(i.kind(), 1, Integer::sum));
    return counts;
  }

  public List<DriftItem> ofKind(DriftKind kind) {
    return items.stream().filter(i -> i.kind() == kind).toList();
  }

  /** True when nothing but skipped applications and unchecked sources was found. */
  public boolean clean() {
    return items.stream().allMatch(i -> i.kind() == DriftKind.SKIPPED || i.kind() == DriftKind.UNCHECKED);
  }
}
