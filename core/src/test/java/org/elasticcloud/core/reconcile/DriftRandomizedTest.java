package org.elasticcloud.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elasticcloud.core.reconcile.ReconcileFixture.SERVER_A;
import static org.elasticcloud.core.reconcile.ReconcileFixture.SERVER_B;
import static org.elasticcloud.core.reconcile.ReconcileFixture.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.GrantSpec;
import org.elasticcloud.core.port.ObservationRegistry.Monitoring;
import org.elasticcloud.core.reconcile.InventoryView.GrantAccount;
import org.elasticcloud.core.reconcile.InventoryView.GroupRef;
import org.elasticcloud.core.reconcile.InventoryView.Recorded;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random inventories with a world that matches them (plus foreign noise), then random drift made by
 * hand, each change on its own container so that it must show as exactly one item: the report must
 * list exactly those, minus the applications made busy; repairs must remove exactly the safe ones,
 * change nothing of a busy application, and be idempotent.
 */
class DriftRandomizedTest {
  private static final List<String> APPS = List.of("shop", "shop-api", "pay", "a-b-c", "search");
  private static final List<String> ENVS = List.of("production", "staging");
  private static final List<String> GROUPS = List.of("v1", "blue-green", "g");
  /** Across all seeds: items expected, repairable ones among them, items hidden by a busy application. */
  private static final java.util.concurrent.atomic.AtomicInteger EXPECTED = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger REPAIRABLE = new java.util.concurrent.atomic.AtomicInteger();
  private static final java.util.concurrent.atomic.AtomicInteger HIDDEN = new java.util.concurrent.atomic.AtomicInteger();

  static List<Long> seeds() {
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= 300; s++) {
      seeds.add(s * 7919);
    }
    return seeds;
  }

  /** One expected item and the applications whose business it is. */
  private record Expected(String summary, Set<String> applications, boolean repairable) {
  }

  private static String summary(DriftItem i) {
    return i.kind() + " " + i.type() + " " + i.key();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void reportsExactlyTheDriftMadeByHand_andRepairsExactlyTheSafeOnes(long seed) {
    Random rnd = new Random(seed);
    ReconcileFixture f = new ReconcileFixture();
    int hostCount = 2 + rnd.nextInt(4);
    for (int h = 1; h <= hostCount; h++) {
      f.host("h" + h);
    }
    List<GroupRef> groups = new ArrayList<>();
    List<Recorded> running = new ArrayList<>();
    List<String> apps = new ArrayList<>(APPS);
    java.util.Collections.shuffle(apps, rnd);
    apps = apps.subList(0, 1 + rnd.nextInt(apps.size()));
    for (String app : apps) {
      Set<String> used = new HashSet<>();
      for (int n = 1 + rnd.nextInt(2); n > 0; n--) {
        String env = ENVS.get(rnd.nextInt(ENVS.size()));
        String group = GROUPS.get(rnd.nextInt(GROUPS.size()));
        if (!used.add(env + "/" + group)) {
          continue;
        }
        List<GrantSpec> grants = new ArrayList<>();
        for (int g = rnd.nextInt(3); g > 0; g--) {
          String user = rnd.nextInt(3) == 0 ? "shared_user" : "u_" + app.replace("-", "_");
          GrantSpec s = ReconcileFixture.grant(rnd.nextBoolean() ? SERVER_A : SERVER_B, "db_" + g, user);
          grants.add(s);
        }
        String vip = rnd.nextInt(3) == 0 ? null : "vip-" + app + "-" + env + "-" + group;
        List<String> metrics = rnd.nextBoolean() ? List.of("cpu", "liveness") : List.of();
        boolean template = rnd.nextBoolean();
        GroupRef g = f.group(app, env, group, grants, vip, metrics, template, template && rnd.nextBoolean());
        groups.add(g);
        for (int c = 1 + rnd.nextInt(4); c > 0; c--) {
          ContainerState state = rnd.nextInt(5) == 0 ? ContainerState.STOPPED : ContainerState.RUNNING;
          Recorded r = f.container(g, c, "h" + (1 + rnd.nextInt(hostCount)), state);
          if (state == ContainerState.RUNNING) {
            running.add(r);
          }
        }
      }
    }
    noise(f, rnd, hostCount);

    assertThat(f.detect().items()).as("a world that matches its inventory, seed %d", seed).isEmpty();

    // drift by hand
    InventoryView view = f.view();
    List<Expected> expected = new ArrayList<>();
    java.util.Collections.shuffle(running, rnd);
    int fresh = 500;
    int changes = rnd.nextInt(9);
    for (int k = 0; k < changes; k++) {
      GroupRef g = groups.get(rnd.nextInt(groups.size()));
      Recorded r = running.isEmpty() ? null : running.get(0);
      GroupRef rg = r == null ? null : view.group(r.groupId()).orElseThrow();
      String other = r == null ? null : "h" + (1 + (Integer.parseInt(r.host().substring(1)) % hostCount));
      String fresher = ContainerBlueprint.name(g.application(), g.environment(), g.name(), fresh++);
      int op = rnd.nextInt(19);
      boolean usesRecord = op < 11 && r != null;
      Set<String> owner = r == null ? Set.of() : Set.of(rg.application());
      switch (usesRecord ? op : 11 + rnd.nextInt(8)) {
        case 0 -> {
          f.world.runtime.engines.get(endpoint(r.host())).remove(r.name());
          expected.add(new Expected("MISSING CONTAINER CONTAINER|" + r.host() + "|" + r.name(), owner, false));
        }
        case 1 -> {
          f.world.runtime.put(endpoint(r.host()), r.name(), false, r.ip(), ReconcileFixture.labels(rg, r.name(), 1));
          expected.add(new Expected("MISMATCH CONTAINER CONTAINER|" + r.host() + "|" + r.name(), owner, false));
        }
        case 2 -> {
          f.world.runtime.engines.get(endpoint(r.host())).remove(r.name());
          f.world.runtime.put(endpoint(other), r.name(), true, r.ip(), ReconcileFixture.labels(rg, r.name(), 2));
          expected.add(new Expected("MISMATCH CONTAINER CONTAINER|" + other + "|" + r.name(), owner, false));
        }
        case 3 -> {
          f.world.runtime.put(endpoint(other), r.name(), true, r.ip(), ReconcileFixture.labels(rg, r.name(), 0));
          expected.add(new Expected("ORPHAN CONTAINER CONTAINER|" + other + "|" + r.name(), owner, true));
        }
        case 4 -> {
          f.world.ports.byName.remove(r.name());
          expected.add(new Expected("MISSING PORT PORT|" + r.name(), owner, false));
        }
        case 5 -> {
          f.world.ports.put(r.name(), "10.0.240." + k, r.mac(), r.host());
          expected.add(new Expected("MISMATCH PORT PORT|" + r.name(), owner, false));
        }
        case 6 -> {
          f.world.volumes.byName.remove(r.logVolume());
          expected.add(new Expected("MISSING VOLUME VOLUME|" + r.logVolume(), owner, false));
        }
        case 7 -> {
          f.world.volumes.put(r.dataVolume(), 10, other);
          expected.add(new Expected("MISMATCH VOLUME VOLUME|" + r.dataVolume(), owner, false));
        }
        case 8 -> {
          if (rg.grants().isEmpty()) {
            continue;
          }
          GrantSpec s = rg.grants().get(0);
          GrantAccount a = InventoryView.account(s);
          f.world.grants.servers.get(s.server()).remove(s.user() + "@" + r.ip());
          expected.add(new Expected("MISSING GRANT GRANT|" + s.server() + "|" + s.user() + "@" + r.ip(),
              view.ownersOf(a), false));
        }
        case 9 -> {
          if (rg.vip() == null) {
            continue;
          }
          f.world.loadBalancer.vips.get(rg.vip().name()).remove(r.name());
          expected.add(new Expected("MISSING VIP_MEMBER VIP_MEMBER|" + rg.vip().name() + "|" + r.name(), owner, false));
        }
        case 10 -> {
          if (rg.metrics().isEmpty()) {
            continue;
          }
          if (rnd.nextBoolean()) {
            f.world.observation.monitoring.remove(r.name());
            expected.add(new Expected("MISSING MONITORING MONITORING|" + r.name(), owner, true));
          } else {
            f.world.observation.monitor(new Monitoring(r.name(), other, r.ip(), rg.metrics()));
            expected.add(new Expected("MISMATCH MONITORING MONITORING|" + r.name(), owner, true));
          }
        }
        case 11, 12 -> {
          String host = "h" + (1 + rnd.nextInt(hostCount));
          f.world.runtime.put(endpoint(host), fresher, rnd.nextBoolean(), "10.0.230." + k,
              ReconcileFixture.labels(g, fresher, 1));
          expected.add(new Expected("ORPHAN CONTAINER CONTAINER|" + host + "|" + fresher, Set.of(g.application()), true));
        }
        case 13 -> {
          f.world.ports.put(fresher, "10.0.231." + k, "02:00:00:00:01:" + k, "h1");
          expected.add(new Expected("ORPHAN PORT PORT|" + fresher, Set.of(g.application()), true));
        }
        case 14 -> {
          String v = ContainerBlueprint.dataVolume(fresher);
          f.world.volumes.put(v, 5, rnd.nextBoolean() ? "h1" : null);
          expected.add(new Expected("ORPHAN VOLUME VOLUME|" + v, Set.of(g.application()), true));
        }
        case 15 -> {
          if (g.grants().isEmpty()) {
            continue;
          }
          GrantSpec s = g.grants().get(rnd.nextInt(g.grants().size()));
          String ip = "10.0.250." + k;
          f.world.grants.put(s.server(), s.user(), ip, s.schema(), List.of("SELECT"));
          expected.add(new Expected("ORPHAN GRANT GRANT|" + s.server() + "|" + s.user() + "@" + ip,
              view.ownersOf(InventoryView.account(s)), true));
        }
        case 16 -> {
          if (g.vip() == null) {
            continue;
          }
          f.world.loadBalancer.put(g.vip().name(), "intruder-" + k, "10.0.232." + k, 8080);
          expected.add(new Expected("ORPHAN VIP_MEMBER VIP_MEMBER|" + g.vip().name() + "|intruder-" + k,
              Set.of(g.application()), true));
        }
        default -> {
          f.world.observation.monitor(new Monitoring(fresher, "h1", "10.0.233." + k, List.of("cpu")));
          expected.add(new Expected("ORPHAN MONITORING MONITORING|" + fresher, Set.of(g.application()), true));
        }
      }
      if (usesRecord) {
        running.remove(0);
      }
    }

    Set<String> busy = new TreeSet<>();
    if (rnd.nextInt(3) == 0) {
      String app = apps.get(rnd.nextInt(apps.size()));
      busy.add(app);
      f.world.queue.enqueue(app, "pi-" + seed, "an operation");
    }
    Set<String> wanted = new TreeSet<>();
    Set<String> wantedAfterRepair = new TreeSet<>();
    Set<String> ofBusy = new TreeSet<>();
    for (Expected e : expected) {
      if (e.applications().stream().anyMatch(busy::contains)) {
        ofBusy.add(e.summary());
        continue;
      }
      wanted.add(e.summary());
      if (!e.repairable()) {
        wantedAfterRepair.add(e.summary());
      }
    }

    EXPECTED.addAndGet(wanted.size());
    REPAIRABLE.addAndGet(wanted.size() - wantedAfterRepair.size());
    HIDDEN.addAndGet(ofBusy.size());
    Drift drift = f.detect();
    assertThat(drift.items().stream().filter(i -> i.kind() != DriftKind.SKIPPED).map(DriftRandomizedTest::summary))
        .as("seed %d", seed).containsExactlyInAnyOrderElementsOf(wanted);
    assertThat(drift.ofKind(DriftKind.SKIPPED)).extracting(DriftItem::name).containsExactlyElementsOf(busy);
    Map<String, RepairAction> actions = new HashMap<>();
    drift.items().forEach(i -> actions.put(summary(i), i.action()));
    for (Expected e : expected) {
      if (wanted.contains(e.summary())) {
        assertThat(actions.get(e.summary()) != RepairAction.NONE).as("%s repairable, seed %d", e.summary(), seed)
            .isEqualTo(e.repairable());
      }
    }

    List<Repairer.Result> results = f.repair(drift);
    assertThat(results).as("seed %d", seed).noneMatch(r -> r.outcome() == RepairOutcome.FAILED
        || r.outcome() == RepairOutcome.BLOCKED || r.outcome() == RepairOutcome.SKIPPED_CHANGED);
    Drift after = f.detect();
    assertThat(after.items().stream().filter(i -> i.kind() != DriftKind.SKIPPED).map(DriftRandomizedTest::summary))
        .as("after repair, seed %d", seed).containsExactlyInAnyOrderElementsOf(wantedAfterRepair);

    // idempotent: the same report repaired again changes nothing
    int mutations = f.world.mutations.get();
    assertThat(f.repair(drift)).noneMatch(r -> r.outcome() == RepairOutcome.REPAIRED || r.outcome() == RepairOutcome.FAILED);
    assertThat(f.world.mutations.get()).isEqualTo(mutations);

    // the busy application's drift was left exactly as it was
    busy.forEach(a -> f.world.queue.release(a, "pi-" + seed));
    Set<String> nowVisible = new TreeSet<>();
    f.detect().items().forEach(i -> nowVisible.add(summary(i)));
    assertThat(nowVisible).as("seed %d", seed).containsAll(ofBusy);
  }

  @org.junit.jupiter.api.AfterAll
  static void theGeneratorReallyMadeDrift() {
    assertThat(EXPECTED.get()).as("items expected over all seeds").isGreaterThan(600);
    assertThat(REPAIRABLE.get()).as("repairable items over all seeds").isGreaterThan(250);
    assertThat(HIDDEN.get()).as("items of busy applications over all seeds").isGreaterThan(50);
  }

  /** Things on the same systems that are not the platform's: never judged, never touched. */
  private static void noise(ReconcileFixture f, Random rnd, int hostCount) {
    for (int i = 0; i < 3; i++) {
      String host = "h" + (1 + rnd.nextInt(hostCount));
      f.world.runtime.put(endpoint(host), "foreign-" + i, true, "172.17.0." + i, Map.of());
      f.world.runtime.put(endpoint(host), "unknown-production-v1-" + i, true, "10.0.222." + i,
          Map.of(ContainerBlueprint.LABEL_APP, "unknown"));
    }
    f.world.ports.put("gateway", "10.0.0.1", "02:00:00:00:00:01", null);
    f.world.ports.put("unknown-production-v1-1", "10.0.222.1", "02:00:00:00:00:02", "h1");
    f.world.volumes.put("scratch-data", 100, null);
    f.world.volumes.put("unknown-production-v1-1-log", 1, "h1");
    for (GrantAccount a : f.view().accounts()) {
      f.world.grants.put(a.server(), a.user(), "192.168.7.7", "db_1", List.of("SELECT"));
      f.world.grants.put(a.server(), a.user(), "%", "db_1", List.of("SELECT"));
      f.world.grants.put(a.server(), a.user(), "localhost", "db_1", List.of("SELECT"));
    }
    f.world.grants.put(SERVER_A, "dba", "10.0.9.9", "db_1", List.of("SELECT"));
    f.world.loadBalancer.put("vip-legacy", "old-1", "10.0.9.10", 80);
    f.world.observation.monitor(new Monitoring("unknown-production-v1-1", "h1", "10.0.222.1", List.of("cpu")));
  }
}
