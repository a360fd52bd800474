package org.elasticcloud.core.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.elasticcloud.core.placement.HostDecision.Verdict;
import org.elasticcloud.core.placement.Placement.Criterion;

/**
 * Chooses hosts for new containers of a group in one datacenter. Plain, deterministic computation:
 * the same request (whatever the order of its hosts and containers) gives the same result.
 *
 * <h2>Which hosts may take a container</h2>
 * A host may take one more container of the group when all of these hold ({@link Constraint}):
 * <ol>
 *   <li>the caller did not exclude it;</li>
 *   <li>it is READY (every other state, or no state, rules it out);</li>
 *   <li>its free cores, memory and disk — capacity minus what its listed containers use — each
 *       cover the spec;</li>
 *   <li>it holds fewer of the group than {@link SpreadPolicy#hostLimit} allows;</li>
 *   <li>its switch holds fewer of the group than {@link SpreadPolicy#switchLimit} allows.</li>
 * </ol>
 *
 * <h2>How many</h2>
 * The limits are shares of the group's size <em>after</em> placing: its existing containers on the
 * listed hosts (wherever they are, also on hosts that are not READY or excluded) plus the new ones
 * placed. When all {@code count} fit under the limits for a group of {@code existing + count},
 * all are placed. Otherwise the chooser places the largest {@code n < count} whose own limits, for
 * a group of {@code existing + n}, can be met — so the group it leaves behind never breaks the
 * policy (beyond the at-least-one rule). Smaller groups have tighter limits, which makes this
 * non-monotonic: on two empty hosts under the default policy, 4 containers fit (2 + 2 is half
 * each) but only 2 of 3 do (3 on two hosts puts two thirds on one).
 *
 * <h2>Where: the ranking</h2>
 * Containers are placed one at a time; each goes to the host that ranks first among those that may
 * take it, by, in this order:
 * <ol>
 *   <li><b>switch spread</b> — the fewest of the group on the host's switch;</li>
 *   <li><b>host spread</b> — the fewest of the group on the host;</li>
 *   <li><b>ratio fit</b> — the smallest {@link #ratioMismatch(Resources, Resources) mismatch}
 *       between the host's free memory per core and the spec's, so that the host's cores and memory
 *       run out together and neither is stranded;</li>
 *   <li><b>host id</b> — the lowest, so ties are broken by a stable order.</li>
 * </ol>
 * Spread comes before fit because it is what keeps the group alive when a host or a switch fails;
 * fit then decides among the (usually many) equally spread hosts. Counts and free capacity are
 * updated after every container, so the next one sees the previous.
 *
 * <h2>The explanation</h2>
 * Every placed container has a {@link Placement} naming the criterion on which its host beat the
 * runner-up; every listed host has a {@link HostDecision} with its verdict and the constraints
 * that bind it; a partial result has a {@link Shortfall} with the binding cause
 * (no eligible host, capacity, or spread) in words.
 */
public final class HostChooser {
  private HostChooser() {
  }

  /** Places as many of the requested containers as the rules allow, and explains it. */
  public static PlacementResult choose(PlacementRequest request) {
    return new Run(request).run();
  }

  /**
   * How far a host's free capacity is from the spec's shape: {@code |ln(freeMbPerCore /
   * specMbPerCore)|}. 0 means the host's free memory per core equals the spec's (placing keeps it
   * so, and cores and memory run out together); ln 2 ≈ 0.693 means twice or half as much memory per
   * core, in either direction alike. Disk does not enter the score (it only has to fit). Infinite
   * when nothing is free. Computed with {@link StrictMath} so it is the same on every platform.
   */
  public static double ratioMismatch(Resources free, Resources spec) {
    if (free.cores() <= 0 || free.memoryMb() <= 0 || spec.cores() <= 0 || spec.memoryMb() <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    double freePerCore = (double) free.memoryMb() / free.cores();
    double specPerCore = (double) spec.memoryMb() / spec.cores();
    return Math.abs(StrictMath.log(freePerCore / specPerCore));
  }

  /** The mutable working state of one host during one run. */
  private static final class Slot {
    final HostLoad load;
    final long id;
    final long switchId;
    final boolean eligible;
    final Resources freeBefore;
    final int groupBefore;
    final int fitBefore;
    Resources free;
    int group;
    int fit;
    double mismatch;
    final List<Integer> sequences = new ArrayList<>();

    Slot(HostLoad load, boolean excluded, long groupId, Resources spec) {
      this.load = load;
      this.id = load.hostId();
      this.switchId = load.switchId();
      this.eligible = !excluded && load.isReady();
      this.freeBefore = load.free();
      this.groupBefore = load.groupCount(groupId);
      this.fitBefore = freeBefore.fitCount(spec);
      this.free = freeBefore;
      this.group = groupBefore;
      this.fit = fitBefore;
      this.mismatch = ratioMismatch(free, spec);
    }

    String label() {
      return load.name() + " (id " + id + ", switch " + switchId + ")";
    }
  }

  private static final class Run {
    final PlacementRequest request;
    final Resources spec;
    final SpreadPolicy policy;
    final List<Slot> slots = new ArrayList<>();
    final Map<Long, int[]> switchGroup = new HashMap<>();
    final Map<Long, Integer> switchGroupBefore = new HashMap<>();
    final int existing;
    int hostLimit;
    int switchLimit;
    int groupAfter;

    Run(PlacementRequest request) {
      this.request = request;
      this.spec = request.spec();
      this.policy = request.policy();
      int sum = 0;
      for (HostLoad h : request.hosts()) {
        Slot s = new Slot(h, request.excludedHostIds().contains(h.hostId()), request.groupId(), spec);
        slots.add(s);
        sum += s.groupBefore;
        switchGroup.computeIfAbsent(s.switchId, k -> new int[1])[0] += s.groupBefore;
      }
      slots.sort(Comparator.comparingLong(s -> s.id));
      switchGroup.forEach((k, v) -> switchGroupBefore.put(k, v[0]));
      this.existing = sum;
    }

    PlacementResult run() {
      int n = howMany();
      groupAfter = existing + n;
      hostLimit = policy.hostLimit(groupAfter);
      switchLimit = policy.switchLimit(groupAfter);
      List<Placement> placements = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        placements.add(placeOne(i));
      }
      List<HostDecision> decisions = slots.stream().map(this::decide).toList();
      Shortfall shortfall = n == request.count() ? Shortfall.NONE : shortfall(n);
      return new PlacementResult(request.groupId(), request.count(), existing, hostLimit, switchLimit, placements,
          decisions, shortfall);
    }

    /** The largest n ≤ count that fits under the limits for a group of existing + n. */
    int howMany() {
      int n = (int) Math.min(request.count(), resourceCapacity());
      while (n > 0 && maxUnderLimits(existing + n) < n) {
        n--;
      }
      return n;
    }

    /** How many containers of the spec the eligible hosts hold, ignoring spread. */
    long resourceCapacity() {
      long sum = 0;
      for (Slot s : slots) {
        if (s.eligible) {
          sum += s.fitBefore;
        }
      }
      return sum;
    }

    /**
     * How many new containers fit under the limits for a group of {@code groupSize}: per switch,
     * the lesser of what the switch may still take and what its hosts may still take. All new
     * containers are alike, so this maximum is exact, and greedy placement reaches it.
     */
    long maxUnderLimits(int groupSize) {
      int hCap = policy.hostLimit(groupSize);
      int sCap = policy.switchLimit(groupSize);
      Map<Long, Long> hostRoomBySwitch = new HashMap<>();
      for (Slot s : slots) {
        if (s.eligible) {
          long room = Math.min(s.fitBefore, (long) hCap - s.groupBefore);
          if (room > 0) {
            hostRoomBySwitch.merge(s.switchId, room, Long::sum);
          }
        }
      }
      long total = 0;
      for (Map.Entry<Long, Long> e : hostRoomBySwitch.entrySet()) {
        long switchRoom = Math.max(0, (long) sCap - switchGroupBefore.get(e.getKey()));
        total += Math.min(switchRoom, e.getValue());
      }
      return total;
    }

    /**
     * The switch check is implied by the ranking (switch spread comes first, and n was computed to
     * fit under the switch limit), but it stays: the rule must not depend on the ranking's order.
     */
    boolean canTakeOne(Slot s) {
      return s.eligible && s.fit > 0 && s.group < hostLimit && switchCount(s) < switchLimit;
    }

    int switchCount(Slot s) {
      return switchGroup.get(s.switchId)[0];
    }

    Placement placeOne(int sequence) {
      Slot best = null;
      Slot second = null;
      for (Slot s : slots) {
        if (!canTakeOne(s)) {
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
        throw new IllegalStateException("no host can take container #" + sequence + "; the count was miscomputed");
      }
      Criterion decidedBy = second == null ? Criterion.ONLY_CANDIDATE : firstDifference(best, second);
      int switchBefore = switchCount(best);
      int hostBefore = best.group;
      double mismatch = best.mismatch;
      String why = "#" + sequence + " -> " + best.label() + ": the switch held " + switchBefore + " and the host "
          + hostBefore + " of the group; free " + best.free + " is " + perCore(best.free) + " MB per core against the spec's "
          + perCore(spec) + " (mismatch " + fmt(mismatch) + "); "
          + (second == null ? decidedBy.description()
              : "preferred over " + second.label() + ": " + decidedBy.description() + contrast(decidedBy, best, second));
      Placement placement = new Placement(sequence, best.id, best.load.name(), best.switchId, switchBefore, hostBefore,
          mismatch, decidedBy, second == null ? null : second.id, why);
      best.free = best.free.minus(spec);
      best.fit--;
      best.group++;
      best.sequences.add(sequence);
      best.mismatch = ratioMismatch(best.free, spec);
      switchGroup.get(best.switchId)[0]++;
      return placement;
    }

    int compare(Slot a, Slot b) {
      int c = Integer.compare(switchCount(a), switchCount(b));
      if (c == 0) {
        c = Integer.compare(a.group, b.group);
      }
      if (c == 0) {
        c = Double.compare(a.mismatch, b.mismatch);
      }
      return c != 0 ? c : Long.compare(a.id, b.id);
    }

    Criterion firstDifference(Slot a, Slot b) {
      if (switchCount(a) != switchCount(b)) {
        return Criterion.SWITCH_SPREAD;
      }
      if (a.group != b.group) {
        return Criterion.HOST_SPREAD;
      }
      if (Double.compare(a.mismatch, b.mismatch) != 0) {
        return Criterion.RATIO_FIT;
      }
      return Criterion.HOST_ID;
    }

    String contrast(Criterion c, Slot a, Slot b) {
      return switch (c) {
        case SWITCH_SPREAD -> " (" + switchCount(a) + " vs " + switchCount(b) + ")";
        case HOST_SPREAD -> " (" + a.group + " vs " + b.group + ")";
        case RATIO_FIT -> " (mismatch " + fmt(a.mismatch) + " vs " + fmt(b.mismatch) + ")";
        case HOST_ID, ONLY_CANDIDATE -> "";
      };
    }

    List<Constraint> constraints(Slot s) {
      List<Constraint> out = new ArrayList<>();
      if (request.excludedHostIds().contains(s.id)) {
        out.add(Constraint.EXCLUDED);
      }
      if (!s.load.isReady()) {
        out.add(Constraint.NOT_READY);
      }
      if (s.free.cores() < spec.cores()) {
        out.add(Constraint.CORES);
      }
      if (s.free.memoryMb() < spec.memoryMb()) {
        out.add(Constraint.MEMORY);
      }
      if (s.free.diskGb() < spec.diskGb()) {
        out.add(Constraint.DISK);
      }
      if (s.group >= hostLimit) {
        out.add(Constraint.HOST_SHARE);
      }
      if (switchCount(s) >= switchLimit) {
        out.add(Constraint.SWITCH_SHARE);
      }
      return out;
    }

    String detail(Constraint c, Slot s) {
      return switch (c) {
        case EXCLUDED -> c.description();
        case NOT_READY -> "not READY (" + (s.load.state() == null ? "state unknown" : s.load.state()) + ")";
        case CORES -> "needs " + spec.cores() + " cores, " + s.free.cores() + " free";
        case MEMORY -> "needs " + spec.memoryMb() + " MB memory, " + s.free.memoryMb() + " MB free";
        case DISK -> "needs " + spec.diskGb() + " GB disk, " + s.free.diskGb() + " GB free";
        case HOST_SHARE -> "the host holds " + s.group + " of a group of " + groupAfter + "; one host may hold at most "
            + hostLimit + " (share " + policy.maxSharePerHost() + ")";
        case SWITCH_SHARE -> "switch " + s.switchId + " holds " + switchCount(s) + " of a group of " + groupAfter
            + "; one switch may hold at most " + switchLimit + " (share " + policy.maxSharePerSwitch() + ")";
      };
    }

    HostDecision decide(Slot s) {
      List<Constraint> constraints = constraints(s);
      int placed = s.sequences.size();
      String reasons = constraints.stream().map(c -> detail(c, s)).collect(Collectors.joining("; "));
      Verdict verdict;
      String text;
      if (placed > 0) {
        verdict = Verdict.CHOSEN;
        text = "chosen for " + placed + " ("
            + s.sequences.stream().map(i -> "#" + i).collect(Collectors.joining(", "))
            + "), ranked first among the hosts that could take each by spread, then memory-per-core fit; now holds "
            + s.group + " of the group, free " + s.free + "; "
            + (constraints.isEmpty() ? "could take more, but the request was met" : "takes no more: " + reasons);
      } else if (constraints.isEmpty()) {
        verdict = Verdict.NOT_NEEDED;
        text = "eligible, not needed: the request was met on hosts ranked higher (free " + s.free + ", holds "
            + s.group + " of the group, its switch " + switchCount(s) + ", mismatch " + fmt(s.mismatch) + ")";
      } else {
        verdict = Verdict.RULED_OUT;
        text = "ruled out: " + reasons;
      }
      return new HostDecision(s.id, s.load.name(), s.switchId, verdict, placed, constraints,
          s.label() + ": " + text);
    }

    Shortfall shortfall(int placed) {
      int missing = request.count() - placed;
      String head = "placed " + placed + " of " + request.count() + "; " + missing + " could not be placed: ";
      long eligible = slots.stream().filter(s -> s.eligible).count();
      if (eligible == 0) {
        return new Shortfall(missing, Shortfall.Cause.NO_ELIGIBLE_HOST, head + (slots.isEmpty()
            ? "no host was given"
            : "none of the " + slots.size() + " host(s) is READY and not excluded (" + count(Constraint.NOT_READY)
                + " not READY, " + count(Constraint.EXCLUDED) + " excluded)"));
      }
      long capacity = resourceCapacity();
      int fullGroup = existing + request.count();
      String limitsForAll = "a group of " + fullGroup + " may hold at most " + policy.hostLimit(fullGroup)
          + " per host and " + policy.switchLimit(fullGroup) + " per switch";
      if (capacity < request.count()) {
        long lacking = slots.stream().filter(s -> s.eligible && s.fitBefore == 0).count();
        String text = head + "the " + eligible + " READY, non-excluded host(s) have free capacity for only " + capacity
            + " container(s) of " + spec + " (" + lacking + " of them fit none: " + count(Constraint.CORES)
            + " short of cores, " + count(Constraint.MEMORY) + " of memory, " + count(Constraint.DISK) + " of disk)";
        if (placed < capacity) {
          text += "; the spread limits allow only " + placed + " of those (" + limitsForAll
              + "; a smaller group has tighter limits)";
        }
        return new Shortfall(missing, Shortfall.Cause.CAPACITY, text);
      }
      long hostsWithRoom = slots.stream().filter(s -> s.eligible && s.fitBefore > 0).count();
      long switchesWithRoom = slots.stream().filter(s -> s.eligible && s.fitBefore > 0).map(s -> s.switchId)
          .distinct().count();
      return new Shortfall(missing, Shortfall.Cause.SPREAD, head + "the eligible hosts have room for " + capacity
          + ", but the spread limits allow only " + placed + ": " + limitsForAll + ", and the " + hostsWithRoom
          + " host(s) with room sit on " + switchesWithRoom + " switch(es) and already hold " + existingOnRoomyHosts()
          + " of the group; a smaller group has tighter limits, so " + placed
          + " is the most whose own limits hold");
    }

    private int existingOnRoomyHosts() {
      return slots.stream().filter(s -> s.eligible && s.fitBefore > 0).mapToInt(s -> s.groupBefore).sum();
    }

    /** Hosts whose static constraints include {@code c} (state, exclusion and resources before placing). */
    private long count(Constraint c) {
      return slots.stream().filter(s -> switch (c) {
        case EXCLUDED -> request.excludedHostIds().contains(s.id);
        case NOT_READY -> !s.load.isReady();
        case CORES -> s.eligible && s.freeBefore.cores() < spec.cores();
        case MEMORY -> s.eligible && s.freeBefore.memoryMb() < spec.memoryMb();
        case DISK -> s.eligible && s.freeBefore.diskGb() < spec.diskGb();
        case HOST_SHARE, SWITCH_SHARE -> false;
      }).count();
    }
  }

  private static long perCore(Resources r) {
    return r.cores() <= 0 ? 0 : r.memoryMb() / r.cores();
  }

  private static String fmt(double d) {
    return Double.isInfinite(d) ? "inf" : String.format(Locale.ROOT, "%.3f", d);
  }
}
