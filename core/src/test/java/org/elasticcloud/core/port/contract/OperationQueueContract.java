package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.OperationQueue.Ticket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OperationQueue} must do: one queue per application, first come first served,
 * idempotent by operation id even under concurrent joins from two nodes, and news of a new head
 * reach every node.
 */
public abstract class OperationQueueContract {
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** The queue as one platform node sees it. */
  protected abstract OperationQueue queue();

  /** The same queues as a second platform node (another client) sees them. */
  protected abstract OperationQueue otherNode();

  private String app(String name) {
    return name + "-" + run;
  }

  @AfterEach
  void releaseEverythingOfThisRun() {
    queue().all().forEach((app, tickets) -> {
      if (app.endsWith(run)) {
        tickets.forEach(t -> queue().release(app, t.operationId()));
      }
    });
  }

  @Test
  void operationsOfOneApplicationQueueInArrivalOrder() {
    Ticket a = queue().enqueue(app("shop"), "op-a-" + run, "scale-out shop by 2");
    Ticket b = otherNode().enqueue(app("shop"), "op-b-" + run, "scale-in shop by 1");
    Ticket c = queue().enqueue(app("shop"), "op-c-" + run, "scale-out shop by 1");

    assertThat(a.sequence()).isLessThan(b.sequence());
    assertThat(b.sequence()).isLessThan(c.sequence());
    assertThat(otherNode().queue(app("shop"))).extracting(Ticket::operationId)
        .containsExactly("op-a-" + run, "op-b-" + run, "op-c-" + run);
    assertThat(queue().head(app("shop")).orElseThrow().operationId()).isEqualTo("op-a-" + run);
    assertThat(queue().head(app("shop")).orElseThrow().description()).isEqualTo("scale-out shop by 2");
    assertThat(a.application()).isEqualTo(app("shop"));
    assertThat(a.enqueuedAt()).isNotNull();
  }

  @Test
  void joiningTwiceKeepsTheFirstTicket() {
    Ticket first = queue().enqueue(app("shop"), "op-a-" + run, "scale-out");
    queue().enqueue(app("shop"), "op-b-" + run, "scale-in");
    Ticket again = otherNode().enqueue(app("shop"), "op-a-" + run, "scale-out (retried)");

    assertThat(again.sequence()).isEqualTo(first.sequence());
    assertThat(queue().queue(app("shop"))).extracting(Ticket::operationId)
        .containsExactly("op-a-" + run, "op-b-" + run);
  }

  @Test
  void releasingTheHeadHandsTheLeaseToTheNext() {
    queue().enqueue(app("shop"), "op-a-" + run, "first");
    queue().enqueue(app("shop"), "op-b-" + run, "second");

    assertThat(otherNode().release(app("shop"), "op-a-" + run)).isTrue();
    assertThat(queue().release(app("shop"), "op-a-" + run)).isFalse();
    assertThat(queue().head(app("shop")).orElseThrow().operationId()).isEqualTo("op-b-" + run);

    assertThat(queue().release(app("shop"), "op-b-" + run)).isTrue();
    assertThat(queue().head(app("shop"))).isEmpty();
    assertThat(queue().queue(app("shop"))).isEmpty();
  }

  @Test
  void aReleasedOperationMayJoinAgainAtTheEnd() {
    queue().enqueue(app("shop"), "op-a-" + run, "first");
    queue().enqueue(app("shop"), "op-b-" + run, "second");
    queue().release(app("shop"), "op-a-" + run);
    queue().enqueue(app("shop"), "op-a-" + run, "first, again");
    assertThat(queue().queue(app("shop"))).extracting(Ticket::operationId)
        .containsExactly("op-b-" + run, "op-a-" + run);
  }

  @Test
  void processesSharingAnOperationHoldOneTicket_andItsOwnerReleasesThemInEveryApplication() {
    String owner = "evac-" + run;
    queue().enqueue(app("shop"), "op-a-" + run, "scale-out shop");
    Ticket first = queue().enqueue(app("shop"), OperationQueue.sharedOperationId(owner, app("shop")), "migration 1");
    Ticket second = otherNode().enqueue(app("shop"), OperationQueue.sharedOperationId(owner, app("shop")), "migration 2");
    queue().enqueue(app("shop"), "op-b-" + run, "scale-in shop");
    Ticket elsewhere = queue().enqueue(app("blog"), OperationQueue.sharedOperationId(owner, app("blog")), "migration 3");
    queue().enqueue(app("blog"), "op-c-" + run, "scale-out blog");
    queue().enqueue(app("blog"), OperationQueue.sharedOperationId("other-" + run, app("blog")), "another evacuation");

    assertThat(second.sequence()).isEqualTo(first.sequence());
    assertThat(queue().queue(app("shop"))).hasSize(3);
    assertThat(OperationQueue.owningProcess(elsewhere.operationId())).isEqualTo(owner);
    assertThat(OperationQueue.owningProcess("op-a-" + run)).isEqualTo("op-a-" + run);

    assertThat(otherNode().releaseShared(owner)).isEqualTo(2);
    assertThat(queue().queue(app("shop"))).extracting(Ticket::operationId).containsExactly("op-a-" + run, "op-b-" + run);
    assertThat(queue().queue(app("blog"))).extracting(Ticket::operationId)
        .containsExactly("op-c-" + run, OperationQueue.sharedOperationId("other-" + run, app("blog")));
    assertThat(queue().releaseShared(owner)).isZero();
  }

  @Test
  void aSharedOperationIdNeedsAnOwnerAndAnApplication() {
    assertThatThrownBy(() -> OperationQueue.sharedOperationId("a#b", "shop")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OperationQueue.sharedOperationId(" ", "shop")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OperationQueue.sharedOperationId("evac", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void releasingAnUnknownOperationIsHarmless() {
    assertThat(queue().release(app("nothing"), "op-x-" + run)).isFalse();
    assertThat(queue().queue(app("nothing"))).isEmpty();
  }

  @Test
  void applicationsHaveIndependentQueues() {
    queue().enqueue(app("shop"), "op-a-" + run, "shop");
    queue().enqueue(app("mail"), "op-b-" + run, "mail");

    assertThat(queue().head(app("shop")).orElseThrow().operationId()).isEqualTo("op-a-" + run);
    assertThat(queue().head(app("mail")).orElseThrow().operationId()).isEqualTo("op-b-" + run);
    assertThat(otherNode().all()).containsKeys(app("shop"), app("mail"));
    queue().release(app("mail"), "op-b-" + run);
    assertThat(otherNode().all()).containsKey(app("shop")).doesNotContainKey(app("mail"));
  }

  @Test
  void concurrentJoinsOfOneOperationFromTwoNodesMakeOneTicket() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Ticket>> joins = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        OperationQueue q = i % 2 == 0 ? queue() : otherNode();
        String op = "op-" + (i % 4) + "-" + run;
        joins.add(() -> q.enqueue(app("race"), op, "racing"));
      }
      Set<Long> sequences = new java.util.HashSet<>();
      for (Future<Ticket> f : pool.invokeAll(joins)) {
        sequences.add(f.get().sequence());
      }
      assertThat(sequences).hasSize(4);
      assertThat(queue().queue(app("race"))).hasSize(4);
      assertThat(queue().queue(app("race")).stream().map(Ticket::operationId).collect(Collectors.toSet()))
          .hasSize(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void everyNodeHearsOfANewHead() throws InterruptedException {
    BlockingQueue<Ticket> heard = new LinkedBlockingQueue<>();
    otherNode().onNewHead(t -> {
      if (t.application().equals(app("shop"))) {
        heard.add(t);
      }
    });
    queue().enqueue(app("shop"), "op-a-" + run, "first");
    queue().enqueue(app("shop"), "op-b-" + run, "second");
    assertThat(heard.poll(10, TimeUnit.SECONDS)).extracting(Ticket::operationId).isEqualTo("op-a-" + run);

    queue().release(app("shop"), "op-a-" + run);
    Ticket next = heard.poll(10, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    assertThat(next.operationId()).isEqualTo("op-b-" + run);
  }
}
