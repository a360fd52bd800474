package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.migration.RestartPolicy;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.fake.InMemoryHostSlots;
import org.elasticcloud.delegates.ProcessNames;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.migration.MigrationSettings;
import org.elasticcloud.delegates.migration.ResolveContainerDelegate;
import org.elasticcloud.delegates.scaling.ContainerSlots;

/**
 * The migration processes' delegates replaced by recorders that a test can tell to fail (the
 * delegates themselves run in {@link MigrateContainerDelegatesTest} and on the lab), the lease always
 * free, the host slots real ({@link ContainerSlots} on an in-memory cap of one per host).
 */
final class MigrationMocks {
  /** Every call, {@code step:subject} (the container, or the host for host steps). */
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<String> released = Collections.synchronizedList(new ArrayList<>());
  final InMemoryHostSlots.Cluster cluster = new InMemoryHostSlots.Cluster();
  /** Another node's view of the same slots: a test holds a host's only slot through it. */
  final HostSlots otherNode = cluster.node(1);
  final ContainerSlots containerSlots = new ContainerSlots(cluster.node(1), Duration.ofSeconds(1));
  final MigrationSettings settings = new MigrationSettings(new RestartPolicy(2, Duration.ofMinutes(10)),
      Duration.ofMinutes(1), Duration.ofSeconds(1));

  /** Step → containers for which it fails technically ("*": all). */
  final Map<String, Set<String>> broken = new ConcurrentHashMap<>();
  /** Step → containers for which it throws a BPMN error (its code). */
  final Map<String, Map<String, String>> refused = new ConcurrentHashMap<>();
  /** What the planner answers, round after round: moves and waiting lines. */
  final List<Plan> plans = Collections.synchronizedList(new ArrayList<>());
  /** The plan variables each round saw: replanAll, relaxSpread. */
  final List<Map<String, Object>> planInputs = Collections.synchronizedList(new ArrayList<>());
  /** Containers "not needed" by the time the migration holds the lease. */
  final Set<String> notNeeded = ConcurrentHashMap.newKeySet();
  /** The application of a container, where a test says (else {@code app-of-<container>}). */
  final Map<String, String> applications = new ConcurrentHashMap<>();
  /** The evacuations that gave back their shared places in the queues, once per call. */
  final List<String> sharedReleased = Collections.synchronizedList(new ArrayList<>());
  /** Containers the inventory does not know. */
  final Set<String> unknown = ConcurrentHashMap.newKeySet();
  /** The recoveries DecideRecovery answers, in turn (then MOVE). */
  final List<String> recoveries = Collections.synchronizedList(new ArrayList<>());
  /** Whether PlaceContainer finds a host, in turn (then yes). */
  final List<Boolean> placements = Collections.synchronizedList(new ArrayList<>());
  /** Whether WaitHealthy succeeds, in turn (then yes). */
  final List<Boolean> healthy = Collections.synchronizedList(new ArrayList<>());

  record Plan(List<String> moves, List<String> waiting) {
  }

  private static String subject(DelegateExecution e) {
    Object c = e.getVariable(MigrationVars.CONTAINER_NAME);
    if (c != null) {
      return (String) c;
    }
    Object h = e.getVariable(MigrationVars.SOURCE_HOST);
    return h != null ? (String) h : (String) e.getVariable(Vars.HOST_NAME);
  }

  private JavaDelegate recorder(String step, JavaDelegate behaviour) {
    return e -> {
      String subject = subject(e);
      calls.add(step + ":" + subject);
      Set<String> b = broken.getOrDefault(step, Set.of());
      if (b.contains("*") || b.contains(subject)) {
        throw new IllegalStateException(step + " broken for " + subject);
      }
      String code = refused.getOrDefault(step, Map.of()).get(subject);
      if (code != null) {
        e.setVariable(MigrationVars.MIGRATION_FAILURE, step + " refused " + subject);
        throw new BpmnError(code, step + " refused " + subject);
      }
      behaviour.execute(e);
    };
  }

  /** A container operation: holds the slot of the host named by {@code hostVariable} while it works. */
  private JavaDelegate onHost(String hostVariable) {
    return e -> {
      try (HostSlots.Slot slot = containerSlots.take(e, (String) e.getVariable(hostVariable))) {
        assertThat(slot.hostName()).isNotBlank();
      }
    };
  }

  void register() {
    OperationMocks.register(released, containerSlots);
    Mocks.register("releaseSharedLeasesListener", (ExecutionListener) e -> sharedReleased.add(e.getProcessInstanceId()));
    Mocks.register(MigrationSettings.BEAN, settings);
    JavaDelegate nothing = e -> { };
    Mocks.register("resolveContainerDelegate", recorder("resolve", e -> {
      boolean known = !unknown.contains(subject(e));
      e.setVariable(MigrationVars.CONTAINER_KNOWN, known);
      if (known) {
        String application = applications.getOrDefault(subject(e), "app-of-" + subject(e));
        e.setVariable(Vars.APPLICATION, application);
        ResolveContainerDelegate.nameLease(e, application);
      }
    }));
    Mocks.register("prepareMigrationDelegate", recorder("prepare", e -> {
      e.setVariable(MigrationVars.MIGRATION_NEEDED, !notNeeded.contains(subject(e)));
      e.setVariable(MigrationVars.GENERATION, 1);
    }));
    Mocks.register("drainVipMemberDelegate", recorder("drainVip", nothing));
    Mocks.register("removeFromSourceDelegate", recorder("removeSource", onHost(MigrationVars.SOURCE_HOST)));
    Mocks.register("movePortDelegate", recorder("movePort", nothing));
    Mocks.register("moveVolumesDelegate", recorder("moveVolumes", nothing));
    Mocks.register("runOnTargetDelegate", recorder("runTarget", onHost(MigrationVars.TARGET_HOST)));
    Mocks.register("waitHealthyDelegate", recorder("healthy", e -> {
      if (!healthy.isEmpty() && !healthy.remove(0)) {
        throw new BpmnError(ScaleOut.ERROR_CONTAINER_FAILED, "never healthy");
      }
    }));
    Mocks.register("mountVipDelegate", recorder("enableVip", nothing));
    Mocks.register("registerMonitoringDelegate", recorder("monitoring", nothing));
    Mocks.register("registerLoggingDelegate", recorder("logging", nothing));
    Mocks.register("recordMigrationDelegate", recorder("record", nothing));
    Mocks.register("abandonMigrationDelegate", recorder("abandon", onHost(MigrationVars.TARGET_HOST)));
    Mocks.register("fenceHostDelegate", recorder("fence", e -> e.setVariable(MigrationVars.SOURCE_HOST,
        e.getVariable(Vars.HOST_NAME))));
    Mocks.register("setHostStateDelegate", recorder("state", e -> calls.add("state=" + e.getVariable(MigrationVars.NEW_HOST_STATE))));
    Mocks.register("planMigrationDelegate", recorder("plan", e -> {
      Map<String, Object> seen = new HashMap<>();
      seen.put(MigrationVars.REPLAN_ALL, e.getVariable(MigrationVars.REPLAN_ALL));
      seen.put(MigrationVars.RELAX_SPREAD, e.getVariable(MigrationVars.RELAX_SPREAD));
      planInputs.add(seen);
      Plan p = plans.isEmpty() ? new Plan(List.of(), List.of()) : plans.remove(0);
      e.setVariable(MigrationVars.MOVES, new ArrayList<>(p.moves()));
      e.setVariable(MigrationVars.REPLAN_ALL, false);
      e.setVariable(MigrationVars.WAITING_COUNT, p.waiting().size());
      e.setVariable(MigrationVars.WAITING_CONTAINERS, String.join("\n", p.waiting()));
    }));
    Mocks.register("decideRecoveryDelegate", recorder("decide", e -> {
      e.setVariable(MigrationVars.RECOVERY, recoveries.isEmpty() ? "MOVE" : recoveries.remove(0));
      e.setVariable(MigrationVars.SOURCE_HOST, "d1");
    }));
    Mocks.register("restartInPlaceDelegate", recorder("restart", onHost(MigrationVars.SOURCE_HOST)));
    Mocks.register("placeContainerDelegate", recorder("place", e -> {
      boolean placed = placements.isEmpty() || placements.remove(0);
      e.setVariable(MigrationVars.PLACED, placed);
      e.setVariable(MigrationVars.TARGET_HOST, placed ? "d2" : null);
      e.setVariable(MigrationVars.WAITING_COUNT, placed ? 0 : 1);
      e.setVariable(MigrationVars.WAITING_CONTAINERS, placed ? "" : subject(e) + ": no host fits");
    }));
  }

  /** The steps the given container went through, in order. */
  List<String> stepsOf(String subject) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.endsWith(":" + subject)).map(c -> c.substring(0, c.indexOf(':'))).toList();
    }
  }

  /** Lets every waiting lease take its (free) lease and runs due continuations, until none is left. */
  static void runContinuations(ProcessEngine engine) {
    ManagementService management = engine.getManagementService();
    for (int guard = 0; guard < 200; guard++) {
      List<Job> jobs = management.createJobQuery().messages().executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException failed) {
          // a technical failure: the engine counts the retry down
        }
      }
    }
  }

  /** Runs jobs (ignoring retry back-off, not timers) until none has retries left; failing ones end as incidents. */
  static void runJobs(ProcessEngine engine) {
    ManagementService management = engine.getManagementService();
    for (int guard = 0; guard < 200; guard++) {
      List<Job> jobs = management.createJobQuery().messages().withRetriesLeft().list();
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException failed) {
          // a technical failure: the engine counts the retry down
        }
      }
    }
  }

  static String migrationFailedCode() {
    return MigrateContainer.ERROR_MIGRATION_FAILED;
  }

  static String hostBusy() {
    return ProcessNames.ERROR_HOST_BUSY;
  }
}
