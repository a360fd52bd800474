package org.elasticcloud.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.alerts.AlertEvaluator.Kind;
import org.elasticcloud.core.alerts.AlertEvaluator.Transition;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.port.MetricsStore.Per;
import org.elasticcloud.core.port.MetricsStore.Sample;
import org.elasticcloud.core.port.MetricsStore.Series;
import org.elasticcloud.core.port.MetricsStore.SeriesQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The evaluator's decisions over series written sample by sample, with a clock moved by hand. */
class AlertEvaluatorTest {
  private static final Duration STEP = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2025-07-01T10:00:00Z");

  private MutableClock clock;
  private MetricsStore store;
  private AlertEvaluator evaluator;
  /** The series the mocked store answers, per subject name ("" for a group's single series). */
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private final Map<String, AlertState> states = new HashMap<>();

  @BeforeEach
  void setUp() {
    clock = new MutableClock(T0);
    store = mock(MetricsStore.class);
    when(store.query(any())).thenAnswer(inv -> {
      SeriesQuery q = inv.getArgument(0);
      List<Series> out = new ArrayList<>();
      samples.forEach((name, list) -> {
        List<Sample> in = list.stream().filter(s -> !s.at().isBefore(q.from()) && !s.at().isAfter(q.to())).toList();
        Subject subject = name.isEmpty() ? null : Subject.container(name, "h1", "cap", "production", "v2");
        out.add(new Series(subject, in));
      });
      return out;
    });
    evaluator = new AlertEvaluator(store, clock, STEP);
  }

  private static AlertPolicy groupPolicy(Duration hold, Duration clear) {
    return AlertPolicyTest.with(f -> {
      f[11] = hold;
      f[12] = clear;
      return f;
    });
  }

  private static AlertPolicy instancePolicy(Duration hold) {
    return AlertPolicyTest.with(f -> {
      f[4] = "instance";
      f[5] = "max";
      f[11] = hold;
      return f;
    });
  }

  /** Appends a sample at the clock's current bucket, then moves the clock one step on. */
  private void tick(String subject, double value) {
    samples.computeIfAbsent(subject, k -> new ArrayList<>()).add(new Sample(clock.instant(), value));
  }

  private List<Transition> evaluate(AlertPolicy p) {
    List<Transition> ts = evaluator.evaluate(p, states);
    for (Transition t : ts) {
      switch (t.kind()) {
        case PENDING -> states.put(t.subject(), AlertState.PENDING);
        case FIRE -> states.put(t.subject(), AlertState.FIRING);
        case CANCEL, RESOLVE -> states.remove(t.subject());
        default -> throw new IllegalStateException();
      }
    }
    return ts;
  }

  /** Runs {@code rounds} evaluation rounds, each one sample of {@code value} then one step; returns every transition. */
  private List<Transition> run(AlertPolicy p, int rounds, double value) {
    List<Transition> all = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      tick("", value);
      all.addAll(evaluate(p));
      clock.advance(STEP);
    }
    return all;
  }

  @Test
  void theQuery_readsOneAggregatedSeriesForAGroup_andOnePerContainerForInstances() {
    SeriesQuery g = evaluator.query(groupPolicy(Duration.ofMinutes(1), Duration.ofMinutes(2)));
    assertThat(g.metric()).isEqualTo(Metric.CPU);
    assertThat(g.per()).isEqualTo(Per.ALL);
    assertThat(g.aggregation()).isEqualTo(Aggregation.AVG);
    assertThat(g.step()).isEqualTo(STEP);
    assertThat(g.to()).isEqualTo(T0);
    assertThat(g.from()).isEqualTo(T0.minus(Duration.ofMinutes(2)).minus(STEP.multipliedBy(3)));
    assertThat(g.selector().kind()).isEqualTo(SubjectKind.CONTAINER);
    assertThat(g.selector().application()).isEqualTo("cap");
    assertThat(g.selector().environment()).isEqualTo("production");
    assertThat(g.selector().group()).isEqualTo("v2");
    assertThat(g.selector().datacenter()).isNull();

    SeriesQuery i = evaluator.query(instancePolicy(Duration.ofSeconds(30)));
    assertThat(i.per()).isEqualTo(Per.SUBJECT);
    assertThat(i.aggregation()).isEqualTo(Aggregation.MAX);
    assertThat(i.from()).isEqualTo(T0.minus(Duration.ofSeconds(60)));
  }

  @Test
  void aBreach_isPendingFirst_andFiresOnceItHeldForTheWholeHold() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(30), null);
    assertThat(run(p, 1, 50)).isEmpty();

    List<Transition> first = run(p, 1, 90);
    assertThat(first).extracting(Transition::kind).containsExactly(Kind.PENDING);
    assertThat(first.get(0).subject()).isEqualTo("production/v2/*");
    assertThat(first.get(0).value()).isEqualTo(90.0);
    // 10 s, 20 s held: still pending, and nothing new is said
    assertThat(run(p, 2, 95)).isEmpty();
    // 30 s held
    List<Transition> fire = run(p, 1, 92);
    assertThat(fire).extracting(Transition::kind).containsExactly(Kind.FIRE);
    assertThat(fire.get(0).value()).isEqualTo(92.0);
    assertThat(fire.get(0).reason()).contains("avg cpu > 80.0");
    // firing: nothing more while it holds
    assertThat(run(p, 5, 99)).isEmpty();
  }

  @Test
  void aBreachThatStops_beforeTheHold_isCancelledNotFired() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(30), null);
    assertThat(run(p, 2, 90)).extracting(Transition::kind).containsExactly(Kind.PENDING);
    assertThat(run(p, 1, 70)).extracting(Transition::kind).containsExactly(Kind.CANCEL);
    assertThat(states).isEmpty();
    // a new breach starts counting again from its own start
    assertThat(run(p, 3, 90)).extracting(Transition::kind).containsExactly(Kind.PENDING);
    assertThat(run(p, 1, 90)).extracting(Transition::kind).containsExactly(Kind.FIRE);
  }

  @Test
  void oneMissingBucket_isTolerated_twoBreakTheStreak() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(50), null);
    run(p, 2, 90);
    clock.advance(STEP); // one bucket missing: 20 s between samples
    assertThat(run(p, 2, 90)).isEmpty();
    assertThat(states).containsValue(AlertState.PENDING);
    assertThat(run(p, 1, 90)).extracting(Transition::kind).containsExactly(Kind.FIRE);

    states.clear();
    samples.clear();
    run(p, 3, 90);
    clock.advance(STEP.multipliedBy(2)); // two buckets missing: 30 s between samples, a new streak
    List<Transition> after = run(p, 5, 90);
    assertThat(after).extracting(Transition::kind).doesNotContain(Kind.FIRE);
    assertThat(run(p, 1, 90)).extracting(Transition::kind).containsExactly(Kind.FIRE);
  }

  @Test
  void staleData_isNoBreach() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(30), null);
    run(p, 2, 90);
    assertThat(states).containsValue(AlertState.PENDING);
    clock.advance(STEP.multipliedBy(2)); // nothing for 30 s since the last sample
    assertThat(evaluate(p)).extracting(Transition::kind).containsExactly(Kind.CANCEL);
  }

  @Test
  void aFiringAlert_resolvesAfterTheClearPeriod_notBefore() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(20), Duration.ofSeconds(30));
    assertThat(run(p, 3, 90)).extracting(Transition::kind).containsExactly(Kind.PENDING, Kind.FIRE);
    assertThat(run(p, 3, 60)).isEmpty(); // 0, 10, 20 s clear
    // a single breach in between restarts the clear period
    assertThat(run(p, 1, 85)).isEmpty();
    assertThat(run(p, 3, 60)).isEmpty();
    List<Transition> resolved = run(p, 1, 60);
    assertThat(resolved).extracting(Transition::kind).containsExactly(Kind.RESOLVE);
    assertThat(resolved.get(0).reason()).contains("false since");
  }

  @Test
  void anAcknowledgedAlert_resolvesLikeAFiringOne() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10));
    run(p, 2, 90);
    states.replaceAll((k, v) -> AlertState.ACKNOWLEDGED);
    run(p, 1, 10);
    assertThat(run(p, 1, 10)).extracting(Transition::kind).containsExactly(Kind.RESOLVE);
  }

  @Test
  void aSilentSubject_resolvesAfterTheClearPeriod() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30));
    run(p, 2, 90);
    assertThat(states).containsValue(AlertState.FIRING);
    clock.advance(Duration.ofSeconds(15));
    assertThat(evaluate(p)).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(evaluate(p)).singleElement().satisfies(t -> {
      assertThat(t.kind()).isEqualTo(Kind.RESOLVE);
      assertThat(t.reason()).startsWith("no data");
    });
  }

  @Test
  void instancePolicies_keepOneAlertPerContainer() {
    AlertPolicy p = instancePolicy(Duration.ofSeconds(20));
    List<Transition> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tick("cap-production-v2-0", 95);
      tick("cap-production-v2-1", i < 2 ? 95 : 10);
      tick("cap-production-v2-2", 10);
      all.addAll(evaluate(p));
      clock.advance(STEP);
    }
    assertThat(all).extracting(t -> t.subject() + " " + t.kind()).containsExactly(
        "cap-production-v2-0 PENDING", "cap-production-v2-1 PENDING",
        "cap-production-v2-0 FIRE", "cap-production-v2-1 CANCEL");
    assertThat(states).containsOnlyKeys("cap-production-v2-0");
  }

  @Test
  void aRemovedContainersAlert_resolvesWhenItsSeriesIsGone() {
    AlertPolicy p = instancePolicy(Duration.ofSeconds(10));
    tick("cap-production-v2-0", 95);
    evaluate(p);
    clock.advance(STEP);
    tick("cap-production-v2-0", 95);
    assertThat(evaluate(p)).extracting(Transition::kind).containsExactly(Kind.FIRE);
    samples.clear();
    clock.advance(Duration.ofSeconds(15));
    assertThat(evaluate(p)).singleElement().extracting(Transition::kind).isEqualTo(Kind.RESOLVE);
  }

  @Test
  void lessThanPolicies_breachBelowTheThreshold() {
    AlertPolicy p = AlertPolicyTest.with(f -> {
      f[3] = "liveness";
      f[9] = "<";
      f[10] = 1.0;
      f[11] = Duration.ofSeconds(10);
      return f;
    });
    assertThat(run(p, 2, 1.0)).isEmpty();
    assertThat(run(p, 2, 0.5)).extracting(Transition::kind).containsExactly(Kind.PENDING, Kind.FIRE);
  }

  @Test
  void samplesAfterNowAndNaN_areIgnored() {
    AlertPolicy p = groupPolicy(Duration.ofSeconds(10), null);
    samples.computeIfAbsent("", k -> new ArrayList<>()).add(new Sample(T0.plusSeconds(5), 99));
    samples.get("").add(new Sample(T0, Double.NaN));
    assertThat(evaluator.decide(p, List.of(new Series(null, samples.get(""))), Map.of())).isEmpty();
  }
}
