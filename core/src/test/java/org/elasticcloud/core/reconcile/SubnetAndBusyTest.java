package org.elasticcloud.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.port.OperationQueue.Ticket;
import org.junit.jupiter.api.Test;

class SubnetAndBusyTest {
  @Test
  void aSubnetHoldsExactlyItsPlainAddresses() {
    Subnet s = Subnet.parse("10.211.0.0/20");
    assertThat(s.test("10.211.0.1")).isTrue();
    assertThat(s.test("10.211.15.254")).isTrue();
    assertThat(s.test("10.211.16.1")).isFalse();
    assertThat(s.test("10.210.255.255")).isFalse();
    assertThat(s.test("%")).isFalse();
    assertThat(s.test("10.211.1.010")).isFalse();
    assertThat(s.test(null)).isFalse();
    assertThat(Subnet.parse("10.211.3.7/20")).hasToString("10.211.0.0/20");
    assertThat(Subnet.parse("0.0.0.0/0").test("192.0.2.1")).isTrue();
    assertThat(Subnet.parse("192.0.2.1/32").test("192.0.2.1")).isTrue();
    for (String bad : new String[] {"10.211.0.0", "10.211.0.0/33", "10.211.0/20", "x/8", "", null}) {
      assertThatThrownBy(() -> Subnet.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void withoutAQueueNobodyIsBusy_withOneTheQueueIsAskedEachTime() {
    BusyApplications none = BusyApplications.of(() -> null);
    assertThat(none.all()).isEmpty();
    assertThat(none.busy("cap")).isFalse();

    FakeWorld.Queue queue = new FakeWorld.Queue();
    BusyApplications busy = BusyApplications.of(() -> queue);
    assertThat(busy.busy("cap")).isFalse();
    queue.enqueue("cap", "pi-1", "scale-out");
    queue.enqueue("cap", "pi-1", "scale-out (retried job)");
    assertThat(busy.busy("cap")).isTrue();
    assertThat(busy.all()).containsOnlyKeys("cap");
    assertThat(busy.all().get("cap")).hasSize(1);
    queue.release("cap", "pi-1");
    assertThat(busy.busy("cap")).isFalse();
  }

  @Test
  void busyBeforeOrAfterReading_countsAsBusy() {
    Ticket a = new Ticket("a", "1", null, 1, Instant.EPOCH);
    Ticket b = new Ticket("b", "2", null, 2, Instant.EPOCH);
    assertThat(BusyApplications.union(Map.of("a", List.of(a), "c", List.of()), Map.of("b", List.of(b))))
        .containsOnlyKeys("a", "b");
  }
}
