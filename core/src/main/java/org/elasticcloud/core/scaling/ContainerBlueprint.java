package org.elasticcloud.core.scaling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.port.ContainerRuntime.ContainerSpec;
import org.elasticcloud.core.port.ContainerRuntime.Mount;
import org.elasticcloud.core.port.ContainerRuntime.Resources;

/**
 * How a container of a group is made: its natural name (which names its network port and volumes
 * too, so every step of a process can be repeated), its labels, the environment that points it at
 * the config center, and its limits from the group's spec. The same image runs in every
 * environment; {@code APP}, {@code ENV}, {@code GROUP} and {@code ECLOUD_CONFIG_URL} tell it who it is.
 */
public final class ContainerBlueprint {
  public static final String LABEL_APP = "org.elasticcloud.app";
  public static final String LABEL_ENV = "org.elasticcloud.env";
  public static final String LABEL_GROUP = "org.elasticcloud.group";
  public static final String LABEL_GROUP_ID = "org.elasticcloud.group-id";
  public static final String LABEL_CONTAINER = "org.elasticcloud.container";
  public static final String LABEL_GENERATION = "org.elasticcloud.generation";

  private ContainerBlueprint() {
  }

  /** {@code cap-production-v2-7}: application, environment, group and the container's ordinal. */
  public static String name(String application, String environment, String group, int ordinal) {
    String name = (application + "-" + environment + "-" + group + "-" + ordinal).toLowerCase(Locale.ROOT);
    if (name.length() > 63) {
      throw new IllegalArgumentException("container name " + name + " is longer than 63 characters");
    }
    return name;
  }

  public static String dataVolume(String containerName) {
    return containerName + "-data";
  }

  public static String logVolume(String containerName) {
    return containerName + "-log";
  }

  /**
   * The spec to run the container with.
   *
   * @param generation grows with every move of the container, so a stale copy on a returning host
   *     can be told apart
   */
  public static ContainerSpec spec(String application, String environment, String group, long groupId,
      String containerName, int generation, Spec size, String image, String dockerNetwork, String ip, String mac,
      String dataSource, String logSource, String configUrl) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_APP, application);
    labels.put(LABEL_ENV, environment);
    labels.put(LABEL_GROUP, group);
    labels.put(LABEL_GROUP_ID, Long.toString(groupId));
    labels.put(LABEL_CONTAINER, containerName);
    labels.put(LABEL_GENERATION, Integer.toString(generation));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("APP", application);
    env.put("ENV", environment);
    env.put("GROUP", group);
    if (configUrl != null) {
      env.put("ECLOUD_CONFIG_URL", configUrl);
    }
    return new ContainerSpec(containerName, image, new Resources(size.cores(), size.memoryMb(), size.diskGb()),
        labels, env, dockerNetwork, ip, mac,
        List.of(new Mount(dataSource, "/data", false), new Mount(logSource, "/var/log/app", false)), List.of());
  }
}
