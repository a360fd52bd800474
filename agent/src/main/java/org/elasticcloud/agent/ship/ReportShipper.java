package org.elasticcloud.agent.ship;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.elasticcloud.core.metrics.AgentReport;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.metrics.MetricPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships points to the platform as {@link AgentReport}s ({@code POST <platform>/api/metrics/reports},
 * JSON, HTTP Basic), in batches of at most {@code batchPoints}, from its own thread so that a slow
 * platform never delays a collection round.
 *
 * <p>While no platform answers, points wait in a buffer bounded by {@code bufferPoints}: beyond it
 * the oldest are dropped and counted. The platform URLs are tried in turn (the one that answered
 * last first); when all fail the shipper backs off, doubling from {@code retryMin} to
 * {@code retryMax}, then sends the buffer oldest first. Every report carries the latest hardware
 * conditions. A report the platform refuses as malformed (400, 422) is dropped and counted, since
 * sending it again cannot help; one too large (413) is split.
 */
public class ReportShipper implements AutoCloseable {
  /** The path of the platform's report endpoint, below a platform base URL. */
  public static final String PATH = "/api/metrics/reports";
  private static final Logger LOG = LoggerFactory.getLogger(ReportShipper.class);

  private final String agent;
  private final String host;
  private final List<URI> endpoints;
  private final String authorization;
  private final int bufferPoints;
  private final Duration retryMin;
  private final Duration retryMax;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json = mapper();
  private final HttpClient http;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Wakes a back-off early: only closing does (new points must not shorten it). */
  private final Condition stop = lock.newCondition();
  private final ArrayDeque<MetricPoint> buffer = new ArrayDeque<>();
  private List<HostCondition> conditions = List.of();
  private int inFlight;
  private int batchPoints;
  private int current;
  private boolean closing;
  private boolean closed;
  private long dropped;
  private long delivered;
  private long refused;
  private long failures;
  private Thread sender;

  public ReportShipper(String agent, String host, List<URI> platforms, String user, String password,
      int bufferPoints, int batchPoints, Duration retryMin, Duration retryMax, Duration timeout, Clock clock) {
    this.agent = agent;
    this.host = host;
    this.endpoints = platforms.stream().map(u -> URI.create(u.toString() + PATH)).toList();
    this.authorization = user == null || user.isEmpty() ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    this.bufferPoints = bufferPoints;
    this.batchPoints = Math.min(batchPoints, bufferPoints);
    this.retryMin = retryMin;
    this.retryMax = retryMax;
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Jackson as the platform reads reports: Instants as ISO-8601 strings, enums by name. */
  public static ObjectMapper mapper() {
    return new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Starts the sending thread. */
  public void start() {
    if (endpoints.isEmpty()) {
      LOG.warn("ECP-AGENT-200 no platform URL configured: points are collected but not shipped");
      return;
    }
    sender = new Thread(this::sendLoop, "report-shipper");
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues one round's points and the conditions now; drops the oldest points beyond the bound. */
  public void offer(List<MetricPoint> points, List<HostCondition> latest) {
    if (endpoints.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      conditions = List.copyOf(latest);
      buffer.addAll(points);
      trim();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Points dropped because the buffer was full. */
  public long dropped() {
    return locked(() -> dropped);
  }

  /** Points the platform took (202), including those it then rejected one by one. */
  public long delivered() {
    return locked(() -> delivered);
  }

  /** Points of reports the platform refused as malformed. */
  public long refused() {
    return locked(() -> refused);
  }

  /** Points waiting (buffered and in flight). */
  public int buffered() {
    return locked(() -> (long) buffer.size() + inFlight).intValue();
  }

  private <T> T locked(java.util.function.Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Beyond the bound the oldest waiting points go. The batch on its way is not counted while it
   * travels; if it fails it returns to the head and the oldest beyond the bound go then.
   */
  private void trim() {
    while (buffer.size() > bufferPoints) {
      buffer.pollFirst();
      dropped++;
      if (dropped == 1 || dropped % 10_000 == 0) {
        LOG.warn("ECP-AGENT-201 buffer full ({} points): {} oldest point(s) dropped so far", bufferPoints, dropped);
      }
    }
  }

  private enum Outcome { DELIVERED, REFUSED, TOO_LARGE, FAILED }

  private void sendLoop() {
    Duration backoff = retryMin;
    while (true) {
      List<MetricPoint> batch = new ArrayList<>();
      List<HostCondition> conds;
      lock.lock();
      try {
        while (buffer.isEmpty() && !closing) {
          changed.await();
        }
        if (closed || (closing && buffer.isEmpty())) {
          return;
        }
        while (batch.size() < batchPoints && !buffer.isEmpty()) {
          batch.add(buffer.pollFirst());
        }
        inFlight = batch.size();
        conds = conditions;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      Outcome outcome = post(batch, conds);
      lock.lock();
      try {
        inFlight = 0;
        switch (outcome) {
          case DELIVERED -> {
            delivered += batch.size();
            if (failures > 0) {
              LOG.info("ECP-AGENT-202 platform answers again after {} failed attempt(s); {} point(s) waiting, "
                  + "{} dropped", failures, buffer.size(), dropped);
            }
            failures = 0;
            backoff = retryMin;
          }
          case REFUSED -> refused += batch.size();
          case TOO_LARGE -> {
            putBack(batch);
            batchPoints = Math.max(1, batchPoints / 2);
            LOG.warn("ECP-AGENT-203 report too large: batches of {} points from now on", batchPoints);
          }
          case FAILED -> {
            putBack(batch);
            failures++;
            if (!closing) {
              stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
            backoff = backoff.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : backoff.multipliedBy(2);
            if (closing) {
              return; // no platform: what is left is lost with the process
            }
          }
          default -> throw new IllegalStateException(outcome.toString());
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  private void putBack(List<MetricPoint> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      buffer.addFirst(batch.get(i));
    }
    trim();
  }

  /** Tries every platform URL once, starting with the one that answered last. */
  private Outcome post(List<MetricPoint> batch, List<HostCondition> conds) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(new AgentReport(agent, host, clock.instant(), batch, conds));
    } catch (IOException e) {
      LOG.error("ECP-AGENT-204 cannot write a report: {}", e.toString());
      return Outcome.REFUSED;
    }
    int n = endpoints.size();
    for (int k = 0; k < n; k++) {
      int index = (current + k) % n;
      URI uri = endpoints.get(index);
      HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (authorization != null) {
        req.header("Authorization", authorization);
      }
      try {
        HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        int status = res.statusCode();
        if (status / 100 == 2) {
          current = index;
          logRejections(res.body());
          return Outcome.DELIVERED;
        }
        if (status == 413) {
          current = index;
          return batch.size() > 1 ? Outcome.TOO_LARGE : Outcome.REFUSED;
        }
        if (status == 400 || status == 422) {
          current = index;
          LOG.error("ECP-AGENT-205 {} refused a report of {} point(s) ({}): {}", uri, batch.size(), status,
              abbreviate(res.body()));
          return Outcome.REFUSED;
        }
        logFailure(uri, "HTTP " + status + (status == 401 || status == 403 ? " (check --user/--password)" : ""));
      } catch (IOException e) {
        logFailure(uri, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.FAILED;
      }
    }
    return Outcome.FAILED;
  }

  private void logFailure(URI uri, String why) {
    if (failures == 0 || failures % 20 == 0) {
      LOG.warn("ECP-AGENT-206 platform {} did not take a report: {} ({} failed attempt(s) so far, {} point(s) "
          + "waiting)", uri, why, failures, buffered());
    }
  }

  private void logRejections(String body) {
    if (body == null || body.isBlank()) {
      return;
    }
    try {
      JsonNode answer = json.readTree(body);
      if (answer.path("rejected").asLong(0) > 0) {
        LOG.warn("ECP-AGENT-207 the platform rejected {} point(s): {}", answer.path("rejected").asLong(),
            abbreviate(answer.path("problems").toString()));
      }
    } catch (IOException e) {
      // an answer we cannot read: the report was taken all the same
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /**
   * Stops: gives the sender up to {@code flush} to deliver what waits (one attempt while the
   * platform is away), then ends it.
   */
  public void close(Duration flush) {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
      stop.signalAll();
    } finally {
      lock.unlock();
    }
    if (sender == null) {
      return;
    }
    try {
      sender.join(flush.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    sender.interrupt();
    int left = buffered();
    if (left > 0) {
      LOG.warn("ECP-AGENT-208 stopping with {} point(s) not shipped", left);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
