package org.elasticcloud.core.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.scaling.ContainerBlueprint;

/**
 * Which of the platform's containers on a returning host's engine must go (ADR 0014). A platform
 * container carries the label {@link ContainerBlueprint#LABEL_CONTAINER} (or at least
 * {@link ContainerBlueprint#LABEL_APP}); anything else on the engine is not the platform's and is
 * left alone.
 *
 * <p>One goes when
 * <ol>
 *   <li>the inventory has no container of that name (its record was removed or never written);</li>
 *   <li>the inventory has it on another host, or on none (it was moved away, or is being moved);</li>
 *   <li>its {@link ContainerBlueprint#LABEL_GENERATION} is below the inventory's generation (a copy
 *       made before a move: the newer copy runs elsewhere);</li>
 *   <li>the host was declared DOWN since it was last fenced: everything that was on it then was
 *       given up for dead, and may be recreated elsewhere with the same IP at any moment, even if
 *       the inventory still names this host (a migration not yet at that container).</li>
 * </ol>
 * Otherwise (a host that was FAULTY, not DOWN, and whose copy is the inventory's current one) it
 * stays: it is the live container, to be moved away gracefully.
 */
public final class Fencing {
  /** What to do with one container found on the engine. */
  public record Decision(String container, Integer generation, boolean remove, String why) {
  }

  private Fencing() {
  }

  /**
   * @param hostId the host whose engine was read
   * @param declaredDown whether the host was declared DOWN since its last fencing
   * @param onEngine every container on the engine (others' are skipped)
   * @param records the inventory's container of a name
   */
  public static List<Decision> decide(long hostId, boolean declaredDown, List<ContainerStatus> onEngine,
      Function<String, Optional<Container>> records) {
    List<Decision> out = new ArrayList<>();
    for (ContainerStatus c : onEngine) {
      if (!isPlatforms(c)) {
        continue;
      }
      String name = containerName(c);
      Integer generation = generation(c.labels());
      Optional<Container> record = records.apply(name);
      if (record.isEmpty()) {
        out.add(new Decision(name, generation, true, "the inventory has no container " + name));
        continue;
      }
      Container r = record.get();
      if (r.hostId() == null || r.hostId() != hostId) {
        out.add(new Decision(name, generation, true, r.hostId() == null ? "the inventory has it on no host"
            : "the inventory has it on host " + r.hostId()));
      } else if (generation != null && r.generation() != null && generation < r.generation()) {
        out.add(new Decision(name, generation, true, "a stale copy: generation " + generation
            + ", the inventory's is " + r.generation()));
      } else if (declaredDown) {
        out.add(new Decision(name, generation, true, "it was on the host when the host was declared DOWN"));
      } else {
        out.add(new Decision(name, generation, false, "the inventory's current copy"));
      }
    }
    return out;
  }

  /** Whether the platform made it: it carries the container's or the application's label. */
  public static boolean isPlatforms(ContainerStatus c) {
    return c.labels() != null && (c.labels().containsKey(ContainerBlueprint.LABEL_CONTAINER)
        || c.labels().containsKey(ContainerBlueprint.LABEL_APP));
  }

  /** The inventory name of a platform container: its container label, else its engine name. */
  static String containerName(ContainerStatus c) {
    String label = c.labels().get(ContainerBlueprint.LABEL_CONTAINER);
    return label != null && !label.isBlank() ? label : c.name();
  }

  private static Integer generation(Map<String, String> labels) {
    String g = labels.get(ContainerBlueprint.LABEL_GENERATION);
    if (g == null) {
      return null;
    }
    try {
      return Integer.valueOf(g.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
