package org.elasticcloud.integrations.docker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.port.VolumeNotFoundException;
import org.elasticcloud.core.port.Volumes;

/**
 * {@link Volumes} as local Docker volumes over a directory every host shares (the embedded default
 * and the lab). A volume's bytes live in {@code <root>/<name>/data}; attaching it to a host creates
 * a Docker volume of the same name on that host's engine, bound to that directory
 * ({@code driver local, type=none, o=bind}); detaching removes that definition and keeps the bytes.
 * Its record is {@code <root>/<name>/volume.properties}. The size is recorded, not enforced.
 */
public class LocalDockerVolumes implements Volumes {
  private static final String META = "volume.properties";

  private final SharedDirectoryBinder binder;
  /**
   * A volume's record and its engines' definitions change under the lock of its name's stripe:
   * operations on different volumes mostly run side by side (one lock for the whole adapter made a
   * scale-out's containers take turns at their volumes), and the locks stay few.
   */
  private final Object[] locks = new Object[64];

  /**
   * @param root the shared directory
   * @param engineOfHost a host's name → its engine endpoint
   */
  public LocalDockerVolumes(DockerEngines engines, Path root, Function<String, String> engineOfHost) {
    this.binder = new SharedDirectoryBinder(engines, root, engineOfHost);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  @Override
  public VolumeInfo create(String name, long sizeGb) {
    synchronized (lock(name)) {
      return createLocked(name, sizeGb);
    }
  }

  private VolumeInfo createLocked(String name, long sizeGb) {
    Optional<VolumeInfo> existing = find(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    binder.prepare(name);
    VolumeInfo v = new VolumeInfo(UUID.randomUUID().toString(), name, sizeGb, null);
    write(v);
    return v;
  }

  @Override
  public String attach(String name, String hostName) {
    synchronized (lock(name)) {
      return attachLocked(name, hostName);
    }
  }

  private String attachLocked(String name, String hostName) {
    VolumeInfo v = find(name).orElseThrow(() -> new VolumeNotFoundException("ECP-VOL-003 no volume named " + name));
    if (v.attachedHost() != null && !v.attachedHost().equals(hostName)) {
      throw new VolumeInUseException("ECP-VOL-004 volume " + name + " is attached to " + v.attachedHost());
    }
    String source = binder.bind(name, hostName);
    write(new VolumeInfo(v.id(), v.name(), v.sizeGb(), hostName));
    return source;
  }

  @Override
  public void detach(String name, String hostName) {
    synchronized (lock(name)) {
      detachLocked(name, hostName);
    }
  }

  private void detachLocked(String name, String hostName) {
    Optional<VolumeInfo> found = find(name);
    if (found.isEmpty() || !hostName.equals(found.get().attachedHost())) {
      return;
    }
    binder.unbind(name, hostName);
    VolumeInfo v = found.get();
    write(new VolumeInfo(v.id(), v.name(), v.sizeGb(), null));
  }

  @Override
  public boolean delete(String name) {
    synchronized (lock(name)) {
      return deleteLocked(name);
    }
  }

  private boolean deleteLocked(String name) {
    Optional<VolumeInfo> found = find(name);
    if (found.isEmpty()) {
      return false;
    }
    if (found.get().attachedHost() != null) {
      throw new VolumeInUseException("ECP-VOL-007 volume " + name + " is attached to " + found.get().attachedHost());
    }
    binder.erase(name);
    return true;
  }

  private Object lock(String name) {
    return locks[Math.floorMod(name.hashCode(), locks.length)];
  }

  @Override
  public Optional<VolumeInfo> find(String name) {
    Path meta = binder.dir(name).resolve(META);
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
    try (Stream<Path> dirs = Files.list(binder.root())) {
      for (Path d : dirs.sorted().toList()) {
        String name = d.getFileName().toString();
        if (name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
          find(name).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-VOL-010 cannot list " + binder.root(), e);
    }
    return out;
  }

  private void write(VolumeInfo v) {
    Properties p = new Properties();
    p.setProperty("id", v.id());
    p.setProperty("sizeGb", Long.toString(v.sizeGb()));
    p.setProperty("attachedHost", v.attachedHost() == null ? "" : v.attachedHost());
    Path meta = binder.dir(v.name()).resolve(META);
    Path tmp = binder.dir(v.name()).resolve(META + ".tmp");
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
