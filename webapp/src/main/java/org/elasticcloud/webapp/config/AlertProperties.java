package org.elasticcloud.webapp.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerting ({@code ecloud.alerts.*}, env {@code ECLOUD_ALERTS_*}; ADR 0013). Mail goes through
 * Spring Boot's {@code spring.mail.*} (host, port, username, password, properties).
 *
 * @param enabled whether this node evaluates policies (one node of the cluster does at a time)
 * @param evaluationInterval how often the policies are evaluated; also the step of the series read
 * @param groupingWindow how long a firing alert waits for others of its application before it is notified
 * @param rateLimit how many messages a recipient gets at most per window
 * @param mailFrom the sender of alert mails
 * @param sms the SMS gateway
 */
@ConfigurationProperties(prefix = "ecloud.alerts")
public record AlertProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10s") Duration evaluationInterval,
    @DefaultValue("30s") Duration groupingWindow, @DefaultValue RateLimit rateLimit,
    @DefaultValue("ecloud@localhost") String mailFrom, @DefaultValue Sms sms) {

  /** @param max messages per recipient and window @param window the window */
  public record RateLimit(@DefaultValue("10") int max, @DefaultValue("1h") Duration window) {
  }

  /**
   * @param url where to POST {@code {"to", "text"}} (empty: no SMS gateway; an SMS step then fails
   *     into an incident)
   * @param token sent as {@code Authorization: Bearer <token>} when set
   * @param timeout connecting and waiting for the answer
   */
  public record Sms(String url, String token, @DefaultValue("5s") Duration timeout) {
    public boolean configured() {
      return url != null && !url.isBlank();
    }
  }
}
