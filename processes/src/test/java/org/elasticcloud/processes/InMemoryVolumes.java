package org.elasticcloud.processes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.port.VolumeNotFoundException;
import org.elasticcloud.core.port.Volumes;

/** {@link Volumes} in memory: create once by name, attached to one host at a time. */
final class InMemoryVolumes implements Volumes {
  private final Map<String, VolumeInfo> volumes = new LinkedHashMap<>();

  @Override
  public synchronized VolumeInfo create(String name, long sizeGb) {
    return volumes.computeIfAbsent(name, n -> new VolumeInfo(UUID.randomUUID().toString(), n, sizeGb, null));
  }

  @Override
  public synchronized String attach(String name, String hostName) {
    VolumeInfo v = find(name).orElseThrow(() -> new VolumeNotFoundException("no volume " + name));
    if (v.attachedHost() != null && !v.attachedHost().equals(hostName)) {
      throw new VolumeInUseException(name + " is attached to " + v.attachedHost());
    }
    volumes.put(name, new VolumeInfo(v.id(), name, v.sizeGb(), hostName));
    return "/volumes/" + name;
  }

  @Override
  public synchronized void detach(String name, String hostName) {
    find(name).filter(v -> hostName.equals(v.attachedHost()))
        .ifPresent(v -> volumes.put(name, new VolumeInfo(v.id(), name, v.sizeGb(), null)));
  }

  @Override
  public synchronized boolean delete(String name) {
    return volumes.remove(name) != null;
  }

  @Override
  public synchronized Optional<VolumeInfo> find(String name) {
    return Optional.ofNullable(volumes.get(name));
  }

  @Override
  public synchronized List<VolumeInfo> list() {
    return new ArrayList<>(volumes.values());
  }
}
