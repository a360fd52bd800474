package org.elasticcloud.core.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Keeps an alert storm from becoming a notification storm (ADR 0013).
 *
 * <ul>
 *   <li><b>Grouping.</b> A firing alert is notified {@link Settings#groupingWindow()} after it fired
 *       (AlertProcess waits that long first). When its turn comes, every other firing alert of the same
 *       application that has not been notified yet and is not held by quiet hours goes with it: each
 *       recipient gets ONE message listing all of them, and those alerts count as notified.</li>
 *   <li><b>Rate limit.</b> A recipient gets at most {@link Settings#maxPerRecipient()} messages per
 *       {@link Settings#rateWindow()}; past that a message to them is left out (and logged).</li>
 *   <li><b>Quiet hours.</b> Inside its policy's quiet hours, a lesser than critical alert is not sent
 *       but held until they end ({@link Plan#heldUntil()}).</li>
 * </ul>
 * Plain Java: the counts of recent messages come from the caller (the notification log).
 */
public final class NotificationGate {

  /**
   * @param groupingWindow how long a firing alert waits for others of its application
   * @param maxPerRecipient messages per recipient and rate window
   * @param rateWindow the rate limit's window
   */
  public record Settings(Duration groupingWindow, int maxPerRecipient, Duration rateWindow) {
    public Settings {
      if (groupingWindow.isNegative() || maxPerRecipient < 1 || rateWindow.isNegative() || rateWindow.isZero()) {
        throw new IllegalArgumentException("invalid notification settings: " + groupingWindow + ", "
            + maxPerRecipient + " per " + rateWindow);
      }
    }
  }

  /** What a notification says of an escalation or a first notification. */
  public enum Kind {
    FIRING, ESCALATION
  }

  /**
   * An open alert as the gate sees it.
   *
   * @param alertId its id
   * @param application its application
   * @param policy its policy's name
   * @param subject the container, or the group policy's selection
   * @param severity its policy's severity
   * @param summary its condition and value in words
   * @param firedAt when it fired
   * @param recipients whom it tells (its policy's recipients or escalation recipients, resolved)
   * @param quietHours its policy's quiet hours, or null
   */
  public record OpenAlert(long alertId, String application, String policy, String subject, Severity severity,
      String summary, Instant firedAt, List<Recipient> recipients, QuietHours quietHours) {

    /** Until when quiet hours hold this alert's notification at {@code now}, if they do. */
    public Optional<Instant> heldUntil(Instant now) {
      return quietHours == null ? Optional.empty() : quietHours.holds(now, severity);
    }
  }

  /** One message to one recipient, listing one or more alerts. */
  public record Message(Recipient to, String subject, String text, List<Long> alertIds) {
  }

  /**
   * What to do now. {@code heldUntil} set: nothing now, ask again then. Otherwise send
   * {@code messages}; {@code alertIds} are the alerts they cover (now notified) and
   * {@code rateLimited} the recipients left out.
   */
  public record Plan(List<Message> messages, List<Long> alertIds, List<Recipient> rateLimited, Instant heldUntil) {
    public boolean held() {
      return heldUntil != null;
    }
  }

  private static final int SMS_MAX = 300;

  private final Settings settings;

  public NotificationGate(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The first notification of {@code alert}, with every alert of {@code others} (firing alerts of
   * the same application not notified yet) that is not held; {@code sentRecently} answers how many
   * messages a recipient got within the rate window.
   */
  public Plan planFiring(OpenAlert alert, List<OpenAlert> others, Instant now, ToIntFunction<Recipient> sentRecently) {
    Optional<Instant> held = alert.heldUntil(now);
    if (held.isPresent()) {
      return new Plan(List.of(), List.of(), List.of(), held.get());
    }
    List<OpenAlert> batch = new ArrayList<>();
    batch.add(alert);
    others.stream()
        .filter(o -> o.alertId() != alert.alertId() && o.application().equals(alert.application()))
        .filter(o -> o.heldUntil(now).isEmpty())
        .forEach(batch::add);
    batch.sort(Comparator.comparing(OpenAlert::firedAt).thenComparing(OpenAlert::alertId));
    return plan(Kind.FIRING, batch, sentRecently);
  }

  /** An escalation of one alert to its escalation recipients ({@code alert.recipients()}). */
  public Plan planEscalation(OpenAlert alert, Instant now, ToIntFunction<Recipient> sentRecently) {
    Optional<Instant> held = alert.heldUntil(now);
    if (held.isPresent()) {
      return new Plan(List.of(), List.of(), List.of(), held.get());
    }
    return plan(Kind.ESCALATION, List.of(alert), sentRecently);
  }

  private Plan plan(Kind kind, List<OpenAlert> batch, ToIntFunction<Recipient> sentRecently) {
    Map<Recipient, List<OpenAlert>> byRecipient = new LinkedHashMap<>();
    for (OpenAlert a : batch) {
      for (Recipient r : a.recipients()) {
        byRecipient.computeIfAbsent(r, k -> new ArrayList<>()).add(a);
      }
    }
    List<Message> messages = new ArrayList<>();
    List<Recipient> limited = new ArrayList<>();
    for (Map.Entry<Recipient, List<OpenAlert>> e : byRecipient.entrySet()) {
      if (sentRecently.applyAsInt(e.getKey()) >= settings.maxPerRecipient()) {
        limited.add(e.getKey());
        continue;
      }
      messages.add(message(kind, e.getKey(), e.getValue()));
    }
    return new Plan(messages, batch.stream().map(OpenAlert::alertId).toList(), limited, null);
  }

  static Message message(Kind kind, Recipient to, List<OpenAlert> alerts) {
    OpenAlert first = alerts.get(0);
    Severity worst = alerts.stream().map(OpenAlert::severity).max(Comparator.naturalOrder()).orElseThrow();
    String what = kind == Kind.ESCALATION ? "ESCALATED, not acknowledged" : alerts.size() == 1 ? "alert"
        : alerts.size() + " alerts";
    String subject = "[ecloud] " + worst.name() + " " + first.application() + ": " + what
        + (alerts.size() == 1 ? " " + first.policy() + " on " + first.subject() : "");
    StringBuilder text = new StringBuilder();
    if (to.channel() == Channel.SMS) {
      text.append(subject);
      for (OpenAlert a : alerts) {
        text.append("; ").append(a.policy()).append(' ').append(a.subject());
      }
      String sms = text.toString();
      return new Message(to, subject, sms.length() > SMS_MAX ? sms.substring(0, SMS_MAX - 3) + "..." : sms,
          alerts.stream().map(OpenAlert::alertId).toList());
    }
    text.append(kind == Kind.ESCALATION ? "This alert has not been acknowledged yet:\n\n"
        : "Application " + first.application() + " has " + (alerts.size() == 1 ? "a firing alert" : alerts.size()
            + " firing alerts") + ":\n\n");
    for (OpenAlert a : alerts) {
      text.append("- #").append(a.alertId()).append(' ').append(a.severity().name()).append(' ').append(a.policy())
          .append(" on ").append(a.subject()).append(" since ").append(a.firedAt()).append(": ").append(a.summary())
          .append('\n');
    }
    text.append("\nAcknowledge: POST /api/alerts/{id}/acknowledge, or the task \"Acknowledge alert\" in Tasklist.\n");
    return new Message(to, subject, text.toString(), alerts.stream().map(OpenAlert::alertId).toList());
  }
}
