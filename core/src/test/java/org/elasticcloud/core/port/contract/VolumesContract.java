package org.elasticcloud.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.port.VolumeNotFoundException;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.core.port.Volumes.VolumeInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link Volumes} adapter must do (Cinder and local volumes alike). */
public abstract class VolumesContract {
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  protected abstract Volumes volumes();

  /** Two hosts the adapter can attach to. */
  protected abstract String host(int n);

  protected String name(String suffix) {
    return "vt-" + run + "-" + suffix;
  }

  @AfterEach
  void deleteEverythingOfThisRun() {
    for (VolumeInfo v : volumes().list()) {
      if (v.name().startsWith("vt-" + run)) {
        if (v.attachedHost() != null) {
          volumes().detach(v.name(), v.attachedHost());
        }
        volumes().delete(v.name());
      }
    }
  }

  @Test
  void creatingTwiceGivesOneVolume() {
    VolumeInfo a = volumes().create(name("data"), 1);
    VolumeInfo b = volumes().create(name("data"), 1);
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(a.sizeGb()).isEqualTo(1);
    assertThat(a.attachedHost()).isNull();
    assertThat(volumes().list().stream().filter(v -> v.name().equals(name("data")))).hasSize(1);
  }

  @Test
  void aVolumeIsAttachedToOneHostAtATime() {
    volumes().create(name("one"), 1);
    String source = volumes().attach(name("one"), host(1));
    assertThat(source).isNotBlank();
    assertThat(volumes().attach(name("one"), host(1))).isEqualTo(source);
    assertThat(volumes().find(name("one")).orElseThrow().attachedHost()).isEqualTo(host(1));
    assertThatThrownBy(() -> volumes().attach(name("one"), host(2))).isInstanceOf(VolumeInUseException.class);
  }

  @Test
  void detachingThenAttachingElsewhereMovesIt() {
    volumes().create(name("move"), 1);
    volumes().attach(name("move"), host(1));
    volumes().detach(name("move"), host(1));
    volumes().detach(name("move"), host(1)); // twice is fine
    assertThat(volumes().find(name("move")).orElseThrow().attachedHost()).isNull();
    assertThat(volumes().attach(name("move"), host(2))).isNotBlank();
    assertThat(volumes().find(name("move")).orElseThrow().attachedHost()).isEqualTo(host(2));
  }

  @Test
  void unknownVolumesAreTypedAndDeletionIsIdempotent() {
    assertThatThrownBy(() -> volumes().attach(name("ghost"), host(1))).isInstanceOf(VolumeNotFoundException.class);
    assertThat(volumes().find(name("ghost"))).isEmpty();
    volumes().create(name("del"), 1);
    assertThat(volumes().delete(name("del"))).isTrue();
    assertThat(volumes().delete(name("del"))).isFalse();
    assertThat(volumes().find(name("del"))).isEmpty();
  }
}
