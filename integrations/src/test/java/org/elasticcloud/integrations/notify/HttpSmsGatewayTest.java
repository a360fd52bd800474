package org.elasticcloud.integrations.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.elasticcloud.core.port.NotificationRejectedException;
import org.elasticcloud.core.port.SmsGateway;
import org.elasticcloud.core.port.contract.SmsGatewayContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMS contract against a real local HTTP endpoint, the {@link SmsRecorder}, with a bearer token. */
class HttpSmsGatewayTest extends SmsGatewayContract {
  private static final String TOKEN = "sms-test-token";
  private SmsRecorder recorder;

  @BeforeEach
  void startRecorder() {
    recorder = SmsRecorder.start(0, TOKEN);
  }

  @AfterEach
  void stopRecorder() {
    recorder.close();
  }

  @Override
  protected SmsGateway gateway() {
    return new HttpSmsGateway(recorder.url(), TOKEN, Duration.ofSeconds(5));
  }

  @Override
  protected SmsGateway unreachableGateway() {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HttpSmsGateway(URI.create("http://127.0.0.1:" + port + "/sms"), TOKEN, Duration.ofSeconds(2));
  }

  @Override
  protected List<Received> received() {
    return recorder.messages().stream().map(m -> new Received(m.to(), m.text(), m.authorization())).toList();
  }

  @Override
  protected void failNext(int status, int times) {
    recorder.failNext(status, times);
  }

  @Override
  protected String expectedAuthorization() {
    return "Bearer " + TOKEN;
  }

  @Test
  void aWrongToken_isRefusedByTheRecorder_andRejectedByTheAdapter() {
    SmsGateway wrong = new HttpSmsGateway(recorder.url(), "not-the-token", Duration.ofSeconds(5));
    assertThatThrownBy(() -> wrong.send("+4915112345678", "x")).isInstanceOf(NotificationRejectedException.class)
        .hasMessageContaining("401");
    assertThat(recorder.messages()).isEmpty();
  }

  @Test
  void theRecorder_listsWhatItKept() throws Exception {
    gateway().send("+4915112345678", "hello");
    HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(recorder.url()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"to\":\"+4915112345678\"", "\"text\":\"hello\"");
  }
}
