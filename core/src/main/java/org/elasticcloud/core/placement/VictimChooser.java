package org.elasticcloud.core.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.placement.Victim.Criterion;

/**
 * Chooses which containers of a group to remove on scale-in so that the spread left behind stays
 * as good as it can. Plain, deterministic computation: the same request (whatever the order of its
 * hosts and containers) gives the same result.
 *
 * <h2>How many</h2>
 * {@code min(count, size - minInstances)} of the group's {@code size} containers on the listed
 * hosts, or {@code min(count, size)} when the request allows going below the minimum. Fewer than
 * requested is an answer with a {@link Shortfall} ({@code MINIMUM} or {@code GROUP_TOO_SMALL}),
 * not an exception.
 *
 * <h2>Which: the ranking</h2>
 * Victims are chosen one at a time; each comes from the host that ranks first among the hosts still
 * holding containers of the group, by, in this order:
 * <ol>
 *   <li><b>not READY first</b> — a container on a host that is DOWN, DRAINING, FAULTY … would be
 *       migrated or drained anyway, so it goes before any healthy one;</li>
 *   <li><b>switch load</b> — the most of the group on the host's switch (a switch is the larger
 *       failure domain, so the most loaded switch is relieved first);</li>
 *   <li><b>host load</b> — the most of the group on the host;</li>
 *   <li><b>host id</b> — the lowest, so ties are broken by a stable order.</li>
 * </ol>
 * On that host the newest container (highest id) goes, so the group's oldest containers — its
 * template among them — stay longest. Counts are updated after every victim.
 */
public final class VictimChooser {
  private VictimChooser() {
  }

  /** Chooses up to {@code count} victims and explains each. */
  public static ScaleInResult choose(ScaleInRequest request) {
    return new Run(request).run();
  }

  /** The group's containers on one host, newest last so they are taken from the end. */
  private static final class Slot {
    final HostLoad load;
    final long id;
    final long switchId;
    final List<Long> containerIds = new ArrayList<>();

    Slot(HostLoad load, long groupId) {
      this.load = load;
      this.id = load.hostId();
      this.switchId = load.switchId();
      for (PlacedContainer c : load.containers()) {
        if (c.groupId() == groupId) {
          containerIds.add(c.containerId());
        }
      }
      containerIds.sort(Comparator.naturalOrder());
    }

    int count() {
      return containerIds.size();
    }

    String label() {
      return load.name() + " (id " + id + ", switch " + switchId + ")";
    }
  }

  private static final class Run {
    final ScaleInRequest request;
    final List<Slot> slots = new ArrayList<>();
    final Map<Long, int[]> switchGroup = new HashMap<>();
    final int size;

    Run(ScaleInRequest request) {
      this.request = request;
      int sum = 0;
      for (HostLoad h : request.hosts()) {
        Slot s = new Slot(h, request.groupId());
        switchGroup.computeIfAbsent(s.switchId, k -> new int[1])[0] += s.count();
        sum += s.count();
        if (s.count() > 0) {
          slots.add(s);
        }
      }
      slots.sort(Comparator.comparingLong(s -> s.id));
      this.size = sum;
    }

    ScaleInResult run() {
      int allowed = request.allowBelowMinimum() ? size : Math.max(0, size - request.minInstances());
      int k = Math.min(request.count(), allowed);
      List<Victim> victims = new ArrayList<>(k);
      for (int i = 1; i <= k; i++) {
        victims.add(takeOne(i));
      }
      int maxHost = slots.stream().mapToInt(Slot::count).max().orElse(0);
      int maxSwitch = switchGroup.values().stream().mapToInt(v -> v[0]).max().orElse(0);
      return new ScaleInResult(request.groupId(), request.count(), size, request.minInstances(), victims, maxHost,
          maxSwitch, k == request.count() ? Shortfall.NONE : shortfall(k));
    }

    Victim takeOne(int sequence) {
      Slot best = null;
      Slot second = null;
      for (Slot s : slots) {
        if (s.count() == 0) {
          continue;
        }
        if (best == null || compare(s, best) < 0) {
          second = best;
          best = s;
        } else if (second == null || compare(s, second) < 0) {
          second = s;
        }
      }
      if (best == null) {
        throw new IllegalStateException("no container left for victim #" + sequence + "; the count was miscomputed");
      }
      Criterion decidedBy = second == null ? Criterion.ONLY_CANDIDATE : firstDifference(best, second);
      int switchBefore = switchCount(best);
      int hostBefore = best.count();
      long containerId = best.containerIds.get(best.containerIds.size() - 1);
      String state = best.load.isReady() ? "" : "its host is not READY ("
          + (best.load.state() == null ? "state unknown" : best.load.state()) + "); ";
      String why = "#" + sequence + " container " + containerId + " on " + best.label() + ": " + state + "the switch held "
          + switchBefore + " and the host " + hostBefore + " of the group; "
          + (second == null ? decidedBy.description()
              : "preferred over " + second.label() + ": " + decidedBy.description() + contrast(decidedBy, best, second))
          + "; the newest of the group's containers on that host";
      best.containerIds.remove(best.containerIds.size() - 1);
      switchGroup.get(best.switchId)[0]--;
      return new Victim(sequence, containerId, best.id, best.load.name(), best.switchId, switchBefore, hostBefore,
          decidedBy, second == null ? null : second.id, why);
    }

    int switchCount(Slot s) {
      return switchGroup.get(s.switchId)[0];
    }

    /** Negative when {@code a} should lose a container before {@code b}. */
    int compare(Slot a, Slot b) {
      int c = Boolean.compare(a.load.isReady(), b.load.isReady());
      if (c == 0) {
        c = Integer.compare(switchCount(b), switchCount(a));
      }
      if (c == 0) {
        c = Integer.compare(b.count(), a.count());
      }
      return c != 0 ? c : Long.compare(a.id, b.id);
    }

    Criterion firstDifference(Slot a, Slot b) {
      if (a.load.isReady() != b.load.isReady()) {
        return Criterion.HOST_NOT_READY;
      }
      if (switchCount(a) != switchCount(b)) {
        return Criterion.SWITCH_LOAD;
      }
      if (a.count() != b.count()) {
        return Criterion.HOST_LOAD;
      }
      return Criterion.HOST_ID;
    }

    String contrast(Criterion c, Slot a, Slot b) {
      return switch (c) {
        case SWITCH_LOAD -> " (" + switchCount(a) + " vs " + switchCount(b) + ")";
        case HOST_LOAD -> " (" + a.count() + " vs " + b.count() + ")";
        case HOST_NOT_READY, HOST_ID, ONLY_CANDIDATE -> "";
      };
    }

    Shortfall shortfall(int removed) {
      int missing = request.count() - removed;
      String head = "removed " + removed + " of " + request.count() + "; " + missing + " may not go: ";
      int min = request.minInstances();
      if (!request.allowBelowMinimum() && min > 0 && size - min < request.count()) {
        return new Shortfall(missing, Shortfall.Cause.MINIMUM, head + (size <= min
            ? "the group of " + size + " is already at or below its minimum of " + min
            : "removing more would take the group of " + size + " below its minimum of " + min));
      }
      return new Shortfall(missing, Shortfall.Cause.GROUP_TOO_SMALL,
          head + "the group has only " + size + " container(s) on the listed hosts");
    }
  }
}
