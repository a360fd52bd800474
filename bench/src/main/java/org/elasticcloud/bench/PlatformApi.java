package org.elasticcloud.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The running platform's REST API as the REST benches use it (one platform per bench run). */
final class PlatformApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static String base;
  private static String auth;

  private PlatformApi() {
  }

  /** Talk to the platform at {@code baseUrl} as its administrator. */
  static void connect(String baseUrl, String adminPassword) {
    base = baseUrl;
    auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
  }

  static String base() {
    return base;
  }

  interface Check {
    boolean ok() throws Exception;
  }

  /** Polls every 100 ms until the check holds; fails after the timeout. */
  static void until(Check check, Duration timeout) throws Exception {
    until(check, timeout, Duration.ofMillis(100));
  }

  /** Polls every {@code every} until the check holds; fails after the timeout. */
  static void until(Check check, Duration timeout, Duration every) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not reached within " + timeout);
      }
      Thread.sleep(every.toMillis());
    }
  }

  static long id(JsonNode n) {
    return n.path("id").asLong();
  }

  static JsonNode get(String path) throws Exception {
    return send("GET", path, null);
  }

  static JsonNode post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  /**
   * Registers the group's template from its JSON and confirms it as the operator would in
   * Tasklist (claim and complete the confirmation task); returns once it is REGISTERED.
   */
  static void registerTemplate(long group, String templateJson) throws Exception {
    String pid = post("/api/groups/" + group + "/template", templateJson).path("processInstanceId").asText();
    until(() -> get("/engine-rest/task?processInstanceId=" + pid).size() == 1, Duration.ofSeconds(30));
    String taskId = get("/engine-rest/task?processInstanceId=" + pid).get(0).path("id").asText();
    send("POST", "/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"admin\"}");
    send("POST", "/engine-rest/task/" + taskId + "/complete", "{\"variables\":{\"confirmed\":{\"value\":true}}}");
    until(() -> "REGISTERED".equals(get("/api/groups/" + group + "/template").path("state").asText()),
        Duration.ofSeconds(30));
  }

  /** The host's state; null while its registration has not recorded it yet. */
  static String hostState(String name) throws Exception {
    HttpResponse<String> r = exchange("GET", "/api/hosts/by-name/" + name, null);
    if (r.statusCode() == 404) {
      return null;
    }
    return parse("GET", "/api/hosts/by-name/" + name, r).path("state").asText();
  }

  static JsonNode send(String method, String path, String body) throws Exception {
    return parse(method, path, exchange(method, path, body));
  }

  private static HttpResponse<String> exchange(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
        .timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode parse(String method, String path, HttpResponse<String> r) throws Exception {
    if (r.statusCode() >= 400) {
      throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
  }
}
