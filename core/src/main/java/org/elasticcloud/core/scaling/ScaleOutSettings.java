package org.elasticcloud.core.scaling;

import java.time.Duration;
import org.elasticcloud.core.placement.SpreadPolicy;

/**
 * How scale-outs run here: the spread rules, where containers read their configuration, the Docker
 * network mirroring the subnet, and how long a new container has to become healthy.
 *
 * @param configUrlBase e.g. {@code http://10.211.0.2:8090} (null: containers get no config URL)
 * @param healthPort the port a container answers {@code /health} on when its group has no VIP
 */
public record ScaleOutSettings(SpreadPolicy spread, String configUrlBase, String dockerNetwork, Duration healthTimeout,
    int healthPort) {

  public String configUrl(String application, String environment, String group) {
    return configUrlBase == null || configUrlBase.isBlank() ? null
        : configUrlBase + "/api/config/" + application + "/" + environment + "/" + group + "?format=properties";
  }
}
