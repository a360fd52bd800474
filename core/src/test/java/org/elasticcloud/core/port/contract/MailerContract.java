package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.elasticcloud.core.port.Mailer;
import org.elasticcloud.core.port.Mailer.Mail;
import org.elasticcloud.core.port.NotificationRejectedException;
import org.elasticcloud.core.port.NotifierUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Mailer} adapter must do, against a real mail server the subclass runs (an
 * in-process SMTP server) and reads back.
 */
public abstract class MailerContract {

  /** The adapter, sending to the subclass's server. */
  protected abstract Mailer mailer();

  /** The adapter, configured for a server where nothing listens. */
  protected abstract Mailer unreachableMailer();

  /** Every delivery the server got so far: one per recipient. */
  protected abstract List<Delivery> delivered();

  /** One mail as one recipient got it: the address, the subject and the plain text. */
  public record Delivery(String to, String subject, String text) {
  }

  @Test
  void aMail_reachesEveryRecipient_withItsSubjectAndText() {
    mailer().send(new Mail(List.of("alice@example.org", "oncall@example.org"), "[ecloud] CRITICAL cap: alert",
        "Application cap has a firing alert:\n\n- #1 cpu-high\n"));

    await().atMost(Duration.ofSeconds(10)).until(() -> delivered().size() == 2);
    assertThat(delivered()).extracting(Delivery::to).containsExactlyInAnyOrder("alice@example.org", "oncall@example.org");
    assertThat(delivered()).allSatisfy(d -> {
      assertThat(d.subject()).isEqualTo("[ecloud] CRITICAL cap: alert");
      assertThat(d.text()).contains("Application cap has a firing alert:").contains("- #1 cpu-high");
    });
  }

  @Test
  void textBeyondAscii_survives() {
    mailer().send(new Mail(List.of("bob@example.org"), "Überlast – 92 % CPU", "Grüße: ≥ 80 % seit 1 Minute"));

    await().atMost(Duration.ofSeconds(10)).until(() -> delivered().size() == 1);
    assertThat(delivered().get(0).subject()).isEqualTo("Überlast – 92 % CPU");
    assertThat(delivered().get(0).text()).contains("Grüße: ≥ 80 % seit 1 Minute");
  }

  @Test
  void aServerThatIsNotThere_isUnavailable_toBeRetried() {
    assertThatThrownBy(() -> unreachableMailer().send(new Mail(List.of("alice@example.org"), "s", "t")))
        .isInstanceOf(NotifierUnavailableException.class)
        .hasMessageContaining("ECP-MAIL");
  }

  @Test
  void anAddressThatIsNone_isRejected() {
    assertThatThrownBy(() -> mailer().send(new Mail(List.of("alice@@example..org"), "s", "t")))
        .isInstanceOf(NotificationRejectedException.class)
        .hasMessageContaining("alice@@example..org");
    assertThat(delivered()).isEmpty();
  }
}
