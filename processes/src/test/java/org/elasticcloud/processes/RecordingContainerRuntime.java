package org.elasticcloud.processes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticcloud.core.port.ContainerNotFoundException;
import org.elasticcloud.core.port.ContainerRuntime;

/**
 * A {@link ContainerRuntime} in memory that keeps containers per engine as Docker would (create and
 * start, stop, remove, inspect, list by label; repeated calls harmless) and records when each
 * operation on an engine began and ended. An operation takes at least {@code busyFor}; it also
 * lingers (up to {@code lingerFor}) until it has seen an operation in progress on another engine,
 * so a test can show that different hosts do overlap when nothing stops them.
 */
final class RecordingContainerRuntime implements ContainerRuntime {
  /** One operation on one engine: which, on what, from when to when (nanoTime). */
  record Operation(String engine, String kind, String container, long begin, long end) {
    boolean overlaps(Operation o) {
      return begin < o.end && o.begin < end;
    }
  }

  private final Map<String, Map<String, ContainerStatus>> engines = new HashMap<>();
  private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
  private final List<Operation> operations = new ArrayList<>();
  private final Duration busyFor;
  private final Duration lingerFor;

  RecordingContainerRuntime(Duration busyFor, Duration lingerFor) {
    this.busyFor = busyFor;
    this.lingerFor = lingerFor;
  }

  synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  private void work(String engine, String kind, String container) {
    AtomicInteger mine = inProgress.computeIfAbsent(engine, e -> new AtomicInteger());
    mine.incrementAndGet();
    long begin = System.nanoTime();
    boolean metAnother = false;
    try {
      while (true) {
        metAnother |= inProgress.entrySet().stream().anyMatch(e -> !e.getKey().equals(engine) && e.getValue().get() > 0);
        long elapsed = System.nanoTime() - begin;
        if (elapsed >= busyFor.toNanos() && (metAnother || elapsed >= lingerFor.toNanos())) {
          break;
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      long end = System.nanoTime();
      mine.decrementAndGet();
      synchronized (this) {
        operations.add(new Operation(engine, kind, container, begin, end));
      }
    }
  }

  private synchronized Map<String, ContainerStatus> engine(String endpoint) {
    return engines.computeIfAbsent(endpoint, e -> new HashMap<>());
  }

  @Override
  public EngineInfo ping(String engineEndpoint) {
    return new EngineInfo("20.10-recording", "1.41", 8, 16L << 30);
  }

  @Override
  public ContainerStatus run(String engineEndpoint, ContainerSpec spec) {
    work(engineEndpoint, "run", spec.name());
    synchronized (this) {
      Map<String, ContainerStatus> containers = engine(engineEndpoint);
      ContainerStatus now = new ContainerStatus(containers.containsKey(spec.name())
          ? containers.get(spec.name()).id() : UUID.randomUUID().toString(), spec.name(), spec.image(), true, "running",
          null, spec.ip(), spec.mac(), spec.labels(), spec.resources().cores(), spec.resources().memoryMb(), Instant.now());
      containers.put(spec.name(), now);
      return now;
    }
  }

  @Override
  public synchronized void start(String engineEndpoint, String name) {
    ContainerStatus c = existing(engineEndpoint, name);
    engine(engineEndpoint).put(name, with(c, true, "running", null));
  }

  @Override
  public void stop(String engineEndpoint, String name, Duration timeout) {
    existing(engineEndpoint, name);
    work(engineEndpoint, "stop", name);
    synchronized (this) {
      engine(engineEndpoint).computeIfPresent(name, (n, c) -> with(c, false, "exited", 0));
    }
  }

  @Override
  public boolean remove(String engineEndpoint, String name) {
    work(engineEndpoint, "remove", name);
    synchronized (this) {
      return engine(engineEndpoint).remove(name) != null;
    }
  }

  @Override
  public synchronized Optional<ContainerStatus> inspect(String engineEndpoint, String name) {
    return Optional.ofNullable(engine(engineEndpoint).get(name));
  }

  @Override
  public synchronized List<ContainerStatus> list(String engineEndpoint, Map<String, String> labels) {
    return engine(engineEndpoint).values().stream()
        .filter(c -> c.labels().entrySet().containsAll(labels.entrySet())).toList();
  }

  @Override
  public synchronized void resize(String engineEndpoint, String name, Resources resources) {
    ContainerStatus c = existing(engineEndpoint, name);
    engine(engineEndpoint).put(name, new ContainerStatus(c.id(), c.name(), c.image(), c.running(), c.state(),
        c.exitCode(), c.ip(), c.mac(), c.labels(), resources.cores(), resources.memoryMb(), c.startedAt()));
  }

  @Override
  public synchronized String commit(String engineEndpoint, String name, String repository, String tag) {
    existing(engineEndpoint, name);
    return "sha256:" + UUID.nameUUIDFromBytes((repository + ":" + tag).getBytes()).toString().replace("-", "");
  }

  @Override
  public synchronized ContainerStats stats(String engineEndpoint, String name) {
    ContainerStatus c = existing(engineEndpoint, name);
    return new ContainerStats(0, 0, c.memoryMb() << 20, 0, 0, c.running() ? 1 : 0);
  }

  private synchronized ContainerStatus existing(String engineEndpoint, String name) {
    ContainerStatus c = engine(engineEndpoint).get(name);
    if (c == null) {
      throw new ContainerNotFoundException("no container " + name + " on " + engineEndpoint);
    }
    return c;
  }

  private static ContainerStatus with(ContainerStatus c, boolean running, String state, Integer exitCode) {
    return new ContainerStatus(c.id(), c.name(), c.image(), running, state, exitCode, c.ip(), c.mac(), c.labels(),
        c.cores(), c.memoryMb(), running ? Instant.now() : c.startedAt());
  }
}
