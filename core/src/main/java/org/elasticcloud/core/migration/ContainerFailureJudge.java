package org.elasticcloud.core.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.HostState;

/**
 * Decides from the agents' liveness points that a container has failed (its process exited, it is
 * stopped, it stays unhealthy), so that ContainerFailureProcess restarts or moves it.
 *
 * <p>A container is declared failed when its host's agent reported it dead (liveness 0) in at least
 * {@value #MIN_DEAD_ROUNDS} collection rounds in a row spanning at least {@code failAfter}, and in
 * every one of those rounds it was <i>eligible</i>: the platform records it RUNNING on the very host
 * that reports it, that host is READY, and its application has no operation queued (no scale-in,
 * migration, release or recovery holds or waits for its lease). A container that is not eligible is
 * being operated on, or belongs to a host that host-failure detection handles; its count starts
 * again. A declared container is not declared again until its host reports it alive (or it left the
 * host): one failure, one recovery — a recovery that gives up is not retried in a loop.
 *
 * <p>Rounds are told apart by their timestamps (the agent's clock), points are taken in time order
 * whatever reports they came in (an agent splits its buffer into batches, and sends rounds it kept
 * while the platform was away late). Plain state; its methods are synchronized.
 */
public final class ContainerFailureJudge {
  /** One dead round is never enough (a container caught in a restart by its engine). */
  public static final int MIN_DEAD_ROUNDS = 2;

  /** Why a dead container is not counted. */
  public enum Ignored {
    /** The platform has no such container (not the platform's, or already removed). */
    NOT_RECORDED,
    /** The platform records it on another host, or on none (a stale copy: fencing's matter). */
    ELSEWHERE,
    /** Its record is not RUNNING (creating, migrating, removing, stopped or failed on purpose). */
    NOT_RUNNING,
    /** Its host is not READY (SUSPECT, DOWN, DRAINING...): host-failure detection and draining act. */
    HOST_NOT_READY,
    /** Its application has an operation running or waiting (it holds, or waits for, the lease). */
    APPLICATION_BUSY
  }

  /** One liveness point of a container: when, and whether it was alive. */
  public record Sighting(String container, Instant at, boolean alive) {
    public Sighting {
      Objects.requireNonNull(container, "container");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A container found failed: on which host, dead since when, for how many rounds. */
  public record Failure(String container, String host, Instant deadSince, Instant lastSeenDead, int rounds) {
    /** What the process and the log are told. */
    public String detail() {
      return "its agent on " + host + " reported it not alive in " + rounds + " rounds from " + deadSince + " to "
          + lastSeenDead;
    }
  }

  private static final class Track {
    Instant lastAt;
    Instant deadSince;
    int deadRounds;
    boolean declared;
  }

  private final Duration failAfter;
  private final Duration forgetAfter;
  private final Map<String, Map<String, Track>> hosts = new HashMap<>();

  /** @param failAfter how long a container must stay dead (at least {@value #MIN_DEAD_ROUNDS} rounds) */
  public ContainerFailureJudge(Duration failAfter) {
    if (failAfter == null || failAfter.isNegative()) {
      throw new IllegalArgumentException("failAfter must be zero or positive, was " + failAfter);
    }
    this.failAfter = failAfter;
    Duration tenMinutes = Duration.ofMinutes(10);
    Duration thrice = failAfter.multipliedBy(3);
    this.forgetAfter = thrice.compareTo(tenMinutes) > 0 ? thrice : tenMinutes;
  }

  /**
   * Whether a container reported dead by {@code reportingHost} counts, from what the platform records.
   *
   * @param recordedState its recorded state (null: no record)
   * @param recordedHost the name of the host it is recorded on (null: none)
   * @param reportingHostState the recorded state of the reporting host (null: not a known host)
   * @param applicationBusy whether its application has an operation queued
   * @return empty when it counts, else why not
   */
  public static Optional<Ignored> standing(ContainerState recordedState, String recordedHost, String reportingHost,
      HostState reportingHostState, boolean applicationBusy) {
    if (recordedState == null) {
      return Optional.of(Ignored.NOT_RECORDED);
    }
    if (recordedHost == null || !recordedHost.equals(reportingHost)) {
      return Optional.of(Ignored.ELSEWHERE);
    }
    if (recordedState != ContainerState.RUNNING) {
      return Optional.of(Ignored.NOT_RUNNING);
    }
    if (reportingHostState != HostState.READY) {
      return Optional.of(Ignored.HOST_NOT_READY);
    }
    if (applicationBusy) {
      return Optional.of(Ignored.APPLICATION_BUSY);
    }
    return Optional.empty();
  }

  /**
   * One report of a host's agent.
   *
   * @param host the reporting host's name
   * @param sightings its containers' liveness points, in any order
   * @param standing asked once per report for every container with a dead point: empty when it counts
   * @return the containers that failed now (each once per failure)
   */
  public synchronized List<Failure> report(String host, List<Sighting> sightings,
      Function<String, Optional<Ignored>> standing) {
    Map<String, Track> tracks = hosts.computeIfAbsent(host, h -> new HashMap<>());
    List<Sighting> ordered = new ArrayList<>(sightings);
    ordered.sort(Comparator.comparing(Sighting::at));
    Map<String, Optional<Ignored>> asked = new HashMap<>();
    Map<String, Failure> failed = new java.util.LinkedHashMap<>();
    Instant latest = null;
    for (Sighting s : ordered) {
      latest = s.at();
      Track t = tracks.computeIfAbsent(s.container(), c -> new Track());
      if (t.lastAt != null && !s.at().isAfter(t.lastAt)) {
        continue; // this round was seen already (or is older than one seen)
      }
      t.lastAt = s.at();
      if (s.alive()) {
        t.deadSince = null;
        t.deadRounds = 0;
        t.declared = false;
        failed.remove(s.container());
        continue;
      }
      if (asked.computeIfAbsent(s.container(), standing).isPresent()) {
        t.deadSince = null;
        t.deadRounds = 0;
        continue;
      }
      if (t.deadSince == null) {
        t.deadSince = s.at();
      }
      t.deadRounds++;
      if (!t.declared && t.deadRounds >= MIN_DEAD_ROUNDS
          && Duration.between(t.deadSince, s.at()).compareTo(failAfter) >= 0) {
        t.declared = true;
        failed.put(s.container(), new Failure(s.container(), host, t.deadSince, s.at(), t.deadRounds));
      }
    }
    if (latest != null) {
      Instant horizon = latest.minus(forgetAfter);
      tracks.values().removeIf(t -> t.lastAt != null && t.lastAt.isBefore(horizon));
    }
    return List.copyOf(failed.values());
  }

  /** Forgets a host (it left the inventory, or host-failure detection took it over). */
  public synchronized void forget(String host) {
    hosts.remove(host);
  }

  /** How many containers of a host are followed now (for tests and the log). */
  public synchronized int tracked(String host) {
    Map<String, Track> t = hosts.get(host);
    return t == null ? 0 : t.size();
  }
}
