package org.elasticcloud.core.port;

import java.util.List;

/**
 * Sends e-mail (an SMTP server in production and in the lab: an in-process one in tests). A mail
 * server that cannot be reached or refuses for a passing reason is a
 * {@link NotifierUnavailableException} (to be retried); an address the server rejects for good is
 * a {@link NotificationRejectedException}.
 */
public interface Mailer {

  /** Sends one plain-text mail to every address in {@code to}. */
  void send(Mail mail);

  /** A plain-text mail. */
  record Mail(List<String> to, String subject, String text) {
    public Mail {
      to = List.copyOf(to);
      if (to.isEmpty()) {
        throw new IllegalArgumentException("a mail needs at least one recipient");
      }
    }
  }
}
