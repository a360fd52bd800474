package org.elasticcloud.delegates.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.core.alerts.Channel;
import org.elasticcloud.core.alerts.NotificationGate;
import org.elasticcloud.core.alerts.NotificationGate.Message;
import org.elasticcloud.core.alerts.NotificationGate.OpenAlert;
import org.elasticcloud.core.alerts.NotificationGate.Plan;
import org.elasticcloud.core.alerts.Recipient;
import org.elasticcloud.core.alerts.Recipients;
import org.elasticcloud.core.alerts.Severity;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.port.Mailer;
import org.elasticcloud.core.port.SmsGateway;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.db.AlertStore.Alert;
import org.elasticcloud.db.AlertStore.Outcome;
import org.elasticcloud.db.Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifies and escalates alerts: reads the alert, its policy and the application's owner and
 * department from the stores, asks the {@link NotificationGate} what to send, sends it through the
 * {@link Mailer} and the {@link SmsGateway}, and writes every outcome to the notification log. The
 * first notifications of one application take turns (a row lock per application), so that of an
 * alert storm's concurrent notify steps only the first sends, listing every alert. It runs inside
 * the job's transaction: when a notifier fails, the exception rolls the log back and the
 * step is retried whole (a message that did go out before the failure may go out twice: at least
 * once, ADR 0013).
 */
public class AlertNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifications.class);
  public static final String KIND_FIRING = "FIRING";
  public static final String KIND_ESCALATION = "ESCALATION";

  private final AlertStore alerts;
  private final Inventory inventory;
  private final NotificationGate gate;
  private final Mailer mailer;
  private final SmsGateway sms;
  private final Clock clock;

  public AlertNotifications(AlertStore alerts, Inventory inventory, AlertSettings settings, Mailer mailer,
      SmsGateway sms, Clock clock) {
    this.alerts = alerts;
    this.inventory = inventory;
    this.gate = new NotificationGate(settings.gate());
    this.mailer = mailer;
    this.sms = sms;
    this.clock = clock;
  }

  /**
   * The first notification of a firing alert, with every other firing alert of its application not
   * notified yet; nothing when another alert's notification already listed it. Returns the end of the
   * quiet hours when they hold it.
   */
  public Optional<Instant> notifyFiring(long alertId) {
    Alert first = alerts.find(alertId).orElseThrow(() -> new IllegalStateException("ECP-ALERT-020 no alert " + alertId));
    // the notify steps of one application's alerts take turns (until this job's transaction ends)
    alerts.lockNotifications(first.application());
    Alert alert = alerts.find(alertId).orElseThrow();
    if (alert.notifiedAt() != null || alert.state() == AlertState.RESOLVED) {
      LOG.info("ECP-ALERT-021 alert {} was notified with another alert of {} at {}", alertId, alert.application(),
          alert.notifiedAt());
      return Optional.empty();
    }
    Instant now = clock.instant();
    Map<Long, Optional<AlertPolicy>> policies = new HashMap<>();
    Optional<OpenAlert> self = open(alert, policies, false);
    if (self.isEmpty()) {
      LOG.warn("ECP-ALERT-022 alert {}: its policy {} is gone; nothing to notify", alertId, alert.policyId());
      return Optional.empty();
    }
    List<OpenAlert> others = new ArrayList<>();
    for (Alert other : alerts.unnotified(alert.application())) {
      if (other.id() != alertId) {
        open(other, policies, false).ifPresent(others::add);
      }
    }
    Plan plan = gate.planFiring(self.get(), others, now, this::sentRecently);
    return carryOut(alert, KIND_FIRING, plan, now);
  }

  /**
   * An escalation of an unacknowledged alert to its policy's escalation recipients. Inside quiet
   * hours a lesser than critical alert's escalation is skipped (and logged): the escalation timer
   * repeats, so the first one after the quiet hours goes out.
   */
  public void escalate(long alertId) {
    Alert alert = alerts.find(alertId).orElseThrow(() -> new IllegalStateException("ECP-ALERT-020 no alert " + alertId));
    if (alert.state() != AlertState.FIRING) {
      return;
    }
    Optional<OpenAlert> self = open(alert, new HashMap<>(), true);
    if (self.isEmpty() || self.get().recipients().isEmpty()) {
      LOG.warn("ECP-ALERT-023 alert {}: no escalation recipients (policy {} changed or gone)", alertId, alert.policyId());
      return;
    }
    Instant now = clock.instant();
    Plan plan = gate.planEscalation(self.get(), now, this::sentRecently);
    if (plan.held()) {
      alerts.log(alert.id(), alert.application(), KIND_ESCALATION, null, null, Outcome.SKIPPED, List.of(alert.id()),
          null, "quiet hours until " + plan.heldUntil(), now);
      LOG.info("ECP-ALERT-027 escalation of alert {} skipped: quiet hours until {}", alertId, plan.heldUntil());
      return;
    }
    carryOut(alert, KIND_ESCALATION, plan, now);
  }

  /** Logs, when an alert resolves before any notification listed it, that its held notification was dropped. */
  public void resolved(long alertId) {
    alerts.find(alertId).filter(a -> a.notifiedAt() == null).ifPresent(a -> alerts.log(a.id(), a.application(),
        KIND_FIRING, null, null, Outcome.DROPPED, List.of(a.id()), null, "resolved before it was notified",
        clock.instant()));
  }

  private Optional<Instant> carryOut(Alert alert, String kind, Plan plan, Instant now) {
    if (plan.held()) {
      alerts.log(alert.id(), alert.application(), kind, null, null, Outcome.HELD, List.of(alert.id()), null,
          "quiet hours until " + plan.heldUntil(), now);
      LOG.info("ECP-ALERT-024 {} of alert {} held by quiet hours until {}", kind, alert.id(), plan.heldUntil());
      return Optional.of(plan.heldUntil());
    }
    for (Message m : plan.messages()) {
      if (m.to().channel() == Channel.EMAIL) {
        mailer.send(new Mailer.Mail(List.of(m.to().address()), m.subject(), m.text()));
      } else {
        sms.send(m.to().address(), m.text());
      }
      alerts.log(alert.id(), alert.application(), kind, m.to().channel().wire(), m.to().address(), Outcome.SENT,
          m.alertIds(), m.subject(), null, now);
    }
    for (Recipient r : plan.rateLimited()) {
      alerts.log(alert.id(), alert.application(), kind, r.channel().wire(), r.address(), Outcome.RATE_LIMITED,
          plan.alertIds(), null, "rate limit: " + gate.settings().maxPerRecipient() + " per "
              + gate.settings().rateWindow(), now);
      LOG.warn("ECP-ALERT-025 {} to {} left out: rate limit reached", kind, r);
    }
    if (kind.equals(KIND_FIRING)) {
      alerts.markNotified(plan.alertIds(), now);
    }
    LOG.info("ECP-ALERT-026 {} of alert(s) {} of {}: {} message(s), {} rate-limited", kind, plan.alertIds(),
        alert.application(), plan.messages().size(), plan.rateLimited().size());
    return Optional.empty();
  }

  private int sentRecently(Recipient r) {
    return alerts.sentSince(r.channel().wire(), r.address(), clock.instant().minus(gate.settings().rateWindow()));
  }

  private Optional<OpenAlert> open(Alert a, Map<Long, Optional<AlertPolicy>> policies, boolean escalation) {
    Optional<AlertPolicy> policy = policies.computeIfAbsent(a.policyId(), alerts::findPolicy);
    return policy.map(p -> {
      Recipients who = escalation ? p.escalationRecipients() : p.recipients();
      List<Recipient> to = who == null ? List.of() : resolve(p, who);
      return new OpenAlert(a.id(), a.application(), a.policy(), a.subject(),
          Severity.fromWire(a.severity()).orElse(Severity.WARNING), a.summary(), a.firedAt(), to, p.quietHours());
    });
  }

  private List<Recipient> resolve(AlertPolicy p, Recipients who) {
    Set<Channel> channels = p.channelSet();
    Optional<Owner> owner = inventory.applications.findOneBy("name", p.application())
        .map(Application::ownerId).flatMap(inventory.owners::find);
    List<String> department = owner.map(o -> inventory.owners.findBy("departmentId", o.departmentId()).stream()
        .map(Owner::email).toList()).orElse(List.of());
    return who.resolve(channels, owner.map(Owner::email).orElse(null), department);
  }
}
