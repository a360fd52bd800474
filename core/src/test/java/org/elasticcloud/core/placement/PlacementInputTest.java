package org.elasticcloud.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.elasticcloud.core.placement.Fixtures.G;
import static org.elasticcloud.core.placement.Fixtures.SPEC;
import static org.elasticcloud.core.placement.Fixtures.host;
import static org.elasticcloud.core.placement.Fixtures.load;
import static org.elasticcloud.core.placement.Fixtures.mine;
import static org.elasticcloud.core.placement.Fixtures.other;

import java.util.List;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.Spec;
import org.junit.jupiter.api.Test;

/** The input records: derived values and the programming errors they refuse. */
class PlacementInputTest {
  @Test
  void freeCapacityIsCapacityMinusEveryListedContainer() {
    HostLoad h = load(host(1, 1, 16, 65536, 1000), mine(1), other(2, new Resources(4, 1024, 100)));
    assertThat(h.used()).isEqualTo(new Resources(6, 9216, 150));
    assertThat(h.free()).isEqualTo(new Resources(10, 56320, 850));
    assertThat(h.groupCount(G)).isEqualTo(1);
  }

  @Test
  void fitCountIsTheScarcestResource() {
    assertThat(new Resources(10, 40960, 1000).fitCount(SPEC)).isEqualTo(5); // cores and memory: 5, disk: 20
    assertThat(new Resources(10, 40960, 120).fitCount(SPEC)).isEqualTo(2); // disk: 2
    assertThat(new Resources(1, 40960, 1000).fitCount(SPEC)).isZero();
    assertThat(new Resources(10, 40960, -5).fitCount(new Resources(1, 1, 0))).isZero(); // over-committed disk
    assertThat(new Resources(10, 40960, 0).fitCount(new Resources(1, 1, 0))).isEqualTo(10); // disk not used
  }

  @Test
  void anInventorySpecBecomesResources() {
    PlacementRequest r = PlacementRequest.of(G, new Spec(5L, "m", 4, 16384L, 80L), 2, List.of());
    assertThat(r.spec()).isEqualTo(new Resources(4, 16384, 80));
    assertThat(r.policy()).isEqualTo(SpreadPolicy.DEFAULT);
    assertThat(r.excludedHostIds()).isEmpty();
    assertThat(r.excluding(3L, 4L).excluding(5L).excludedHostIds()).containsExactlyInAnyOrder(3L, 4L, 5L);
  }

  @Test
  void requestsOutsideTheRulesAreProgrammingErrors() {
    List<HostLoad> hosts = List.of(load(host(1, 1)));
    assertThatThrownBy(() -> PlacementRequest.of(G, SPEC, 0, hosts)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
    assertThatThrownBy(() -> PlacementRequest.of(G, SPEC, 1001, hosts)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlacementRequest.of(G, new Resources(0, 1024, 1), 1, hosts))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spec");
    assertThatThrownBy(() -> PlacementRequest.of(G, SPEC, 1, List.of(load(host(1, 1)), load(host(1, 2)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host 1 is listed twice");
    assertThatThrownBy(() -> new PlacedContainer(1, G, new Resources(-1, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHostWithoutSwitchOrCapacityCannotBeLoaded() {
    assertThatThrownBy(() -> load(new Host(1L, null, "h1", 4, 4096L, 10L, "tcp://h:1", HostState.READY)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("switchId");
    assertThatThrownBy(() -> load(new Host(1L, 1L, "h1", 4, null, 10L, "tcp://h:1", HostState.READY)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("memoryMb");
  }

  @Test
  void scaleInRequestsRefuseDuplicatesAndNonsense() {
    List<HostLoad> twice = List.of(load(host(1, 1), mine(10)), load(host(2, 1), mine(10)));
    assertThatThrownBy(() -> ScaleInRequest.of(G, 1, twice, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("container 10 is listed twice");
    List<HostLoad> ok = List.of(load(host(1, 1), mine(10)));
    assertThatThrownBy(() -> ScaleInRequest.of(G, 0, ok, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScaleInRequest.of(G, 1, ok, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ScaleInRequest.of(G, 1, ok, 0).allowingBelowMinimum().allowBelowMinimum()).isTrue();
  }

  @Test
  void aShortfallOfNothingHasNoCause() {
    assertThat(Shortfall.NONE.isNone()).isTrue();
    assertThatThrownBy(() -> new Shortfall(0, Shortfall.Cause.SPREAD, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Shortfall(2, Shortfall.Cause.NONE, "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
