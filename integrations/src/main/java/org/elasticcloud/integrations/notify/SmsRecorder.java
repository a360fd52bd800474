package org.elasticcloud.integrations.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local SMS gateway that records what it gets, for tests and the lab (the platform's real SMS
 * gateway is outside): {@code POST /sms} with {@code {"to", "text"}} as {@link HttpSmsGateway} sends
 * it answers 202 and keeps the message; {@code GET /sms} lists what it kept, as JSON. With a token it
 * answers 401 to a request without {@code Authorization: Bearer <token>}. {@link #failNext} makes it
 * answer an error status for a while (a gateway outage on purpose). Binds to loopback.
 *
 * <p>Run alone: {@code java -cp ecloud.jar -Dloader.main=org.elasticcloud.integrations.notify.SmsRecorder
 * org.springframework.boot.loader.launch.PropertiesLauncher [port] [token]}; it prints each message.
 */
public final class SmsRecorder implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A message as received: to, text, the Authorization header (or null), when. */
  public record Sms(String to, String text, String authorization, Instant at) {
  }

  private final HttpServer server;
  private final String token;
  private final List<Sms> messages = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failStatus;
  private volatile boolean print;

  private SmsRecorder(HttpServer server, String token) {
    this.server = server;
    this.token = token == null || token.isBlank() ? null : token;
  }

  /** Starts a recorder on {@code 127.0.0.1:port} (0: any free port); {@code token} may be null. */
  public static SmsRecorder start(int port, String token) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      SmsRecorder recorder = new SmsRecorder(server, token);
      server.createContext("/sms", recorder::handle);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sms-recorder");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return recorder;
    } catch (IOException e) {
      throw new IllegalStateException("ECP-SMS-010 cannot start the SMS recorder on port " + port, e);
    }
  }

  /** Where to POST: {@code http://127.0.0.1:<port>/sms}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
  }

  /** The messages accepted so far, oldest first. */
  public List<Sms> messages() {
    return new ArrayList<>(messages);
  }

  public void clear() {
    messages.clear();
  }

  /** Answers {@code status} to the next {@code times} POSTs instead of accepting them. */
  public void failNext(int status, int times) {
    failStatus = status;
    failures.set(times);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if ("GET".equals(exchange.getRequestMethod())) {
        answer(exchange, 200, JSON.writeValueAsBytes(messages().stream().map(m -> java.util.Map.of("to", m.to(),
            "text", m.text(), "at", m.at().toString())).toList()));
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        answer(exchange, 405, "{\"error\":\"GET or POST\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (token != null && !("Bearer " + token).equals(authorization)) {
        answer(exchange, 401, "{\"error\":\"bearer token required\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        answer(exchange, failStatus, ("{\"error\":\"failing on purpose with " + failStatus + "\"}")
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      JsonNode json;
      try {
        json = JSON.readTree(body);
      } catch (IOException e) {
        json = null;
      }
      if (json == null || !json.path("to").isTextual() || !json.path("text").isTextual()) {
        answer(exchange, 400, "{\"error\":\"a JSON object with to and text\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      Sms sms = new Sms(json.get("to").asText(), json.get("text").asText(), authorization, Instant.now());
      messages.add(sms);
      if (print) {
        System.out.println(sms.at() + " SMS to " + sms.to() + ": " + sms.text());
      }
      answer(exchange, 202, "{\"accepted\":true}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  /** Runs a recorder in the foreground: {@code [port (default 8025)] [token]}. */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8025;
    SmsRecorder recorder = start(port, args.length > 1 ? args[1] : null);
    recorder.print = true;
    System.out.println("SMS recorder listening on " + recorder.url() + " (GET it to list the messages)");
    Thread.currentThread().join();
  }
}
