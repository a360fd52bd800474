package org.elasticcloud.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  private final QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), "Europe/Berlin");
  private final QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0), "UTC");

  @Test
  void aSpanOverMidnight_containsLateEveningAndEarlyMorningInItsZone() {
    // 21:30 UTC is 23:30 in Berlin (summer time)
    assertThat(night.contains(Instant.parse("2025-07-01T21:30:00Z"))).isTrue();
    assertThat(night.contains(Instant.parse("2025-07-02T04:59:59Z"))).isTrue();
    assertThat(night.contains(Instant.parse("2025-07-02T05:00:00Z"))).isFalse();
    assertThat(night.contains(Instant.parse("2025-07-01T19:59:59Z"))).isFalse();
    assertThat(night.contains(Instant.parse("2025-07-01T20:00:00Z"))).isTrue();
  }

  @Test
  void aSpanWithinADay_includesStartExcludesEnd() {
    assertThat(lunch.contains(Instant.parse("2025-07-01T12:00:00Z"))).isTrue();
    assertThat(lunch.contains(Instant.parse("2025-07-01T12:59:59Z"))).isTrue();
    assertThat(lunch.contains(Instant.parse("2025-07-01T13:00:00Z"))).isFalse();
    assertThat(lunch.contains(Instant.parse("2025-07-01T11:59:59Z"))).isFalse();
  }

  @Test
  void lesserAlertsAreHeldUntilTheEnd_criticalOnesNever() {
    Instant lateEvening = Instant.parse("2025-07-01T21:30:00Z");
    assertThat(night.holds(lateEvening, Severity.WARNING)).contains(Instant.parse("2025-07-02T05:00:00Z"));
    assertThat(night.holds(lateEvening, Severity.INFO)).contains(Instant.parse("2025-07-02T05:00:00Z"));
    assertThat(night.holds(lateEvening, Severity.CRITICAL)).isEmpty();
    Instant earlyMorning = Instant.parse("2025-07-02T03:00:00Z");
    assertThat(night.holds(earlyMorning, Severity.WARNING)).contains(Instant.parse("2025-07-02T05:00:00Z"));
    assertThat(night.holds(Instant.parse("2025-07-02T10:00:00Z"), Severity.WARNING)).isEmpty();
  }

  @Test
  void theEndFollowsDaylightSavingTime() {
    // winter: 07:00 in Berlin is 06:00 UTC
    assertThat(night.holds(Instant.parse("2025-01-15T23:00:00Z"), Severity.WARNING))
        .contains(Instant.parse("2025-01-16T06:00:00Z"));
  }
}
