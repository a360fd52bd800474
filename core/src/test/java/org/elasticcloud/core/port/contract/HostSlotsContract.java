package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticcloud.core.port.HostSlots;
import org.elasticcloud.core.port.HostSlots.Slot;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HostSlots} adapter must do. A "node" is one platform JVM: the subclass gives a
 * new one per call (its own connection and session to the coordination service), and can kill one
 * the way a crash would. Host names are this run's own, so runs never see each other's slots.
 */
public abstract class HostSlotsContract {
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A new platform node with {@code slotsPerHost} slots per host; the subclass closes it after the test. */
  protected abstract HostSlots newNode(int slotsPerHost);

  /** Ends the node's session as its death would: nothing is released first. */
  protected abstract void kill(HostSlots node);

  /** How long the slots of a dead node may take to free themselves (the session's end). */
  protected Duration freedWithin() {
    return Duration.ofSeconds(20);
  }

  protected String host(String name) {
    return "ct-" + run + "-" + name;
  }

  @Test
  void takesUpToKSlotsThenAnswersNoSlotAtOnce() {
    HostSlots node = newNode(2);
    String h = host("a");
    assertThat(node.slotsPerHost()).isEqualTo(2);
    assertThat(node.taken(h)).isZero();

    Optional<Slot> first = node.tryTake(h);
    Optional<Slot> second = node.tryTake(h);
    assertThat(first).isPresent();
    assertThat(second).isPresent();
    assertThat(first.get().hostName()).isEqualTo(h);
    assertThat(node.taken(h)).isEqualTo(2);

    long started = System.nanoTime();
    assertThat(node.tryTake(h)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(node.taken(h)).isEqualTo(2);
    first.get().close();
    second.get().close();
  }

  @Test
  void closingASlotGivesItBack_andClosingItAgainDoesNothing() {
    HostSlots node = newNode(2);
    String h = host("b");
    Slot a = node.tryTake(h).orElseThrow();
    Slot b = node.tryTake(h).orElseThrow();
    a.close();
    assertThat(node.taken(h)).isEqualTo(1);
    a.close();
    assertThat(node.taken(h)).isEqualTo(1);

    Slot c = node.tryTake(h).orElseThrow();
    assertThat(node.tryTake(h)).isEmpty();
    b.close();
    c.close();
    assertThat(node.taken(h)).isZero();
  }

  @Test
  void eachHostHasItsOwnSlots() {
    HostSlots node = newNode(1);
    Slot onA = node.tryTake(host("c1")).orElseThrow();
    assertThat(node.tryTake(host("c1"))).isEmpty();

    Optional<Slot> onB = node.tryTake(host("c2"));
    assertThat(onB).isPresent();
    assertThat(node.taken(host("c2"))).isEqualTo(1);
    onA.close();
    onB.get().close();
  }

  @Test
  void twoNodesShareTheCap() {
    HostSlots one = newNode(2);
    HostSlots two = newNode(2);
    String h = host("d");
    Slot a = one.tryTake(h).orElseThrow();
    Slot b = two.tryTake(h).orElseThrow();

    assertThat(one.tryTake(h)).isEmpty();
    assertThat(two.tryTake(h)).isEmpty();
    assertThat(one.taken(h)).isEqualTo(2);
    assertThat(two.taken(h)).isEqualTo(2);

    a.close();
    Slot c = two.tryTake(h).orElseThrow();
    assertThat(one.tryTake(h)).isEmpty();
    b.close();
    c.close();
  }

  @Test
  void theCapHoldsUnderManyThreadsOnTwoNodes() throws Exception {
    int k = 3;
    int threads = 12;
    int operationsEach = 8;
    List<HostSlots> nodes = List.of(newNode(k), newNode(k));
    String h = host("e");
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        HostSlots node = nodes.get(t % 2);
        work.add(pool.submit(() -> {
          for (int i = 0; i < operationsEach; i++) {
            Optional<Slot> slot = node.tryTake(h);
            while (slot.isEmpty()) {
              refused.incrementAndGet();
              sleep(3);
              slot = node.tryTake(h);
            }
            try (Slot held = slot.get()) {
              int now = inside.incrementAndGet();
              mostInside.accumulateAndGet(now, Math::max);
              sleep(25);
              inside.decrementAndGet();
            }
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : work) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(done.get()).isEqualTo(threads * operationsEach);
    assertThat(mostInside.get()).as("operations at once on one host").isLessThanOrEqualTo(k).isGreaterThan(1);
    assertThat(refused.get()).as("a full host answered no slot").isPositive();
    assertThat(nodes.get(0).taken(h)).isZero();
  }

  @Test
  void theSlotsOfADeadNodeFreeThemselves() {
    HostSlots dying = newNode(2);
    HostSlots survivor = newNode(2);
    String h = host("f");
    Slot a = dying.tryTake(h).orElseThrow();
    dying.tryTake(h).orElseThrow();
    assertThat(survivor.tryTake(h)).isEmpty();

    kill(dying);

    await().atMost(freedWithin()).pollInterval(Duration.ofMillis(100))
        .until(() -> survivor.taken(h) == 0);
    Slot mine = survivor.tryTake(h).orElseThrow();
    survivor.tryTake(h).orElseThrow().close();
    a.close(); // the dead node's late release neither throws nor frees anybody else's slot
    assertThat(survivor.taken(h)).isEqualTo(1);
    mine.close();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
