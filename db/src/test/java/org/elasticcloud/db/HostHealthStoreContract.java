package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.elasticcloud.core.health.HealthReason;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.db.HostHealthStore.Event;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** What the host health store must do on every database the platform supports. */
abstract class HostHealthStoreContract {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  protected HostHealthStore store;
  protected Inventory inventory;
  private long hostId;

  protected void useDataSource(DataSource ds) {
    store = new HostHealthStore(JdbcClient.create(ds), new DataSourceTransactionManager(ds));
    inventory = new Inventory(JdbcClient.create(ds));
    Datacenter dc = inventory.datacenters.insert(new Datacenter(null, "dc1", null));
    NetworkSwitch sw = inventory.switches.insert(new NetworkSwitch(null, dc.id(), "sw1"));
    hostId = inventory.hosts.insert(new Host(null, sw.id(), "h1", 8, 16384L, 100L, "unix:///run/h1.sock",
        HostState.READY)).id();
  }

  private HostState state() {
    return inventory.hosts.find(hostId).orElseThrow().state();
  }

  @Test
  void aHostNeverJudged_hasEpochZeroAndIsFenced() {
    HostHealthStore.Health h = store.health(hostId);
    assertThat(h.epoch()).isZero();
    assertThat(h.fenced()).isTrue();
    assertThat(h.agentSeenAt()).isNull();
    assertThat(h.lastProbeOk()).isNull();
    assertThat(store.events(hostId, 10)).isEmpty();
  }

  @Test
  void aTransitionIsACompareAndSetWithItsEvent() {
    Event e = store.transition(hostId, HostState.READY, HostState.SUSPECT, HealthReason.AGENT_LOST, "gone", T0)
        .orElseThrow();
    assertThat(state()).isEqualTo(HostState.SUSPECT);
    assertThat(e.epoch()).isZero();
    assertThat(e.id()).isPositive();
    // the host is no longer READY: a second, stale transition changes nothing and records nothing
    assertThat(store.transition(hostId, HostState.READY, HostState.SUSPECT, HealthReason.AGENT_LOST, "again", T0))
        .isEmpty();
    List<Event> events = store.events(hostId, 10);
    assertThat(events).hasSize(1);
    Event stored = events.get(0);
    assertThat(stored.from()).isEqualTo(HostState.READY);
    assertThat(stored.to()).isEqualTo(HostState.SUSPECT);
    assertThat(stored.reason()).isEqualTo(HealthReason.AGENT_LOST);
    assertThat(stored.detail()).isEqualTo("gone");
    assertThat(stored.at()).isEqualTo(T0);
  }

  @Test
  void declaringAFailure_startsANewEpoch_andTheHostIsUnfencedUntilFenced() {
    store.transition(hostId, HostState.READY, HostState.SUSPECT, HealthReason.ENGINE_UNREACHABLE, "x", T0);
    Event down = store.declareFailure(hostId, HostState.SUSPECT, HostState.DOWN, HealthReason.ENGINE_DOWN, "silent",
        T0.plusSeconds(10)).orElseThrow();
    assertThat(down.epoch()).isEqualTo(1);
    assertThat(store.health(hostId).epoch()).isEqualTo(1);
    assertThat(store.health(hostId).fenced()).isFalse();

    // not fenced: an operator cannot return it
    assertThat(store.returnToService(hostId, HostState.DOWN, HealthReason.RETURNED_TO_SERVICE, "op", T0)).isEmpty();
    assertThat(state()).isEqualTo(HostState.DOWN);

    Event fence = store.recordFenced(hostId, 1, HostState.DOWN, "removed 1", T0.plusSeconds(30));
    assertThat(fence.reason()).isEqualTo(HealthReason.FENCED);
    assertThat(fence.from()).isEqualTo(HostState.DOWN).isEqualTo(fence.to());
    assertThat(store.health(hostId).fenced()).isTrue();

    Event back = store.returnToService(hostId, HostState.DOWN, HealthReason.RETURNED_TO_SERVICE, "op",
        T0.plusSeconds(40)).orElseThrow();
    assertThat(back.to()).isEqualTo(HostState.READY);
    assertThat(back.epoch()).isEqualTo(1);
    assertThat(state()).isEqualTo(HostState.READY);
    assertThat(store.events(hostId, 10)).extracting(Event::reason).containsExactly(HealthReason.RETURNED_TO_SERVICE,
        HealthReason.FENCED, HealthReason.ENGINE_DOWN, HealthReason.ENGINE_UNREACHABLE);
    assertThat(store.events(hostId, 2)).hasSize(2);
  }

  @Test
  void aFencingOfAnOlderEpoch_doesNotFenceTheNewOne() {
    store.declareFailure(hostId, HostState.READY, HostState.FAULTY, HealthReason.HARDWARE_FAULT, "edac", T0);
    store.recordFenced(hostId, 1, HostState.FAULTY, "none", T0);
    store.returnToService(hostId, HostState.FAULTY, HealthReason.RETURNED_TO_SERVICE, "op", T0).orElseThrow();
    store.transition(hostId, HostState.READY, HostState.SUSPECT, HealthReason.AGENT_LOST, "x", T0);
    store.declareFailure(hostId, HostState.SUSPECT, HostState.DOWN, HealthReason.ENGINE_DOWN, "x", T0);
    assertThat(store.health(hostId).epoch()).isEqualTo(2);
    store.recordFenced(hostId, 1, HostState.DOWN, "late", T0);
    assertThat(store.health(hostId).fenced()).isFalse();
    assertThat(store.health(hostId).fencedEpoch()).isEqualTo(1);
  }

  @Test
  void concurrentDeclarations_onlyOneWins() throws Exception {
    store.transition(hostId, HostState.READY, HostState.SUSPECT, HealthReason.AGENT_LOST, "x", T0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Optional<Event>>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(pool.submit(() -> {
          go.await();
          return store.declareFailure(hostId, HostState.SUSPECT, HostState.DOWN, HealthReason.ENGINE_DOWN, "race", T0);
        }));
      }
      go.countDown();
      int won = 0;
      for (Future<Optional<Event>> f : all) {
        won += f.get(20, TimeUnit.SECONDS).isPresent() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(store.health(hostId).epoch()).isEqualTo(1);
      assertThat(store.events(hostId, 10)).filteredOn(e -> e.reason() == HealthReason.ENGINE_DOWN).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void agentAndProbeRecords() {
    store.agentSeen(hostId, T0);
    store.agentSeen(hostId, T0.plusSeconds(60)); // the first sighting is kept
    store.recordProbe(hostId, T0.plusSeconds(2), false, "y".repeat(2000));
    HostHealthStore.Health h = store.health(hostId);
    assertThat(h.agentSeenAt()).isEqualTo(T0);
    assertThat(h.lastProbeAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(h.lastProbeOk()).isFalse();
    assertThat(h.lastProbeDetail()).hasSize(1000);
    assertThat(store.hostsWithAgents()).containsExactly(hostId);
    store.recordProbe(hostId, T0.plusSeconds(4).truncatedTo(ChronoUnit.SECONDS), true, "20.10.24");
    assertThat(store.health(hostId).lastProbeOk()).isTrue();
  }

  @Test
  void deletingTheHost_deletesItsHealth() {
    store.transition(hostId, HostState.READY, HostState.SUSPECT, HealthReason.AGENT_LOST, "x", T0);
    assertThat(inventory.hosts.delete(hostId)).isTrue();
    assertThat(store.events(hostId, 10)).isEmpty();
    assertThat(store.health(hostId).epoch()).isZero();
  }
}
