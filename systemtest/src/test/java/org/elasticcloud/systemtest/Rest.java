package org.elasticcloud.systemtest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** JSON over HTTP with the administrator's login, against one node. */
final class Rest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final String auth;

  Rest(String base, String user, String password) {
    this.base = base;
    this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** An answer: status and body as a map (or null). */
  record Answer(int status, Map<String, Object> body, String raw) {
    @SuppressWarnings("unchecked")
    <T> T get(String key) {
      return body == null ? null : (T) body.get(key);
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  String getRaw(String path) {
    return get(path).raw();
  }

  Answer post(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(json(body)));
  }

  Answer put(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).PUT(json(body)));
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.header("Authorization", auth).header("Content-Type", "application/json")
          .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Object> body = null;
      String raw = r.body();
      if (raw != null && raw.startsWith("{")) {
        body = JSON.readValue(raw, new TypeReference<Map<String, Object>>() { });
      }
      return new Answer(r.statusCode(), body, raw);
    } catch (IOException e) {
      throw new NodeUnreachableException(base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static <T> T parse(String raw, TypeReference<T> type) {
    try {
      return JSON.readValue(raw, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(raw, e);
    }
  }

  /** The node did not answer (it may just have been killed). */
  static final class NodeUnreachableException extends RuntimeException {
    NodeUnreachableException(String base, IOException cause) {
      super(base + " did not answer: " + cause, cause);
    }
  }
}
