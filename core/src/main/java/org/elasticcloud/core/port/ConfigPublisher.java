package org.elasticcloud.core.port;

/**
 * Announces a group's current configuration version (ZooKeeper) so running instances and agents
 * watching it learn of a change at once.
 */
public interface ConfigPublisher {
  void publish(String application, String environment, String group, int version);

  /** The version last published, or 0. */
  int published(String application, String environment, String group);
}
