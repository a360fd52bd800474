package org.elasticcloud.integrations.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.elasticcloud.core.port.VolumeInUseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a volume's bytes live when hosts share a directory (the embedded default and the lab,
 * standing in for networked block storage): {@code <root>/<name>/data}, offered to a host's
 * containers as a Docker volume of the same name ({@code driver local, type=none, o=bind}).
 * A production host with real block devices mounts the attached device instead (docs/volumes.md).
 */
public class SharedDirectoryBinder {
  private static final Logger LOG = LoggerFactory.getLogger(SharedDirectoryBinder.class);
  private final DockerEngines engines;
  private final Path root;
  private final Function<String, String> engineOfHost;

  public SharedDirectoryBinder(DockerEngines engines, Path root, Function<String, String> engineOfHost) {
    this.engines = engines;
    this.root = root;
    this.engineOfHost = engineOfHost;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-001 cannot create volume root " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  /** The volume's directory (its record may live there too); the name is checked. */
  public Path dir(String name) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException("ECP-VOL-011 not a volume name: " + name);
    }
    return root.resolve(name);
  }

  /** Creates the bytes' directory if missing. */
  public void prepare(String name) {
    try {
      Files.createDirectories(dir(name).resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-002 cannot create volume " + name, e);
    }
  }

  /** Offers the volume on the host's engine; returns the mount source for its containers. */
  public String bind(String name, String hostName) {
    prepare(name);
    // creating a local volume that exists already answers the existing one: no inspect first
    engines.client(engineOfHost.apply(hostName)).createVolumeCmd().withName(name).withDriver("local")
        .withDriverOpts(Map.of("type", "none", "o", "bind", "device", dir(name).resolve("data").toString()))
        .exec();
    return name;
  }

  /** Withdraws the volume from the host's engine; a dead host's stale definition is left alone. */
  public void unbind(String name, String hostName) {
    try {
      engines.client(engineOfHost.apply(hostName)).removeVolumeCmd(name).exec();
    } catch (NotFoundException gone) {
      // already withdrawn
    } catch (ConflictException inUse) {
      throw new VolumeInUseException("ECP-VOL-005 volume " + name + " is still used by a container on " + hostName);
    } catch (RuntimeException unreachable) {
      LOG.warn("ECP-VOL-006 could not remove volume {} from {} ({}); detaching anyway", name, hostName,
          unreachable.getMessage());
    }
  }

  /** Deletes the bytes. */
  public void erase(String name) {
    Path dir = dir(name);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-008 cannot delete volume " + name, e);
    }
  }
}
