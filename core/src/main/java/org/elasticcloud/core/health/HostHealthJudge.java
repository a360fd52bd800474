package org.elasticcloud.core.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.elasticcloud.core.inventory.HostState;

/**
 * Decides a host's health from two independent signals (ADR 0014):
 * <ul>
 *   <li>its <b>agent</b>: the member the host's agent keeps in ZooKeeper (role {@code agent}, id =
 *       the host's name). It disappears when the agent dies, when the host dies, and also when only
 *       the agent's link to ZooKeeper is cut (a partition), so on its own it proves nothing;</li>
 *   <li>its <b>engine</b>: the platform's own probe of the host's Docker engine, over the path the
 *       platform uses to manage the host's containers.</li>
 * </ul>
 * Transitions:
 * <ul>
 *   <li>READY to SUSPECT when the agent is lost (it was seen before) or the engine failed
 *       {@value #MIN_FAILED_PROBES} probes in a row;</li>
 *   <li>SUSPECT to DOWN only when the engine failed every probe (at least {@value #MIN_FAILED_PROBES})
 *       for {@code downAfter} <i>and</i> the agent is not present. A lost agent with an answering engine
 *       stays SUSPECT however long (a partition: the containers may still serve); an engine that does
 *       not answer while the agent is present stays SUSPECT too (the host lives, and its containers
 *       may be live: declaring it DOWN would let them be recreated elsewhere with the same IPs);</li>
 *   <li>SUSPECT to READY once the engine has answered every probe and the agent has been present (or
 *       was never seen) for {@code recoverAfter}, so a flapping host does not bounce in and out of
 *       placement;</li>
 *   <li>DOWN: when the engine answers again the host must first be fenced ({@link Action#FENCE}); a
 *       fenced host stays DOWN until an operator returns it, unless {@code autoReturn}, when it
 *       becomes READY after {@code recoverAfter} of health;</li>
 *   <li>FAULTY, DRAINING, MAINTENANCE and REGISTERING hosts are never changed by the judge.</li>
 * </ul>
 * A host whose agent was never seen (no agent installed yet) is judged on its engine alone.
 *
 * <p>The judge only remembers observations; it changes nothing. It is not thread-safe beyond its
 * own methods being synchronized: one monitor feeds it. Time comes from the injected clock.
 */
public final class HostHealthJudge {
  /**
   * A single failed probe (one slow answer on a busy machine) neither takes a READY host out of
   * placement nor makes a host DOWN, however long ago the engine last answered.
   */
  public static final int MIN_FAILED_PROBES = 2;

  /** What the agent signal says of a host. */
  public enum Agent {
    /** Its member is in ZooKeeper. */
    PRESENT,
    /** Its member was seen before and is gone now. */
    ABSENT,
    /** No agent of this host has ever been seen: the signal is missing, not negative. */
    UNKNOWN
  }

  /** What to do about a host. */
  public enum Action { NONE, TRANSITION, FENCE }

  /** The judge's decision: nothing, a transition to {@code to}, or fencing the engine first. */
  public record Verdict(Action action, HostState to, HealthReason reason, String detail) {
    public static final Verdict NONE = new Verdict(Action.NONE, null, null, null);

    static Verdict transition(HostState to, HealthReason reason, String detail) {
      return new Verdict(Action.TRANSITION, to, reason, detail);
    }
  }

  /**
   * What the judge knows of a host now.
   *
   * @param agent what the agent signal says
   * @param agentChangedAt when that last changed (null: never observed)
   * @param lastProbeAt when the engine was last probed (null: not yet)
   * @param engineAnswered whether it answered then (null: not probed yet)
   * @param probeDetail the engine's version, or why the probe failed
   * @param lastAnswerAt when the engine last answered (null: not since the judge started)
   * @param failedProbes consecutive failed probes up to now
   */
  public record Observation(Agent agent, Instant agentChangedAt, Instant lastProbeAt, Boolean engineAnswered,
      String probeDetail, Instant lastAnswerAt, int failedProbes) {
  }

  private static final class Track {
    boolean agentExpected;
    Boolean agentPresent;
    Instant agentChangedAt;
    Instant lastProbeAt;
    boolean lastAnswered;
    String probeDetail;
    Instant lastAnswerAt;
    Instant answeringSince;
    Instant firstFailureAt;
    int failures;
  }

  private final Clock clock;
  private final Duration downAfter;
  private final Duration recoverAfter;
  private final boolean autoReturn;
  private final Map<String, Track> tracks = new HashMap<>();

  /**
   * @param downAfter how long the engine must fail every probe (with the agent not present) before
   *     a SUSPECT host is declared DOWN
   * @param recoverAfter how long a SUSPECT host must look healthy before it is READY again
   * @param autoReturn whether a fenced DOWN host returns to READY by itself once healthy
   */
  public HostHealthJudge(Clock clock, Duration downAfter, Duration recoverAfter, boolean autoReturn) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (downAfter == null || downAfter.isNegative() || downAfter.isZero()) {
      throw new IllegalArgumentException("downAfter must be positive");
    }
    if (recoverAfter == null || recoverAfter.isNegative()) {
      throw new IllegalArgumentException("recoverAfter must not be negative");
    }
    this.downAfter = downAfter;
    this.recoverAfter = recoverAfter;
    this.autoReturn = autoReturn;
  }

  public Duration downAfter() {
    return downAfter;
  }

  /**
   * The host has (had) an agent: its absence counts as lost even before this judge saw it present
   * (the monitor seeds this from what it stored, so a new monitor does not mistake a lost agent for
   * a host without one).
   */
  public synchronized void expectAgent(String host) {
    track(host).agentExpected = true;
  }

  /** Whether the host's agent member is in ZooKeeper now. */
  public synchronized void agentObserved(String host, boolean present) {
    Track t = track(host);
    Instant now = clock.instant();
    if (!Boolean.valueOf(present).equals(t.agentPresent)) {
      t.agentChangedAt = now;
    }
    t.agentPresent = present;
    if (present) {
      t.agentExpected = true;
    }
  }

  /** The result of one probe of the host's engine, taken now. */
  public synchronized void engineProbed(String host, boolean answered, String detail) {
    Track t = track(host);
    Instant now = clock.instant();
    t.lastProbeAt = now;
    t.probeDetail = detail;
    if (answered) {
      if (!t.lastAnswered || t.answeringSince == null) {
        t.answeringSince = now;
      }
      t.lastAnswered = true;
      t.lastAnswerAt = now;
      t.failures = 0;
      t.firstFailureAt = null;
    } else {
      if (t.failures == 0) {
        t.firstFailureAt = now;
      }
      t.failures++;
      t.lastAnswered = false;
      t.answeringSince = null;
    }
  }

  /** Forgets every observation (a monitor that just became the active one starts afresh). */
  public synchronized void reset() {
    tracks.clear();
  }

  /** Forgets hosts not in {@code hosts} (removed from the inventory or no longer watched). */
  public synchronized void retain(Set<String> hosts) {
    tracks.keySet().retainAll(hosts);
  }

  public synchronized Optional<Observation> observation(String host) {
    Track t = tracks.get(host);
    if (t == null) {
      return Optional.empty();
    }
    return Optional.of(new Observation(agent(t), t.agentChangedAt, t.lastProbeAt,
        t.lastProbeAt == null ? null : t.lastAnswered, t.probeDetail, t.lastAnswerAt, t.failures));
  }

  /**
   * What to do about {@code host}, whose state in the inventory is {@code current}.
   *
   * @param fenced whether the host's engine has been fenced since it was last declared DOWN
   */
  public synchronized Verdict decide(String host, HostState current, boolean fenced) {
    Track t = tracks.get(host);
    if (t == null || current == null) {
      return Verdict.NONE;
    }
    Instant now = clock.instant();
    Agent agent = agent(t);
    boolean probed = t.lastProbeAt != null;
    switch (current) {
      case READY -> {
        if (agent == Agent.ABSENT) {
          return Verdict.transition(HostState.SUSPECT, HealthReason.AGENT_LOST,
              "the agent's member left ZooKeeper; engine " + engineText(t));
        }
        if (probed && !t.lastAnswered && t.failures >= MIN_FAILED_PROBES) {
          return Verdict.transition(HostState.SUSPECT, HealthReason.ENGINE_UNREACHABLE, "engine probe failed "
              + t.failures + " times in a row: " + t.probeDetail + "; agent " + agentText(agent));
        }
        return Verdict.NONE;
      }
      case SUSPECT -> {
        if (engineDown(t, now) && agent != Agent.PRESENT) {
          Duration silent = Duration.between(silentSince(t), now);
          return Verdict.transition(HostState.DOWN, HealthReason.ENGINE_DOWN, "engine failed every probe for "
              + seconds(silent) + " (" + t.failures + " probes, last: " + t.probeDetail + "); agent "
              + agentText(agent));
        }
        if (healthyFor(t, agent, now).compareTo(recoverAfter) >= 0) {
          return Verdict.transition(HostState.READY, HealthReason.RECOVERED,
              "engine answers and agent " + agentText(agent));
        }
        return Verdict.NONE;
      }
      case DOWN -> {
        if (!probed || !t.lastAnswered) {
          return Verdict.NONE;
        }
        if (!fenced) {
          return new Verdict(Action.FENCE, null, HealthReason.FENCED, "engine answers again: " + t.probeDetail);
        }
        if (autoReturn && healthyFor(t, agent, now).compareTo(recoverAfter) >= 0) {
          return Verdict.transition(HostState.READY, HealthReason.RECOVERED,
              "fenced; engine answers and agent " + agentText(agent));
        }
        return Verdict.NONE;
      }
      default -> {
        return Verdict.NONE;
      }
    }
  }

  private Track track(String host) {
    return tracks.computeIfAbsent(Objects.requireNonNull(host, "host"), h -> new Track());
  }

  private static Agent agent(Track t) {
    if (Boolean.TRUE.equals(t.agentPresent)) {
      return Agent.PRESENT;
    }
    return t.agentExpected ? Agent.ABSENT : Agent.UNKNOWN;
  }

  /** Since when the engine has been silent: its last answer, or the first failure if it never answered. */
  private static Instant silentSince(Track t) {
    return t.lastAnswerAt != null ? t.lastAnswerAt : t.firstFailureAt;
  }

  private boolean engineDown(Track t, Instant now) {
    return t.lastProbeAt != null && !t.lastAnswered && t.failures >= MIN_FAILED_PROBES
        && Duration.between(silentSince(t), now).compareTo(downAfter) >= 0;
  }

  /** How long the host has looked healthy (engine answering, agent not absent); negative when it does not. */
  private static Duration healthyFor(Track t, Agent agent, Instant now) {
    if (t.lastProbeAt == null || !t.lastAnswered || agent == Agent.ABSENT) {
      return Duration.ofSeconds(-1);
    }
    Instant since = t.answeringSince;
    if (agent == Agent.PRESENT && t.agentChangedAt != null && t.agentChangedAt.isAfter(since)) {
      since = t.agentChangedAt;
    }
    return Duration.between(since, now);
  }

  private static String engineText(Track t) {
    if (t.lastProbeAt == null) {
      return "not probed yet";
    }
    return t.lastAnswered ? "answers" : "does not answer (" + t.probeDetail + ")";
  }

  private static String agentText(Agent agent) {
    return switch (agent) {
      case PRESENT -> "present";
      case ABSENT -> "absent";
      case UNKNOWN -> "never registered";
    };
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
