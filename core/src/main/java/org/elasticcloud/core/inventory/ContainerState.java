package org.elasticcloud.core.inventory;

/** The life of a container as the platform records it. */
public enum ContainerState {
  CREATING, RUNNING, STOPPED, FAILED, MIGRATING, REMOVING
}
