package org.elasticcloud.webapp.monitoring;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.elasticcloud.core.port.ContainerRuntime;

/**
 * Probes hosts' engines through the {@link ContainerRuntime} port's {@code ping}, all at once, each
 * within a short timeout. A hung engine holds at most one thread: while its earlier probe is still
 * waiting (the engine client's own response timeout is long, made for real work), the next probe
 * of it joins that one instead of starting another. An answer that came later than the timeout
 * counts as a failure too: an engine that slow cannot be managed.
 */
public class EngineProber implements AutoCloseable {
  /** One probe's outcome: whether the engine answered in time, its version or why not. */
  public record Result(boolean answered, String detail) {
  }

  private record Timed(ContainerRuntime.EngineInfo info, long nanos) {
  }

  private final ContainerRuntime runtime;
  private final Duration timeout;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "ecloud-engine-probe");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Future<Timed>> inFlight = new ConcurrentHashMap<>();

  public EngineProber(ContainerRuntime runtime, Duration timeout) {
    this.runtime = runtime;
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Probes one engine, waiting up to {@code patience} (at least the probe timeout) for its answer:
   * for an operator's one-off check, where a busy engine's slow answer still counts.
   */
  public Result probe(String endpoint, Duration patience) {
    Duration limit = patience.compareTo(timeout) > 0 ? patience : timeout;
    return probeAll(java.util.List.of(endpoint), limit).get(endpoint);
  }

  /** Probes every engine at once; returns within about the timeout. */
  public Map<String, Result> probeAll(Collection<String> endpoints) {
    return probeAll(endpoints, timeout);
  }

  private Map<String, Result> probeAll(Collection<String> endpoints, Duration limit) {
    Map<String, Future<Timed>> started = new LinkedHashMap<>();
    for (String e : endpoints) {
      started.put(e, inFlight.computeIfAbsent(e, this::submit));
    }
    long deadline = System.nanoTime() + limit.toNanos();
    Map<String, Result> out = new LinkedHashMap<>();
    started.forEach((endpoint, f) -> out.put(endpoint, await(endpoint, f, deadline, limit)));
    return out;
  }

  private Future<Timed> submit(String endpoint) {
    return pool.submit(() -> {
      long t0 = System.nanoTime();
      ContainerRuntime.EngineInfo info = runtime.ping(endpoint);
      return new Timed(info, System.nanoTime() - t0);
    });
  }

  private Result await(String endpoint, Future<Timed> f, long deadline, Duration limit) {
    try {
      Timed t = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      inFlight.remove(endpoint, f);
      if (t.nanos() > limit.toNanos()) {
        return new Result(false, "answered only after " + TimeUnit.NANOSECONDS.toMillis(t.nanos()) + " ms");
      }
      return new Result(true, "engine " + t.info().version() + " (API " + t.info().apiVersion() + ")");
    } catch (TimeoutException e) {
      return new Result(false, "no answer within " + limit.toMillis() + " ms");
    } catch (ExecutionException e) {
      inFlight.remove(endpoint, f);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Result(false, String.valueOf(cause.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
