package org.elasticcloud.integrations.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticcloud.core.port.NotificationRejectedException;
import org.elasticcloud.core.port.NotifierUnavailableException;
import org.elasticcloud.core.port.SmsGateway;

/**
 * {@link SmsGateway} over HTTP: {@code POST <url>} with {@code {"to": ..., "text": ...}} as JSON,
 * and {@code Authorization: Bearer <token>} when a token is set. 2xx: sent; 4xx: refused
 * ({@link NotificationRejectedException}); 5xx, no answer, a timeout: {@link NotifierUnavailableException}.
 */
public class HttpSmsGateway implements SmsGateway {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final String token;
  private final Duration timeout;
  private final HttpClient client;

  public HttpSmsGateway(URI url, String token, Duration timeout) {
    this.url = url;
    this.token = token == null || token.isBlank() ? null : token;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public void send(String to, String text) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("to", to);
    body.put("text", text);
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an SMS as JSON", e);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NotifierUnavailableException("ECP-SMS-003 SMS gateway " + url + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotifierUnavailableException("ECP-SMS-003 interrupted while sending to SMS gateway " + url, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String detail = "SMS gateway " + url + " answered " + status + ": " + abbreviate(response.body());
    if (status >= 400 && status < 500) {
      throw new NotificationRejectedException("ECP-SMS-002 " + detail);
    }
    throw new NotifierUnavailableException("ECP-SMS-001 " + detail);
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
