package org.elasticcloud.core.alerts;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.elasticcloud.core.validation.Checks;

/**
 * A daily span of local time in a zone during which only {@link Severity#CRITICAL} alerts notify.
 * The span may cross midnight ({@code 22:00}-{@code 07:00}); {@code start} is inside, {@code end}
 * is not. A notification of a lesser alert that falls inside is held until the span ends, then sent
 * if the alert is still open, and dropped if it was resolved by then (ADR 0013).
 */
public record QuietHours(LocalTime start, LocalTime end, String zone) {

  public void check(Checks checks, String field) {
    checks.present(field + ".start", start).present(field + ".end", end);
    if (start != null && start.equals(end)) {
      checks.add(field + ".end", "must differ from start");
    }
    if (zone == null || zone.isBlank()) {
      checks.add(field + ".zone", "must be given (a time zone such as Europe/Berlin or UTC)");
    } else {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        checks.add(field + ".zone", "must be a time zone such as Europe/Berlin or UTC");
      }
    }
  }

  public ZoneId zoneId() {
    return ZoneId.of(zone);
  }

  /** Whether {@code at} falls inside the quiet hours. */
  public boolean contains(Instant at) {
    LocalTime t = at.atZone(zoneId()).toLocalTime();
    if (start.isBefore(end)) {
      return !t.isBefore(start) && t.isBefore(end);
    }
    return !t.isBefore(start) || t.isBefore(end);
  }

  /** The first end of the quiet hours after {@code at}. */
  public Instant nextEnd(Instant at) {
    ZoneId z = zoneId();
    LocalDate day = at.atZone(z).toLocalDate();
    ZonedDateTime end1 = ZonedDateTime.of(day, end, z);
    return end1.toInstant().isAfter(at) ? end1.toInstant() : ZonedDateTime.of(day.plusDays(1), end, z).toInstant();
  }

  /**
   * Until when a notification of an alert of {@code severity} due at {@code at} is held: the end of
   * the quiet hours when {@code at} is inside them and the alert is not critical; empty when it
   * may go now.
   */
  public Optional<Instant> holds(Instant at, Severity severity) {
    if (severity == Severity.CRITICAL || !contains(at)) {
      return Optional.empty();
    }
    return Optional.of(nextEnd(at));
  }
}
