package org.elasticcloud.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.port.VolumeNotFoundException;
import org.elasticcloud.core.port.Volumes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Volumes} as local Docker volumes over a directory every host shares (the embedded default
 * and the lab). A volume's bytes live in {@code <root>/<name>/data}; attaching it to a host creates
 * a Docker volume of the same name on that host's engine, bound to that directory
 * ({@code driver local, type=none, o=bind}); detaching removes that definition and keeps the bytes.
 * Its record is {@code <root>/<name>/volume.properties}. The size is recorded, not enforced.
 */
public class LocalDockerVolumes implements Volumes {
  private static final Logger LOG = LoggerFactory.getLogger(LocalDockerVolumes.class);
  private static final String META = "volume.properties";

  private final DockerEngines engines;
  private final Path root;
  private final Function<String, String> engineOfHost;

  /**
   * @param root the shared directory
   * @param engineOfHost a host's name → its engine endpoint
   */
  public LocalDockerVolumes(DockerEngines engines, Path root, Function<String, String> engineOfHost) {
    this.engines = engines;
    this.root = root;
    this.engineOfHost = engineOfHost;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-001 cannot create volume root " + root, e);
    }
  }

  @Override
  public synchronized VolumeInfo create(String name, long sizeGb) {
    Optional<VolumeInfo> existing = find(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      Files.createDirectories(dir(name).resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-002 cannot create volume " + name, e);
    }
    VolumeInfo v = new VolumeInfo(UUID.randomUUID().toString(), name, sizeGb, null);
    write(v);
    return v;
  }

  @Override
  public synchronized String attach(String name, String hostName) {
    VolumeInfo v = find(name).orElseThrow(() -> new VolumeNotFoundException("ECP-VOL-003 no volume named " + name));
    if (v.attachedHost() != null && !v.attachedHost().equals(hostName)) {
      throw new VolumeInUseException("ECP-VOL-004 volume " + name + " is attached to " + v.attachedHost());
    }
    String engine = engineOfHost.apply(hostName);
    DockerClient client = engines.client(engine);
    try {
      client.inspectVolumeCmd(name).exec();
    } catch (NotFoundException absent) {
      client.createVolumeCmd().withName(name).withDriver("local")
          .withDriverOpts(Map.of("type", "none", "o", "bind", "device", dir(name).resolve("data").toString()))
          .exec();
    }
    write(new VolumeInfo(v.id(), v.name(), v.sizeGb(), hostName));
    return name;
  }

  @Override
  public synchronized void detach(String name, String hostName) {
    Optional<VolumeInfo> found = find(name);
    if (found.isEmpty() || !hostName.equals(found.get().attachedHost())) {
      return;
    }
    VolumeInfo v = found.get();
    try {
      engines.client(engineOfHost.apply(hostName)).removeVolumeCmd(name).exec();
    } catch (NotFoundException gone) {
      // already removed on that engine
    } catch (ConflictException inUse) {
      throw new VolumeInUseException("ECP-VOL-005 volume " + name + " is still used by a container on " + hostName);
    } catch (RuntimeException unreachable) {
      // a dead host: its stale definition points at the shared bytes and harms nothing
      LOG.warn("ECP-VOL-006 could not remove volume {} from {} ({}); detaching anyway", name, hostName,
          unreachable.getMessage());
    }
    write(new VolumeInfo(v.id(), v.name(), v.sizeGb(), null));
  }

  @Override
  public synchronized boolean delete(String name) {
    Optional<VolumeInfo> found = find(name);
    if (found.isEmpty()) {
      return false;
    }
    if (found.get().attachedHost() != null) {
      throw new VolumeInUseException("ECP-VOL-007 volume " + name + " is attached to " + found.get().attachedHost());
    }
    try (Stream<Path> walk = Files.walk(dir(name))) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-008 cannot delete volume " + name, e);
    }
    return true;
  }

  @Override
  public Optional<VolumeInfo> find(String name) {
    Path meta = dir(name).resolve(META);
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(meta)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-009 cannot read " + meta, e);
    }
    String host = p.getProperty("attachedHost", "");
    return Optional.of(new VolumeInfo(p.getProperty("id"), name, Long.parseLong(p.getProperty("sizeGb", "0")),
        host.isEmpty() ? null : host));
  }

  @Override
  public List<VolumeInfo> list() {
    List<VolumeInfo> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        find(d.getFileName().toString()).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-010 cannot list " + root, e);
    }
    return out;
  }

  private Path dir(String name) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException("ECP-VOL-011 not a volume name: " + name);
    }
    return root.resolve(name);
  }

  private void write(VolumeInfo v) {
    Properties p = new Properties();
    p.setProperty("id", v.id());
    p.setProperty("sizeGb", Long.toString(v.sizeGb()));
    p.setProperty("attachedHost", v.attachedHost() == null ? "" : v.attachedHost());
    Path meta = dir(v.name()).resolve(META);
    Path tmp = dir(v.name()).resolve(META + ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "Elastic Cloud volume");
      }
      try {
        Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-012 cannot write " + meta, e);
    }
  }
}
