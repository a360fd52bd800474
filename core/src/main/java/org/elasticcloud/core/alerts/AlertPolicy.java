package org.elasticcloud.core.alerts;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.validation.Checks;
import org.elasticcloud.core.validation.ValidationException;

/**
 * An application's alert policy: "the {@code aggregation} of {@code metric} over the application's
 * containers (optionally only those of an environment, group and datacenter), per {@code scope},
 * {@code comparator} {@code threshold} for {@code hold}" fires an alert of {@code severity} that
 * notifies {@code recipients} on {@code channels}, escalates to {@code escalationRecipients} every
 * {@code escalationAfter} until acknowledged, and resolves once the condition has been false for
 * {@code clearAfter} (default: {@code hold}). Vocabulary fields are lowercase words as in the REST
 * API; {@link #check(Checks)} names every field at fault, and the typed accessors
 * ({@link #metricValue()} ...) are for a checked policy.
 *
 * @param id the stored policy's id (null before it is stored)
 * @param application the application's name
 * @param name unique within the application; part of the alerts' business keys
 * @param metric a {@link Metric} wire name ({@code cpu}, {@code memory}, ...)
 * @param scope {@code group} (default) or {@code instance}
 * @param aggregation {@code avg} (default), {@code max}, {@code min} or {@code sum}: for
 *     {@code group} how the containers' values combine (each container's points in a bucket are
 *     averaged first), for {@code instance} how one container's points in a bucket combine
 * @param environment only containers of this environment (null: any)
 * @param group only containers of this group (null: any)
 * @param datacenter only containers in this datacenter (null: any)
 * @param comparator {@code >}, {@code >=}, {@code <} or {@code <=}
 * @param threshold the value compared with, in the metric's unit
 * @param hold how long the condition must hold before the alert fires (ISO-8601, &gt; 0, at most a day)
 * @param clearAfter how long the condition must be false before a firing alert resolves (default: hold)
 * @param severity {@code info}, {@code warning} (default) or {@code critical}
 * @param channels {@code email} and/or {@code sms}, at least one
 * @param recipients whom to tell; at least one
 * @param escalationAfter when set, how long an unacknowledged alert waits before (each) escalation
 * @param escalationRecipients whom an escalation tells (required with escalationAfter)
 * @param quietHours when set, the daily span in which only critical alerts notify
 * @param enabled whether the policy is evaluated (default true)
 */
public record AlertPolicy(Long id, String application, String name, String metric, String scope,
    String aggregation, String environment, String group, String datacenter, String comparator, Double threshold,
    Duration hold, Duration clearAfter, String severity, List<String> channels, Recipients recipients,
    Duration escalationAfter, Recipients escalationRecipients, QuietHours quietHours, Boolean enabled) {

  /** The longest hold or clear period: bounds what one evaluation reads from the store. */
  public static final Duration MAX_PERIOD = Duration.ofDays(1);
  private static final Set<String> AGGREGATIONS = Set.of("avg", "max", "min", "sum");

  public AlertPolicy {
    metric = word(metric);
    scope = scope == null ? Scope.GROUP.wire() : word(scope);
    aggregation = aggregation == null ? "avg" : word(aggregation);
    comparator = comparator == null ? null : comparator.trim();
    severity = severity == null ? Severity.WARNING.wire() : word(severity);
    channels = channels == null ? List.of() : channels.stream().map(AlertPolicy::word).toList();
    environment = blankToNull(environment);
    group = blankToNull(group);
    datacenter = blankToNull(datacenter);
    enabled = enabled == null || enabled;
  }

  public AlertPolicy withId(Long newId) {
    return new AlertPolicy(newId, application, name, metric, scope, aggregation, environment, group, datacenter,
        comparator, threshold, hold, clearAfter, severity, channels, recipients, escalationAfter,
        escalationRecipients, quietHours, enabled);
  }

  public AlertPolicy withApplication(String app) {
    return new AlertPolicy(id, app, name, metric, scope, aggregation, environment, group, datacenter,
        comparator, threshold, hold, clearAfter, severity, channels, recipients, escalationAfter,
        escalationRecipients, quietHours, enabled);
  }

  /** Records every rule this policy breaks. */
  public void check(Checks checks) {
    checks.name("application", application).name("name", name);
    if (metric == null || metric.isBlank()) {
      checks.add("metric", "must be given");
    } else if (Metric.fromWire(metric).isEmpty()) {
      checks.add("metric", "must be one of " + Arrays.stream(Metric.values()).map(Metric::wireName)
          .collect(Collectors.joining(", ")));
    }
    checks.isTrue(Scope.fromWire(scope).isPresent(), "scope", "must be group or instance");
    checks.isTrue(AGGREGATIONS.contains(aggregation), "aggregation", "must be avg, max, min or sum");
    if (environment != null) {
      checks.name("environment", environment);
    }
    if (group != null) {
      checks.name("group", group);
    }
    if (datacenter != null) {
      checks.name("datacenter", datacenter);
    }
    if (comparator == null || comparator.isBlank()) {
      checks.add("comparator", "must be given");
    } else {
      checks.isTrue(Comparison.fromSymbol(comparator).isPresent(), "comparator", "must be >, >=, < or <=");
    }
    if (threshold == null) {
      checks.add("threshold", "must be given");
    } else {
      checks.isTrue(Double.isFinite(threshold), "threshold", "must be a finite number");
    }
    period(checks, "hold", hold, true);
    period(checks, "clearAfter", clearAfter, false);
    checks.isTrue(Severity.fromWire(severity).isPresent(), "severity", "must be info, warning or critical");
    checkChannels(checks);
    if (recipients == null) {
      checks.add("recipients", "must name at least one recipient: owner, department, emails or phones");
    } else {
      recipients.check(checks, "recipients");
    }
    period(checks, "escalationAfter", escalationAfter, false);
    if (escalationAfter != null && (escalationRecipients == null || escalationRecipients.none())) {
      checks.add("escalationRecipients", "must name at least one recipient when escalationAfter is set");
    } else if (escalationRecipients != null && !escalationRecipients.none()) {
      escalationRecipients.check(checks, "escalationRecipients");
      checks.isTrue(escalationAfter != null, "escalationAfter", "must be given with escalationRecipients");
    }
    if (quietHours != null) {
      quietHours.check(checks, "quietHours");
    }
  }

  private void checkChannels(Checks checks) {
    if (channels.isEmpty()) {
      checks.add("channels", "must name at least one channel: email or sms");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < channels.size(); i++) {
      String c = channels.get(i);
      if (Channel.fromWire(c).isEmpty()) {
        checks.add("channels[" + i + "]", "must be email or sms");
      } else if (!seen.add(c)) {
        checks.add("channels[" + i + "]", "is named twice");
      }
    }
    if (recipients != null && !recipients.none()) {
      if (seen.contains("sms") && recipients.phones().isEmpty()) {
        checks.add("recipients.phones", "must name at least one phone number for the sms channel");
      }
      if (seen.contains("email") && !recipients.reachesByEmail()) {
        checks.add("recipients", "must name an e-mail recipient (owner, department or emails) for the email channel");
      }
    }
  }

  private static void period(Checks checks, String field, Duration d, boolean required) {
    if (d == null) {
      if (required) {
        checks.add(field, "must be given (ISO-8601, e.g. PT1M)");
      }
    } else if (d.isNegative() || d.isZero()) {
      checks.add(field, "must be greater than 0");
    } else if (d.compareTo(MAX_PERIOD) > 0) {
      checks.add(field, "must be at most P1D");
    }
  }

  /** Throws a {@link ValidationException} naming every broken rule, if any. */
  public AlertPolicy validated() {
    Checks checks = new Checks();
    check(checks);
    checks.throwIfAny();
    return this;
  }

  public Metric metricValue() {
    return Metric.fromWire(metric).orElseThrow();
  }

  public Scope scopeValue() {
    return Scope.fromWire(scope).orElseThrow();
  }

  public Aggregation aggregationValue() {
    return Aggregation.valueOf(aggregation.toUpperCase(Locale.ROOT));
  }

  public Comparison comparison() {
    return Comparison.fromSymbol(comparator).orElseThrow();
  }

  public Severity severityValue() {
    return Severity.fromWire(severity).orElseThrow();
  }

  public Set<Channel> channelSet() {
    Set<Channel> set = EnumSet.noneOf(Channel.class);
    channels.forEach(c -> set.add(Channel.fromWire(c).orElseThrow()));
    return set;
  }

  /** How long the condition must be false before a firing alert resolves. */
  public Duration clearPeriod() {
    return clearAfter != null ? clearAfter : hold;
  }

  /**
   * The subject of a {@link Scope#GROUP} policy's single alert: its selection as
   * {@code environment/group/datacenter}, {@code *} for any ({@code production/v2/*}).
   */
  public String groupSubject() {
    return star(environment) + "/" + star(group) + "/" + star(datacenter);
  }

  /** The condition in words: {@code avg cpu > 80.0 for PT1M}. */
  public String condition() {
    return aggregation + " " + metric + " " + comparator + " " + threshold + " for " + hold;
  }

  private static String star(String s) {
    return s == null ? "*" : s;
  }

  private static String word(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
