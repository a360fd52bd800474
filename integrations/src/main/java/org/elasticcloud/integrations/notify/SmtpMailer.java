package org.elasticcloud.integrations.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.elasticcloud.core.port.Mailer;
import org.elasticcloud.core.port.NotificationRejectedException;
import org.elasticcloud.core.port.NotifierUnavailableException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * {@link Mailer} on an SMTP server through Spring's {@link JavaMailSender} (Jakarta Mail): plain
 * UTF-8 text. Addresses are checked strictly before anything is sent (a malformed one is
 * {@link NotificationRejectedException}, as is one the server refuses for good, a 5xx reply to
 * RCPT); a server that cannot be reached, times out or fails otherwise is
 * {@link NotifierUnavailableException}.
 */
public class SmtpMailer implements Mailer {
  private final JavaMailSender sender;
  private final String from;

  public SmtpMailer(JavaMailSender sender, String from) {
    this.sender = sender;
    this.from = from;
  }

  /** A sender for {@code host:port} without authentication, with the given timeouts in milliseconds. */
  public static JavaMailSenderImpl plainSmtp(String host, int port, int timeoutMillis) {
    JavaMailSenderImpl impl = new JavaMailSenderImpl();
    impl.setHost(host);
    impl.setPort(port);
    impl.setDefaultEncoding(StandardCharsets.UTF_8.name());
    Properties p = impl.getJavaMailProperties();
    p.setProperty("mail.smtp.connectiontimeout", String.valueOf(timeoutMillis));
    p.setProperty("mail.smtp.timeout", String.valueOf(timeoutMillis));
    p.setProperty("mail.smtp.writetimeout", String.valueOf(timeoutMillis));
    return impl;
  }

  @Override
  public void send(Mail mail) {
    List<InternetAddress> to = new ArrayList<>();
    for (String address : mail.to()) {
      try {
        InternetAddress a = new InternetAddress(address, true);
        a.validate();
        to.add(a);
      } catch (AddressException e) {
        throw new NotificationRejectedException("ECP-MAIL-002 not an e-mail address: " + address, e);
      }
    }
    MimeMessage message = sender.createMimeMessage();
    try {
      MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
      helper.setFrom(from);
      helper.setTo(to.toArray(InternetAddress[]::new));
      helper.setSubject(mail.subject());
      helper.setText(mail.text(), false);
    } catch (MessagingException e) {
      throw new NotificationRejectedException("ECP-MAIL-003 cannot compose the mail from " + from + ": " + e.getMessage(), e);
    }
    try {
      sender.send(message);
    } catch (MailSendException e) {
      SendFailedException failed = sendFailed(e);
      if (failed != null && failed.getInvalidAddresses() != null && failed.getInvalidAddresses().length > 0
          && (failed.getValidSentAddresses() == null || failed.getValidSentAddresses().length == 0)) {
        throw new NotificationRejectedException("ECP-MAIL-004 the mail server refused "
            + List.of(failed.getInvalidAddresses()) + ": " + failed.getMessage(), e);
      }
      throw new NotifierUnavailableException("ECP-MAIL-001 sending mail failed: " + rootMessage(e), e);
    } catch (MailException e) {
      throw new NotifierUnavailableException("ECP-MAIL-001 sending mail failed: " + rootMessage(e), e);
    }
  }

  private static SendFailedException sendFailed(MailSendException e) {
    for (Exception nested : e.getFailedMessages().values()) {
      for (Throwable t = nested; t != null; t = t.getCause()) {
        if (t instanceof SendFailedException s) {
          return s;
        }
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return e.getMessage() + (t != e ? " (" + t + ")" : "");
  }
}
