package org.elasticcloud.core.scaling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Quota;

/** When a scale-out needs the owner's approval, and which ordinals the new containers take. */
public final class ScaleOutRules {
  private ScaleOutRules() {
  }

  /** Why an approval is needed (empty: none is). */
  public static List<String> approvalReasons(AppGroup group, int groupSize, Quota quota, int applicationSize, int count) {
    List<String> reasons = new ArrayList<>();
    if (groupSize + count > group.maxInstances()) {
      reasons.add("the group would have " + (groupSize + count) + " instances, above its maximum of "
          + group.maxInstances());
    }
    if (quota != null && applicationSize + count > quota.maxInstances()) {
      reasons.add("the application would have " + (applicationSize + count) + " instances, above its quota of "
          + quota.maxInstances());
    }
    return reasons;
  }

  /** The {@code count} lowest ordinals (from 1) not taken yet, so names stay short and unique. */
  public static List<Integer> freeOrdinals(List<Integer> taken, int count) {
    Set<Integer> used = new HashSet<>(taken);
    List<Integer> out = new ArrayList<>();
    for (int i = 1; out.size() < count; i++) {
      if (!used.contains(i)) {
        out.add(i);
      }
    }
    return out;
  }
}
