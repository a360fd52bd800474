package org.elasticcloud.core.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;

/**
 * Fences a host's engine: reads every container on it, decides with {@link Fencing} which of the
 * platform's must go, and removes those (killed at once, then removed; their volumes are kept for
 * the copy that runs elsewhere). Repeating it is harmless: what is gone stays gone.
 *
 * <p>An engine that stops answering midway throws
 * {@link org.elasticcloud.core.port.HostUnreachableException} from the listing, or leaves the
 * removals that failed in {@link Report#failed()}: the fencing is then incomplete and must be
 * repeated before the host serves again.
 */
public final class HostFencer {
  /** What a fencing found and did. */
  public record Report(List<Fencing.Decision> decisions, List<String> removed, Map<String, String> failed) {
    public Report {
      decisions = List.copyOf(decisions);
      removed = List.copyOf(removed);
      failed = Map.copyOf(failed);
    }

    /** Every container that had to go is gone. */
    public boolean complete() {
      return failed.isEmpty();
    }

    /** One line for the host's event log. */
    public String summary() {
      String gone = decisions.stream().filter(Fencing.Decision::remove)
          .map(d -> d.container() + (d.generation() == null ? "" : "@" + d.generation()) + " ("
              + d.why() + (failed.containsKey(d.container()) ? "; removal failed: " + failed.get(d.container()) : "") + ")")
          .collect(Collectors.joining(", "));
      long kept = decisions.stream().filter(d -> !d.remove()).count();
      return (removed.isEmpty() && failed.isEmpty() ? "no platform container had to go"
          : "removed " + removed.size() + (failed.isEmpty() ? "" : ", failed " + failed.size()) + ": " + gone)
          + (kept == 0 ? "" : "; kept " + kept + " current");
    }
  }

  private final ContainerRuntime runtime;
  private final Function<String, Optional<Container>> records;

  /** @param records the inventory's container of a name */
  public HostFencer(ContainerRuntime runtime, Function<String, Optional<Container>> records) {
    this.runtime = runtime;
    this.records = records;
  }

  /**
   * @param declaredDown whether the host was declared DOWN since its last fencing: then every
   *     platform container on it goes, otherwise only copies the inventory places elsewhere
   */
  public Report fence(Host host, boolean declaredDown) {
    List<ContainerStatus> onEngine = runtime.list(host.engineEndpoint(), Map.of());
    List<Fencing.Decision> decisions = Fencing.decide(host.id(), declaredDown, onEngine, records);
    List<String> removed = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (Fencing.Decision d : decisions) {
      if (!d.remove()) {
        continue;
      }
      String engineName = onEngine.stream().filter(c -> Fencing.containerName(c).equals(d.container()))
          .map(ContainerStatus::name).findFirst().orElse(d.container());
      try {
        runtime.remove(host.engineEndpoint(), engineName);
        removed.add(d.container());
      } catch (RuntimeException e) {
        failed.put(d.container(), String.valueOf(e.getMessage()));
      }
    }
    return new Report(decisions, removed, failed);
  }
}
