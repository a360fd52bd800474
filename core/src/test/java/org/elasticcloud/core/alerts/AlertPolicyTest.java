package org.elasticcloud.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.validation.Checks;
import org.elasticcloud.core.validation.ValidationException;
import org.elasticcloud.core.validation.Violation;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {

  static AlertPolicy cpuHigh() {
    return new AlertPolicy(null, "cap", "cpu-high", "cpu", "group", "avg", "production", "v2", null, ">", 80.0,
        Duration.ofMinutes(1), null, "critical", List.of("email", "sms"),
        new Recipients(true, false, List.of("oncall@example.org"), List.of("+49 151 1234-5678")),
        Duration.ofMinutes(15), new Recipients(false, true, null, null), null, null);
  }

  static AlertPolicy with(java.util.function.UnaryOperator<Object[]> change) {
    AlertPolicy p = cpuHigh();
    Object[] f = {p.id(), p.application(), p.name(), p.metric(), p.scope(), p.aggregation(), p.environment(), p.group(),
        p.datacenter(), p.comparator(), p.threshold(), p.hold(), p.clearAfter(), p.severity(), p.channels(),
        p.recipients(), p.escalationAfter(), p.escalationRecipients(), p.quietHours(), p.enabled()};
    f = change.apply(f);
    return new AlertPolicy((Long) f[0], (String) f[1], (String) f[2], (String) f[3], (String) f[4], (String) f[5],
        (String) f[6], (String) f[7], (String) f[8], (String) f[9], (Double) f[10], (Duration) f[11], (Duration) f[12],
        (String) f[13], (List<String>) f[14], (Recipients) f[15], (Duration) f[16], (Recipients) f[17],
        (QuietHours) f[18], (Boolean) f[19]);
  }

  static AlertPolicy set(int field, Object value) {
    return with(f -> {
      f[field] = value;
      return f;
    });
  }

  private static List<Violation> violations(AlertPolicy p) {
    Checks c = new Checks();
    p.check(c);
    return c.violations();
  }

  @Test
  void aGoodPolicy_passesAndReadsTyped() {
    AlertPolicy p = cpuHigh().validated();
    assertThat(p.metricValue()).isEqualTo(Metric.CPU);
    assertThat(p.scopeValue()).isEqualTo(Scope.GROUP);
    assertThat(p.aggregationValue()).isEqualTo(Aggregation.AVG);
    assertThat(p.comparison()).isEqualTo(Comparison.GT);
    assertThat(p.severityValue()).isEqualTo(Severity.CRITICAL);
    assertThat(p.channelSet()).containsExactlyInAnyOrder(Channel.EMAIL, Channel.SMS);
    assertThat(p.enabled()).isTrue();
    assertThat(p.clearPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.groupSubject()).isEqualTo("production/v2/*");
    assertThat(p.recipients().phones()).containsExactly("+4915112345678");
    assertThat(p.condition()).isEqualTo("avg cpu > 80.0 for PT1M");
  }

  @Test
  void defaults_groupAvgWarningEnabled() {
    AlertPolicy p = new AlertPolicy(null, "cap", "mem", "MEMORY", null, null, " ", null, null, "<=", 1.0,
        Duration.ofSeconds(30), Duration.ofMinutes(5), null, List.of("EMAIL"), Recipients.ofOwner(), null, null,
        null, null).validated();
    assertThat(p.scopeValue()).isEqualTo(Scope.GROUP);
    assertThat(p.aggregation()).isEqualTo("avg");
    assertThat(p.severityValue()).isEqualTo(Severity.WARNING);
    assertThat(p.environment()).isNull();
    assertThat(p.metricValue()).isEqualTo(Metric.MEMORY);
    assertThat(p.clearPeriod()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.groupSubject()).isEqualTo("*/*/*");
    assertThat(p.enabled()).isTrue();
  }

  @Test
  void unknownMetric_isAViolationNamingTheKnownOnes() {
    assertThat(violations(set(3, "cpu_percent"))).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("metric");
      assertThat(v.message()).contains("cpu", "memory_limit");
    });
  }

  @Test
  void negativeOrZeroOrMissingHold_isAViolation() {
    assertThat(violations(set(11, Duration.ofSeconds(-5)))).extracting(Violation::field, Violation::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("hold", "must be greater than 0"));
    assertThat(violations(set(11, Duration.ZERO))).extracting(Violation::field).containsExactly("hold");
    assertThat(violations(set(11, null))).extracting(Violation::field).containsExactly("hold");
    assertThat(violations(set(11, Duration.ofDays(2)))).extracting(Violation::message).containsExactly("must be at most P1D");
    assertThat(violations(set(12, Duration.ofSeconds(-1)))).extracting(Violation::field).containsExactly("clearAfter");
    assertThat(violations(set(16, Duration.ofMinutes(-1)))).extracting(Violation::field).containsExactly("escalationAfter");
  }

  @Test
  void emptyOrMissingRecipients_isAViolation() {
    assertThat(violations(set(15, new Recipients(false, false, List.of(), List.of()))))
        .extracting(Violation::field).contains("recipients");
    assertThat(violations(set(15, null))).extracting(Violation::field).contains("recipients");
  }

  @Test
  void badAddresses_areNamedOneByOne() {
    AlertPolicy p = set(15, new Recipients(false, false, List.of("ok@example.org", "not-an-address"),
        List.of("+4915112345678", "12", "+0123456789", "call me")));
    assertThat(violations(p)).extracting(Violation::field)
        .containsExactly("recipients.emails[1]", "recipients.phones[1]", "recipients.phones[2]", "recipients.phones[3]");
  }

  @Test
  void channelsMustBeKnown_present_unique_andReachable() {
    assertThat(violations(set(14, List.of()))).extracting(Violation::field).containsExactly("channels");
    assertThat(violations(set(14, List.of("email", "pager")))).extracting(Violation::field).containsExactly("channels[1]");
    assertThat(violations(set(14, List.of("email", "email")))).extracting(Violation::message).containsExactly("is named twice");
    // sms without a phone number
    assertThat(violations(set(15, Recipients.ofOwner()))).extracting(Violation::field).containsExactly("recipients.phones");
    // email with only phones
    AlertPolicy phonesOnly = with(f -> {
      f[14] = List.of("email");
      f[15] = new Recipients(false, false, null, List.of("+4915112345678"));
      return f;
    });
    assertThat(violations(phonesOnly)).extracting(Violation::field).containsExactly("recipients");
  }

  @Test
  void vocabularyAndNames_areChecked() {
    assertThat(violations(set(4, "cluster"))).extracting(Violation::field).containsExactly("scope");
    assertThat(violations(set(5, "p99"))).extracting(Violation::field).containsExactly("aggregation");
    assertThat(violations(set(9, "=="))).extracting(Violation::field).containsExactly("comparator");
    assertThat(violations(set(9, null))).extracting(Violation::field).containsExactly("comparator");
    assertThat(violations(set(10, null))).extracting(Violation::field).containsExactly("threshold");
    assertThat(violations(set(10, Double.NaN))).extracting(Violation::field).containsExactly("threshold");
    assertThat(violations(set(13, "fatal"))).extracting(Violation::field).containsExactly("severity");
    assertThat(violations(set(2, "cpu high!"))).extracting(Violation::field).containsExactly("name");
    assertThat(violations(set(7, "v 2"))).extracting(Violation::field).containsExactly("group");
  }

  @Test
  void escalation_needsBothAPeriodAndRecipients() {
    assertThat(violations(set(17, null))).extracting(Violation::field).containsExactly("escalationRecipients");
    assertThat(violations(set(16, null))).extracting(Violation::field).containsExactly("escalationAfter");
    AlertPolicy none = with(f -> {
      f[16] = null;
      f[17] = null;
      return f;
    });
    assertThat(violations(none)).isEmpty();
  }

  @Test
  void quietHours_areChecked() {
    assertThat(violations(set(18, new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), "Europe/Berlin")))).isEmpty();
    assertThat(violations(set(18, new QuietHours(LocalTime.of(22, 0), LocalTime.of(22, 0), "Mars/Olympus"))))
        .extracting(Violation::field).containsExactly("quietHours.end", "quietHours.zone");
    assertThat(violations(set(18, new QuietHours(null, null, null))))
        .extracting(Violation::field).containsExactly("quietHours.start", "quietHours.end", "quietHours.zone");
  }

  @Test
  void everyProblemIsListedAtOnce() {
    AlertPolicy bad = new AlertPolicy(null, "cap", "x", "nope", null, null, null, null, null, ">", 1.0,
        Duration.ofSeconds(-1), null, null, List.of("email"), new Recipients(false, false, null, null), null, null,
        null, null);
    assertThatThrownBy(bad::validated).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).violations()).extracting(Violation::field)
            .containsExactly("metric", "hold", "recipients"));
  }
}
