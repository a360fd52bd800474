package org.elasticcloud.core.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.alerts.NotificationGate.Message;
import org.elasticcloud.core.alerts.NotificationGate.OpenAlert;
import org.elasticcloud.core.alerts.NotificationGate.Plan;
import org.elasticcloud.core.alerts.NotificationGate.Settings;
import org.junit.jupiter.api.Test;

class NotificationGateTest {
  private static final Instant NOW = Instant.parse("2025-07-01T10:00:00Z");
  private static final Recipient OWNER = new Recipient(Channel.EMAIL, "alice@example.org");
  private static final Recipient ONCALL = new Recipient(Channel.EMAIL, "oncall@example.org");
  private static final Recipient PHONE = new Recipient(Channel.SMS, "+4915112345678");
  /** 22:00-07:00 UTC: NOW (10:00) is outside, 23:00 inside. */
  private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), "UTC");

  private final NotificationGate gate = new NotificationGate(new Settings(Duration.ofSeconds(30), 3, Duration.ofHours(1)));
  /** Messages sent per recipient within the window, as the notification log would count them. */
  private final Map<Recipient, Integer> sent = new HashMap<>();

  private static OpenAlert alert(long id, String app, String subject, Severity severity, List<Recipient> to, QuietHours q) {
    return new OpenAlert(id, app, "cpu-high", subject, severity, "avg cpu > 80.0 for PT1M: 93.0",
        NOW.minusSeconds(100 - id), to, q);
  }

  private Plan firing(OpenAlert a, List<OpenAlert> others, Instant at) {
    Plan p = gate.planFiring(a, others, at, r -> sent.getOrDefault(r, 0));
    p.messages().forEach(m -> sent.merge(m.to(), 1, Integer::sum));
    return p;
  }

  @Test
  void oneAlert_oneMessagePerRecipientAndChannel() {
    Plan p = firing(alert(1, "cap", "production/v2/*", Severity.CRITICAL, List.of(OWNER, PHONE), null), List.of(), NOW);
    assertThat(p.held()).isFalse();
    assertThat(p.alertIds()).containsExactly(1L);
    assertThat(p.messages()).extracting(Message::to).containsExactly(OWNER, PHONE);
    Message mail = p.messages().get(0);
    assertThat(mail.subject()).isEqualTo("[ecloud] CRITICAL cap: alert cpu-high on production/v2/*");
    assertThat(mail.text()).contains("#1 CRITICAL cpu-high on production/v2/*", "93.0", "/api/alerts/{id}/acknowledge");
    assertThat(p.messages().get(1).text()).startsWith("[ecloud] CRITICAL cap").hasSizeLessThanOrEqualTo(300);
  }

  @Test
  void aStormOfOneApplication_goesOutAsOneMessagePerRecipientListingEveryAlert() {
    OpenAlert first = alert(1, "cap", "cap-production-v2-0", Severity.WARNING, List.of(OWNER, PHONE), null);
    List<OpenAlert> others = List.of(
        alert(2, "cap", "cap-production-v2-1", Severity.CRITICAL, List.of(OWNER, PHONE), null),
        alert(3, "cap", "cap-production-v2-2", Severity.WARNING, List.of(OWNER, ONCALL), null),
        alert(4, "other", "other-production-v1-0", Severity.WARNING, List.of(OWNER), null));

    Plan p = firing(first, others, NOW);

    assertThat(p.alertIds()).containsExactly(1L, 2L, 3L);
    assertThat(p.messages()).extracting(Message::to).containsExactly(OWNER, PHONE, ONCALL);
    Message toOwner = p.messages().get(0);
    assertThat(toOwner.alertIds()).containsExactly(1L, 2L, 3L);
    assertThat(toOwner.subject()).isEqualTo("[ecloud] CRITICAL cap: 3 alerts");
    assertThat(toOwner.text()).contains("3 firing alerts", "cap-production-v2-0", "cap-production-v2-1",
        "cap-production-v2-2").doesNotContain("other-production");
    assertThat(p.messages().get(1).alertIds()).containsExactly(1L, 2L);
    assertThat(p.messages().get(2).alertIds()).containsExactly(3L);
  }

  @Test
  void aRecipientPastTheRateLimit_isLeftOut_othersStillGetIt() {
    sent.put(OWNER, 3);
    Plan p = firing(alert(1, "cap", "s", Severity.CRITICAL, List.of(OWNER, ONCALL), null), List.of(), NOW);
    assertThat(p.rateLimited()).containsExactly(OWNER);
    assertThat(p.messages()).extracting(Message::to).containsExactly(ONCALL);
    assertThat(p.alertIds()).containsExactly(1L);
  }

  @Test
  void theRateLimit_countsWhatTheGateLetThrough() {
    for (long id = 1; id <= 5; id++) {
      firing(alert(id, "cap", "s" + id, Severity.CRITICAL, List.of(OWNER), null), List.of(), NOW);
    }
    assertThat(sent).containsEntry(OWNER, 3);
  }

  @Test
  void quietHours_holdLesserAlertsUntilTheirEnd_notCriticalOnes() {
    Instant late = Instant.parse("2025-07-01T23:00:00Z");
    Plan held = firing(alert(1, "cap", "s", Severity.WARNING, List.of(OWNER), NIGHT), List.of(), late);
    assertThat(held.held()).isTrue();
    assertThat(held.heldUntil()).isEqualTo(Instant.parse("2025-07-02T07:00:00Z"));
    assertThat(held.messages()).isEmpty();
    assertThat(held.alertIds()).isEmpty();

    Plan critical = firing(alert(2, "cap", "s", Severity.CRITICAL, List.of(OWNER), NIGHT),
        List.of(alert(1, "cap", "s", Severity.WARNING, List.of(OWNER), NIGHT)), late);
    assertThat(critical.held()).isFalse();
    // the held warning does not ride along with the critical alert
    assertThat(critical.alertIds()).containsExactly(2L);

    assertThat(firing(alert(1, "cap", "s", Severity.WARNING, List.of(OWNER), NIGHT), List.of(), NOW).held()).isFalse();
  }

  @Test
  void escalations_goToTheEscalationRecipients_andAreHeldLikeNotifications() {
    OpenAlert a = alert(7, "cap", "production/v2/*", Severity.WARNING, List.of(ONCALL), NIGHT);
    Plan p = gate.planEscalation(a, NOW, r -> 0);
    assertThat(p.messages()).singleElement().satisfies(m -> {
      assertThat(m.to()).isEqualTo(ONCALL);
      assertThat(m.subject()).contains("ESCALATED");
      assertThat(m.text()).contains("not been acknowledged", "#7");
    });
    assertThat(gate.planEscalation(a, Instant.parse("2025-07-01T23:00:00Z"), r -> 0).held()).isTrue();
    assertThat(gate.planEscalation(a, NOW, r -> 3).rateLimited()).containsExactly(ONCALL);
  }

  @Test
  void longSmsTexts_areCut() {
    List<OpenAlert> many = new java.util.ArrayList<>();
    for (long id = 2; id < 40; id++) {
      many.add(alert(id, "cap", "cap-production-v2-" + id, Severity.WARNING, List.of(PHONE), null));
    }
    Plan p = firing(alert(1, "cap", "cap-production-v2-1", Severity.WARNING, List.of(PHONE), null), many, NOW);
    assertThat(p.messages()).singleElement().satisfies(m -> {
      assertThat(m.text()).hasSize(300).endsWith("...");
      assertThat(m.alertIds()).hasSize(39);
    });
  }

  @Test
  void badSettings_areRefused() {
    assertThatThrownBy(() -> new Settings(Duration.ofSeconds(1), 0, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(Duration.ofSeconds(-1), 1, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
