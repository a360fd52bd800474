package org.elasticcloud.integrations.notify;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.elasticcloud.core.port.Mailer;
import org.elasticcloud.core.port.contract.MailerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mailer contract against a real SMTP server in this JVM (GreenMail). */
class SmtpMailerTest extends MailerContract {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
      .dynamicPort()).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

  @Override
  protected Mailer mailer() {
    return new SmtpMailer(SmtpMailer.plainSmtp("127.0.0.1", smtp.getSmtp().getPort(), 5000), "ecloud@example.org");
  }

  @Override
  protected Mailer unreachableMailer() {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SmtpMailer(SmtpMailer.plainSmtp("127.0.0.1", port, 2000), "ecloud@example.org");
  }

  @Override
  protected List<Delivery> delivered() {
    return deliveries(smtp);
  }

  /** What a GreenMail server delivered: one entry per recipient's mailbox and message. */
  static List<Delivery> deliveries(GreenMailExtension server) {
    List<Delivery> out = new ArrayList<>();
    try {
      for (GreenMailUser user : server.getUserManager().listUser()) {
        for (StoredMessage stored : server.getManagers().getImapHostManager().getInbox(user).getMessages()) {
          MimeMessage m = stored.getMimeMessage();
          out.add(new Delivery(user.getEmail(), m.getSubject(), String.valueOf(m.getContent())));
        }
      }
    } catch (FolderException | MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
