package org.elasticcloud.core.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.core.port.MetricsStore.Per;
import org.elasticcloud.core.port.MetricsStore.Sample;
import org.elasticcloud.core.port.MetricsStore.Selector;
import org.elasticcloud.core.port.MetricsStore.Series;
import org.elasticcloud.core.port.MetricsStore.SeriesQuery;

/**
 * Decides, for one policy at a time, what happens to each of its alerts: from the metric series in
 * the {@link MetricsStore} (bucketed by the evaluation interval) and the alerts' current states.
 *
 * <ul>
 *   <li>an alert key is the policy and its subject: the container for {@link Scope#INSTANCE}, the
 *       policy's selection ({@link AlertPolicy#groupSubject()}) for {@link Scope#GROUP};</li>
 *   <li>the condition <em>holds since</em> t when every sample from t to the newest is a breach, no two
 *       of them (nor the newest and now) are more than {@link #MAX_GAP_INTERVALS} intervals apart;</li>
 *   <li>pending: it holds, but not yet for {@code hold}; firing: it has held for {@code hold}
 *       (t &le; now &minus; hold); a pending alert whose condition stops holding is cancelled;</li>
 *   <li>a firing or acknowledged alert resolves when the condition has been false, in the same
 *       sense, for the policy's clear period, or when its subject sent nothing for that long (a
 *       container that was removed).</li>
 * </ul>
 */
public final class AlertEvaluator {
  /** Samples further apart than this many intervals break a streak (one missing bucket is tolerated). */
  public static final int MAX_GAP_INTERVALS = 2;

  /** What the evaluation decided for one alert key. */
  public enum Kind {
    /** The condition started to hold: record the alert as pending. */
    PENDING,
    /** The condition held for the whole hold duration: the alert fires (start its AlertProcess). */
    FIRE,
    /** A pending alert's condition no longer holds: forget it. */
    CANCEL,
    /** A firing or acknowledged alert's condition has cleared (or its data stopped): resolve it. */
    RESOLVE
  }

  /**
   * A change for one alert: its subject, what happens, the newest value seen (null when none) and
   * why, in words.
   */
  public record Transition(String subject, Kind kind, Double value, String reason) {
  }

  private final MetricsStore store;
  private final Clock clock;
  private final Duration interval;

  /**
   * @param interval the evaluation interval: the buckets' step, and the unit of the tolerated gap
   */
  public AlertEvaluator(MetricsStore store, Clock clock, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    this.store = store;
    this.clock = clock;
    this.interval = interval;
  }

  /**
   * The store query for a policy: its metric over its selection, from
   * max(hold, clear period) plus three intervals ago to now, in buckets of one interval; one series
   * for all containers ({@link Per#ALL} with the policy's aggregation) for a group policy, one per
   * container ({@link Per#SUBJECT}) for an instance policy.
   */
  public SeriesQuery query(AlertPolicy policy) {
    Instant now = clock.instant();
    Duration window = max(policy.hold(), policy.clearPeriod()).plus(interval.multipliedBy(MAX_GAP_INTERVALS + 1));
    Selector selector = Selector.group(policy.application(), policy.environment(), policy.group(), policy.datacenter());
    Per per = policy.scopeValue() == Scope.GROUP ? Per.ALL : Per.SUBJECT;
    return new SeriesQuery(policy.metricValue(), selector, now.minus(window), now, interval,
        policy.aggregationValue(), per);
  }

  /** Reads the policy's series from the store and decides (see {@link #decide}). */
  public List<Transition> evaluate(AlertPolicy policy, Map<String, AlertState> current) {
    return decide(policy, store.query(query(policy)), current);
  }

  /**
   * The transitions for a policy's alert keys, given its series and the current state of each key
   * that has one (pending, firing or acknowledged; absent keys have none).
   */
  public List<Transition> decide(AlertPolicy policy, List<Series> series, Map<String, AlertState> current) {
    Instant now = clock.instant();
    Map<String, List<Sample>> bySubject = new LinkedHashMap<>();
    for (Series s : series) {
      String subject = policy.scopeValue() == Scope.GROUP || s.subject() == null ? policy.groupSubject()
          : s.subject().name();
      bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).addAll(s.samples());
    }
    current.keySet().forEach(k -> bySubject.putIfAbsent(k, List.of()));
    List<Transition> out = new ArrayList<>();
    for (Map.Entry<String, List<Sample>> e : bySubject.entrySet()) {
      Transition t = decideOne(policy, e.getKey(), e.getValue(), current.get(e.getKey()), now);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  private Transition decideOne(AlertPolicy p, String subject, List<Sample> raw, AlertState state, Instant now) {
    List<Sample> samples = raw.stream().filter(s -> !s.at().isAfter(now) && Double.isFinite(s.value()))
        .sorted(Comparator.comparing(Sample::at)).toList();
    Double latest = samples.isEmpty() ? null : samples.get(samples.size() - 1).value();
    Instant breachSince = holdsSince(p, samples, now, true);
    if (state == null || state == AlertState.PENDING) {
      if (breachSince != null && !breachSince.isAfter(now.minus(p.hold()))) {
        return new Transition(subject, Kind.FIRE, latest, p.condition() + ": " + latest + " since " + breachSince);
      }
      if (breachSince != null) {
        return state == null ? new Transition(subject, Kind.PENDING, latest, p.condition() + ": " + latest
            + " since " + breachSince) : null;
      }
      return state == null ? null : new Transition(subject, Kind.CANCEL, latest, "the condition stopped holding");
    }
    if (!state.open()) {
      return null;
    }
    Instant clearSince = holdsSince(p, samples, now, false);
    Instant clearBefore = now.minus(p.clearPeriod());
    if (clearSince != null && !clearSince.isAfter(clearBefore)) {
      return new Transition(subject, Kind.RESOLVE, latest, "the condition has been false since " + clearSince);
    }
    boolean silent = samples.stream().noneMatch(s -> s.at().isAfter(clearBefore));
    if (silent) {
      return new Transition(subject, Kind.RESOLVE, latest, "no data for " + p.clearPeriod());
    }
    return null;
  }

  /**
   * Since when the condition has been {@code breach} (true) or not (false) without a break, or null
   * when the newest sample says otherwise or is too old.
   */
  private Instant holdsSince(AlertPolicy p, List<Sample> samples, Instant now, boolean breach) {
    Duration maxGap = interval.multipliedBy(MAX_GAP_INTERVALS);
    Instant next = now;
    Instant since = null;
    for (int i = samples.size() - 1; i >= 0; i--) {
      Sample s = samples.get(i);
      if (Duration.between(s.at(), next).compareTo(maxGap) > 0) {
        break;
      }
      if (p.comparison().test(s.value(), p.threshold()) != breach) {
        break;
      }
      since = s.at();
      next = s.at();
    }
    return since;
  }

  private static Duration max(Duration a, Duration b) {
    return Objects.requireNonNull(a).compareTo(b) >= 0 ? a : b;
  }
}
