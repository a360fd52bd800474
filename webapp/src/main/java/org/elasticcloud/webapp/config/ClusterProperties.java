package org.elasticcloud.webapp.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the nodes of one platform look after each other ({@code ecloud.cluster.*}).
 *
 * @param housekeepingInterval how often each node hands a dead node's locked jobs to the survivors
 *     and sweeps the operation queues of ended operations
 */
@ConfigurationProperties(prefix = "ecloud.cluster")
public record ClusterProperties(Duration housekeepingInterval) {
  public ClusterProperties {
    if (housekeepingInterval == null || housekeepingInterval.isNegative() || housekeepingInterval.isZero()) {
      housekeepingInterval = Duration.ofSeconds(5);
    }
  }
}
