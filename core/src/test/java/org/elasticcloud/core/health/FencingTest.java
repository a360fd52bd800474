package org.elasticcloud.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.core.health.Fencing.Decision;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.ContainerRuntime.ContainerStatus;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.junit.jupiter.api.Test;

/** Which containers on a returning engine go, and which stay. */
class FencingTest {
  private static final long HOST = 7;
  private final Map<String, Container> inventory = new HashMap<>();
  private final List<ContainerStatus> onEngine = new ArrayList<>();

  private void record(String name, Long hostId, int generation) {
    inventory.put(name, new Container(1L, 1L, hostId, name, "10.211.1.1", null, null, null, ContainerState.RUNNING,
        generation));
  }

  private void found(String engineName, Map<String, String> labels) {
    onEngine.add(new ContainerStatus("id-" + engineName, engineName, "ecloud/os:1", true, "running", null, null, null,
        labels, 0.5, 64, null));
  }

  private static Map<String, String> platform(String name, int generation) {
    return Map.of(ContainerBlueprint.LABEL_APP, "cap", ContainerBlueprint.LABEL_CONTAINER, name,
        ContainerBlueprint.LABEL_GENERATION, Integer.toString(generation));
  }

  private List<Decision> decide(boolean declaredDown) {
    return Fencing.decide(HOST, declaredDown, onEngine, n -> Optional.ofNullable(inventory.get(n)));
  }

  private static Decision of(List<Decision> ds, String name) {
    return ds.stream().filter(d -> d.container().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void othersContainersAreNeverTouched() {
    found("someones-db", Map.of("com.example", "x"));
    found("bare", Map.of());
    assertThat(decide(true)).isEmpty();
  }

  @Test
  void afterDown_everyPlatformContainerGoes_evenTheInventorysCurrentCopy() {
    record("cap-production-web-1", HOST, 3);
    found("cap-production-web-1", platform("cap-production-web-1", 3));
    Decision d = decide(true).get(0);
    assertThat(d.remove()).isTrue();
    assertThat(d.why()).contains("declared DOWN");
    assertThat(d.generation()).isEqualTo(3);
  }

  @Test
  void withoutDown_theCurrentCopyStays_andStaleOnesGo() {
    record("current", HOST, 3);
    record("moved", 9L, 4);
    record("older", HOST, 5);
    record("unplaced", null, 1);
    found("current", platform("current", 3));
    found("moved", platform("moved", 3));
    found("older", platform("older", 4));
    found("unplaced", platform("unplaced", 1));
    found("forgotten", platform("forgotten", 1));
    List<Decision> ds = decide(false);
    assertThat(of(ds, "current").remove()).isFalse();
    assertThat(of(ds, "moved").remove()).isTrue();
    assertThat(of(ds, "moved").why()).contains("on host 9");
    assertThat(of(ds, "older").remove()).isTrue();
    assertThat(of(ds, "older").why()).contains("stale copy", "generation 4", "is 5");
    assertThat(of(ds, "unplaced").why()).contains("on no host");
    assertThat(of(ds, "forgotten").why()).contains("no container forgotten");
  }

  @Test
  void aContainerWithOnlyTheAppLabel_isTheirsByItsEngineName() {
    record("legacy-1", HOST, 0);
    found("legacy-1", Map.of(ContainerBlueprint.LABEL_APP, "cap"));
    found("legacy-2", Map.of(ContainerBlueprint.LABEL_APP, "cap", ContainerBlueprint.LABEL_GENERATION, "junk"));
    List<Decision> ds = decide(false);
    assertThat(of(ds, "legacy-1").remove()).isFalse();
    assertThat(of(ds, "legacy-1").generation()).isNull();
    assertThat(of(ds, "legacy-2").remove()).isTrue();
  }
}
