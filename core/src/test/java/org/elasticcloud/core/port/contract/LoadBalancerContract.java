package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.LoadBalancer.HealthCheck;
import org.elasticcloud.core.port.LoadBalancer.Member;
import org.elasticcloud.core.port.LoadBalancer.MemberState;
import org.elasticcloud.core.port.LoadBalancer.VipSpec;
import org.elasticcloud.core.port.MemberConflictException;
import org.elasticcloud.core.port.VipNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LoadBalancer} adapter must do. Subclasses give the adapter, VIP addresses this
 * test may use, and backends: ones that pass the health check ({@code GET /health} answering
 * 200) and one where nothing answers. States are awaited by polling, never by sleeping.
 */
public abstract class LoadBalancerContract {
  /** VIPs made by this contract are named {@code ct-<run>-...}: leftovers of a killed run can be found by that. */
  public static final String NAME_PREFIX = "ct-";
  private final String run = UUID.randomUUID().toString().substring(0, 6);

  protected abstract LoadBalancer loadBalancer();

  /** The n-th (0..3) VIP address this test may use (port {@link #vipPort()}), free before the test. */
  protected abstract String vipAddress(int n);

  protected int vipPort() {
    return 80;
  }

  /** The n-th (0, 1) backend that answers 200 on {@code /health}. */
  protected abstract Backend healthyBackend(int n);

  /** A backend address where nothing answers. */
  protected abstract Backend deadBackend();

  /** The health check of this test's VIPs. */
  protected HealthCheck healthCheck() {
    return new HealthCheck("/health", Duration.ofMillis(500));
  }

  /** How long a member may take to change state (a few health check intervals). */
  protected Duration settle() {
    return Duration.ofSeconds(15);
  }

  /** An address and port serving (or not) a member. */
  public record Backend(String ip, int port) {
  }

  protected String name(String suffix) {
    return NAME_PREFIX + run + "-" + suffix;
  }

  protected VipSpec vip(String suffix, int address) {
    return new VipSpec(name(suffix), vipAddress(address), vipPort(), healthCheck());
  }

  @AfterEach
  void removeThisRunsVips() {
    loadBalancer().vips().stream().filter(v -> v.name().startsWith(NAME_PREFIX + run))
        .forEach(v -> loadBalancer().removeVip(v.name()));
  }

  protected Optional<Member> member(String vip, String member) {
    return loadBalancer().members(vip).stream().filter(m -> m.name().equals(member)).findFirst();
  }

  protected Optional<MemberState> state(String vip, String member) {
    return member(vip, member).map(Member::state);
  }

  protected void awaitState(String vip, String member, MemberState state) {
    await().atMost(settle()).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(state(vip, member)).as("%s of %s", member, vip).contains(state));
  }

  @Test
  void aVipIsListedAndEnsuringItAgainChangesNothing() {
    VipSpec spec = vip("web", 0);
    loadBalancer().ensureVip(spec);
    loadBalancer().ensureVip(spec);
    assertThat(loadBalancer().vips()).filteredOn(v -> v.name().equals(spec.name())).containsExactly(spec);
    assertThat(loadBalancer().members(spec.name())).isEmpty();
  }

  @Test
  void aHealthyMemberComesUpWithItsAddress() {
    VipSpec spec = vip("up", 0);
    loadBalancer().ensureVip(spec);
    Backend b = healthyBackend(0);
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    awaitState(spec.name(), "m1", MemberState.UP);
    assertThat(loadBalancer().members(spec.name())).containsExactly(new Member("m1", b.ip(), b.port(), MemberState.UP));
  }

  @Test
  void aNewMemberWhoseCheckFailsIsNeverUp() {
    VipSpec spec = vip("dead", 0);
    loadBalancer().ensureVip(spec);
    Backend dead = deadBackend();
    loadBalancer().addMember(spec.name(), "m1", dead.ip(), dead.port());
    assertThat(state(spec.name(), "m1")).contains(MemberState.DOWN);
    Duration threeChecks = healthCheck().interval().multipliedBy(3);
    await().during(threeChecks).atMost(threeChecks.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> state(spec.name(), "m1").orElseThrow() == MemberState.DOWN);
  }

  @Test
  void addingAMemberTwiceKeepsOneMember() {
    VipSpec spec = vip("twice", 0);
    loadBalancer().ensureVip(spec);
    Backend b = healthyBackend(0);
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    assertThat(loadBalancer().members(spec.name())).extracting(Member::name).containsExactly("m1");
    awaitState(spec.name(), "m1", MemberState.UP);
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    assertThat(loadBalancer().members(spec.name())).containsExactly(new Member("m1", b.ip(), b.port(), MemberState.UP));
  }

  @Test
  void aMemberNameAtAnotherAddressIsAConflict() {
    VipSpec spec = vip("conflict", 0);
    loadBalancer().ensureVip(spec);
    Backend a = healthyBackend(0);
    Backend b = healthyBackend(1);
    loadBalancer().addMember(spec.name(), "m1", a.ip(), a.port());
    assertThatThrownBy(() -> loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port()))
        .isInstanceOf(MemberConflictException.class);
    assertThat(member(spec.name(), "m1").orElseThrow().ip()).isEqualTo(a.ip());
  }

  @Test
  void aDrainedMemberIsEnabledAgainByAddingIt() {
    VipSpec spec = vip("drain", 0);
    loadBalancer().ensureVip(spec);
    Backend b = healthyBackend(0);
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    awaitState(spec.name(), "m1", MemberState.UP);
    assertThat(loadBalancer().drain(spec.name(), "m1")).isTrue();
    assertThat(state(spec.name(), "m1")).contains(MemberState.DRAIN);
    assertThat(loadBalancer().drain(spec.name(), "nobody")).isFalse();
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    assertThat(state(spec.name(), "m1")).contains(MemberState.UP);
  }

  @Test
  void removingAMemberLeavesTheOthersAndCanBeRepeated() {
    VipSpec spec = vip("remove", 0);
    loadBalancer().ensureVip(spec);
    Backend a = healthyBackend(0);
    Backend b = healthyBackend(1);
    loadBalancer().addMember(spec.name(), "m1", a.ip(), a.port());
    loadBalancer().addMember(spec.name(), "m2", b.ip(), b.port());
    awaitState(spec.name(), "m2", MemberState.UP);
    assertThat(loadBalancer().removeMember(spec.name(), "m1")).isTrue();
    assertThat(loadBalancer().members(spec.name())).extracting(Member::name).containsExactly("m2");
    assertThat(loadBalancer().removeMember(spec.name(), "m1")).isFalse();
    assertThat(state(spec.name(), "m2")).contains(MemberState.UP);
  }

  @Test
  void changingTheHealthCheckKeepsTheMembers() {
    VipSpec spec = vip("change", 0);
    loadBalancer().ensureVip(spec);
    Backend b = healthyBackend(0);
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    awaitState(spec.name(), "m1", MemberState.UP);
    VipSpec changed = new VipSpec(spec.name(), spec.address(), spec.port(),
        new HealthCheck("/health?again=1", healthCheck().interval().plusMillis(100)));
    loadBalancer().ensureVip(changed);
    assertThat(loadBalancer().vips()).contains(changed).doesNotContain(spec);
    assertThat(loadBalancer().members(spec.name())).extracting(Member::name).containsExactly("m1");
    awaitState(spec.name(), "m1", MemberState.UP);
  }

  @Test
  void twoVipsCannotShareAnAddressAndPort() {
    VipSpec first = vip("first", 1);
    loadBalancer().ensureVip(first);
    VipSpec second = new VipSpec(name("second"), first.address(), first.port(), healthCheck());
    assertThatThrownBy(() -> loadBalancer().ensureVip(second)).isInstanceOf(IllegalArgumentException.class);
    assertThat(loadBalancer().vips()).extracting(VipSpec::name).contains(first.name()).doesNotContain(second.name());
  }

  @Test
  void anUnknownVipIsTypedAndRemovalsOfWhatIsGoneAreHarmless() {
    String ghost = name("ghost");
    Backend b = healthyBackend(0);
    assertThatThrownBy(() -> loadBalancer().addMember(ghost, "m1", b.ip(), b.port()))
        .isInstanceOf(VipNotFoundException.class);
    assertThatThrownBy(() -> loadBalancer().members(ghost)).isInstanceOf(VipNotFoundException.class);
    assertThatThrownBy(() -> loadBalancer().drain(ghost, "m1")).isInstanceOf(VipNotFoundException.class);
    assertThat(loadBalancer().removeMember(ghost, "m1")).isFalse();
    assertThat(loadBalancer().removeVip(ghost)).isFalse();
  }

  @Test
  void removingAVipTakesItsMembersAlong() {
    VipSpec spec = vip("gone", 2);
    loadBalancer().ensureVip(spec);
    Backend b = healthyBackend(0);
    loadBalancer().addMember(spec.name(), "m1", b.ip(), b.port());
    assertThat(loadBalancer().removeVip(spec.name())).isTrue();
    assertThat(loadBalancer().vips()).extracting(VipSpec::name).doesNotContain(spec.name());
    assertThatThrownBy(() -> loadBalancer().members(spec.name())).isInstanceOf(VipNotFoundException.class);
    assertThat(loadBalancer().removeVip(spec.name())).isFalse();
    // a VIP of the same name starts empty
    loadBalancer().ensureVip(spec);
    assertThat(loadBalancer().members(spec.name())).isEmpty();
  }

  @Test
  void badNamesAndAddressesAreRefusedBeforeAnythingChanges() {
    assertThatThrownBy(() -> new VipSpec("has space", vipAddress(0), 80, healthCheck()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VipSpec(name("x"), "10.211.14", 80, healthCheck()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VipSpec(name("x"), vipAddress(0), 0, healthCheck()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HealthCheck("health", Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HealthCheck("/a b", Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    VipSpec spec = vip("names", 3);
    loadBalancer().ensureVip(spec);
    Backend b = healthyBackend(0);
    for (String bad : List.of("a/b", "a;b", "a b", "", "-a")) {
      assertThatThrownBy(() -> loadBalancer().addMember(spec.name(), bad, b.ip(), b.port()))
          .as("member name '%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> loadBalancer().addMember(spec.name(), "m1", "10.211.13.300", b.port()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(loadBalancer().members(spec.name())).isEmpty();
  }
}
