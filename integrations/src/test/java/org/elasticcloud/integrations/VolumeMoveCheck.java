package org.elasticcloud.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Mount;
import org.elasticcloud.core.port.ContainerRuntime.Resources;
import org.elasticcloud.core.port.Volumes;

/**
 * What every volume adapter must also show on the lab: a file a container wrote on one host is
 * there for a container on another host after the volume moved (detach, attach elsewhere).
 */
public final class VolumeMoveCheck {
  private VolumeMoveCheck() {
  }

  /** Runs a one-shot container and returns its exit code. */
  private static int runOnce(ContainerRuntime runtime, String engine, String name, String source, boolean readOnly,
      String script) {
    ContainerSpec spec = new ContainerSpec(name, "ecloud/os:1", new Resources(0.2, 32, 1), Map.of(), Map.of(), null,
        null, null, List.of(new Mount(source, "/data", readOnly)), List.of("sh", "-c", script));
    try {
      runtime.run(engine, spec);
      await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.inspect(engine, name).orElseThrow().running());
      return runtime.inspect(engine, name).orElseThrow().exitCode();
    } finally {
      runtime.remove(engine, name);
    }
  }

  /**
   * @param from host name and engine of the first host
   * @param to host name and engine of the second host
   */
  public static void fileSurvivesAMove(Volumes volumes, ContainerRuntime runtime, String volume, String fromHost,
      String fromEngine, String toHost, String toEngine) {
    volumes.create(volume, 1);
    String source = volumes.attach(volume, fromHost);
    assertThat(runOnce(runtime, fromEngine, volume + "-w", source, false, "echo before-the-move > /data/proof.txt"))
        .isZero();
    volumes.detach(volume, fromHost);

    String moved = volumes.attach(volume, toHost);
    assertThat(volumes.find(volume).orElseThrow().attachedHost()).isEqualTo(toHost);
    try {
      assertThat(runOnce(runtime, toEngine, volume + "-r", moved, true, "grep -q before-the-move /data/proof.txt"))
          .isZero();
    } finally {
      volumes.detach(volume, toHost);
    }
  }
}
