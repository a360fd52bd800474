package org.elasticcloud.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Block storage for containers: a data volume and a log volume each, created once, surviving the
 * container, attached to one host at a time and re-attached on migration. Named from the business
 * key, so every call can be repeated. Adapters: Cinder (OpenStack) and local Docker volumes over a
 * directory every host shares.
 */
public interface Volumes {
  /** The volume of that name, created on first call with {@code sizeGb}. */
  VolumeInfo create(String name, long sizeGb);

  /**
   * Makes the volume usable on {@code hostName} and returns the mount source a container on that
   * host binds (a Docker volume name or a host path). Attaching where it is attached already
   * returns the same source.
   *
   * @throws VolumeInUseException when it is attached to another host
   * @throws VolumeNotFoundException when there is no such volume
   */
  String attach(String name, String hostName);

  /** Detaches it from {@code hostName}; nothing happens if it is not attached there. */
  void detach(String name, String hostName);

  /** Deletes the volume and its bytes; false when there was none. */
  boolean delete(String name);

  Optional<VolumeInfo> find(String name);

  /** Every volume this platform holds (for reconciliation). */
  List<VolumeInfo> list();

  /** A volume: the authority's id, name, size, and the host it is attached to (null when none). */
  record VolumeInfo(String id, String name, long sizeGb, String attachedHost) {
  }
}
