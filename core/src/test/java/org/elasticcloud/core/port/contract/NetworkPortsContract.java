package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.elasticcloud.core.port.AddressInUseException;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.NetworkPorts.PortLease;
import org.elasticcloud.core.port.PortNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NetworkPorts} adapter must do (Neutron and the local IPAM alike). Subclasses
 * give the adapter, a prefix the network's addresses share, and addresses this test may request.
 */
public abstract class NetworkPortsContract {
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  protected abstract NetworkPorts ports();

  /** Every address of the network starts with this (e.g. {@code "10.211."}). */
  protected abstract String subnetPrefix();

  /** The n-th (0, 1, 2) address this test may ask for by hand; free before the test. */
  protected abstract String requestableIp(int n);

  protected String name(String suffix) {
    return "ct-" + run + "-" + suffix;
  }

  @AfterEach
  void releaseEverythingOfThisRun() {
    ports().list().stream().filter(p -> p.name().startsWith("ct-" + run)).forEach(p -> ports().release(p.name()));
  }

  @Test
  void aPortHasAnAddressOfTheNetworkAndAMac() {
    PortLease p = ports().allocate(name("a"), "host-a");
    assertThat(p.ip()).startsWith(subnetPrefix());
    assertThat(p.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    assertThat(p.hostName()).isEqualTo("host-a");
    assertThat(p.id()).isNotBlank();
    assertThat(ports().find(name("a"))).contains(p);
  }

  @Test
  void allocatingTheSameNameTwiceGivesTheSamePort() {
    PortLease first = ports().allocate(name("twice"), "host-a");
    PortLease second = ports().allocate(name("twice"), "host-a");
    assertThat(second).isEqualTo(first);
    assertThat(ports().list().stream().filter(p -> p.name().equals(name("twice")))).hasSize(1);
  }

  @Test
  void twoPortsNeverShareAnAddressOrMac() {
    PortLease a = ports().allocate(name("x"), "host-a");
    PortLease b = ports().allocate(name("y"), "host-b");
    assertThat(a.ip()).isNotEqualTo(b.ip());
    assertThat(a.mac()).isNotEqualTo(b.mac());
  }

  @Test
  void aRequestedAddressIsHonouredAndATakenOneRefused() {
    String ip = requestableIp(0);
    PortLease p = ports().allocate(name("req"), "host-a", ip);
    assertThat(p.ip()).isEqualTo(ip);
    assertThatThrownBy(() -> ports().allocate(name("thief"), "host-b", ip)).isInstanceOf(AddressInUseException.class);
    assertThat(ports().find(name("thief"))).isEmpty();
  }

  @Test
  void anAddressOutsideTheNetworkIsRefused() {
    assertThatThrownBy(() -> ports().allocate(name("outside"), "host-a", "192.0.2.77"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ports().find(name("outside"))).isEmpty();
  }

  @Test
  void rebindingKeepsIdAddressAndMac() {
    PortLease before = ports().allocate(name("move"), "host-a");
    PortLease after = ports().bind(name("move"), "host-c");
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.ip()).isEqualTo(before.ip());
    assertThat(after.mac()).isEqualTo(before.mac());
    assertThat(after.hostName()).isEqualTo("host-c");
    assertThat(ports().find(name("move")).orElseThrow().hostName()).isEqualTo("host-c");
  }

  @Test
  void bindingAnUnknownPortIsTyped() {
    assertThatThrownBy(() -> ports().bind(name("ghost"), "host-a")).isInstanceOf(PortNotFoundException.class);
  }

  @Test
  void releaseFreesTheAddressAndIsIdempotent() {
    String ip = requestableIp(1);
    ports().allocate(name("rel"), "host-a", ip);
    assertThat(ports().release(name("rel"))).isTrue();
    assertThat(ports().find(name("rel"))).isEmpty();
    assertThat(ports().release(name("rel"))).isFalse();
    assertThat(ports().allocate(name("reuse"), "host-b", ip).ip()).isEqualTo(ip);
  }

  @Test
  void listShowsThePlatformsPorts() {
    ports().allocate(name("l1"), "host-a");
    ports().allocate(name("l2"), "host-b");
    assertThat(ports().list()).extracting(PortLease::name).contains(name("l1"), name("l2"));
  }
}
