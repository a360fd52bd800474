package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.elasticcloud.core.port.NotificationRejectedException;
import org.elasticcloud.core.port.NotifierUnavailableException;
import org.elasticcloud.core.port.SmsGateway;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SmsGateway} adapter must do, against a real HTTP endpoint the subclass runs that
 * records the messages it accepts and can be told to fail.
 */
public abstract class SmsGatewayContract {

  /** The adapter, sending to the subclass's endpoint. */
  protected abstract SmsGateway gateway();

  /** The adapter, configured for an address where nothing listens. */
  protected abstract SmsGateway unreachableGateway();

  /** The messages the endpoint accepted so far, oldest first. */
  protected abstract List<Received> received();

  /** Makes the endpoint answer {@code status} to the next {@code times} requests. */
  protected abstract void failNext(int status, int times);

  /** One accepted message: to whom, what, and the Authorization header it came with (null: none). */
  public record Received(String to, String text, String authorization) {
  }

  /** The Authorization header the adapter is configured to send, or null. */
  protected abstract String expectedAuthorization();

  @Test
  void aMessage_arrivesWithItsNumberTextAndToken() {
    gateway().send("+4915112345678", "[ecloud] CRITICAL cap: alert cpu-high on production/v2/* – 92 %");

    assertThat(received()).containsExactly(new Received("+4915112345678",
        "[ecloud] CRITICAL cap: alert cpu-high on production/v2/* – 92 %", expectedAuthorization()));
  }

  @Test
  void aServerError_isUnavailable_andAfterItTheSameMessageGoesThrough() {
    failNext(503, 1);
    assertThatThrownBy(() -> gateway().send("+4915112345678", "first try"))
        .isInstanceOf(NotifierUnavailableException.class)
        .hasMessageContaining("503");
    assertThat(received()).isEmpty();

    gateway().send("+4915112345678", "first try");
    assertThat(received()).extracting(Received::text).containsExactly("first try");
  }

  @Test
  void aRefusal_isRejected() {
    failNext(400, 1);
    assertThatThrownBy(() -> gateway().send("+4915112345678", "bad"))
        .isInstanceOf(NotificationRejectedException.class)
        .hasMessageContaining("400");
  }

  @Test
  void aGatewayThatIsNotThere_isUnavailable() {
    assertThatThrownBy(() -> unreachableGateway().send("+4915112345678", "hello"))
        .isInstanceOf(NotifierUnavailableException.class)
        .hasMessageContaining("ECP-SMS");
  }
}
