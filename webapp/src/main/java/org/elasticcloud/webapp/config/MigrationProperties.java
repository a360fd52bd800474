package org.elasticcloud.webapp.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fault migration ({@code ecloud.migration.*}, ADR 0015).
 *
 * @param restartMax    restarts in place of a failed container allowed within {@code restartWindow}
 *     before it is moved to another host (0: always move)
 * @param restartWindow how far back restarts count
 * @param replanWait    how long containers that could not be placed wait before they are planned again
 *     (an operator can re-plan at once from the waiting task)
 * @param stopGrace     how long a container on a working source host (drain, container failure) is
 *     given to stop after SIGTERM before it is removed
 * @param containerFailureAfter how long (two agent rounds at least) a container recorded RUNNING on a
 *     READY host must be reported not alive before ContainerFailureProcess starts for it
 */
@ConfigurationProperties(prefix = "ecloud.migration")
public record MigrationProperties(@DefaultValue("3") int restartMax, @DefaultValue("PT10M") Duration restartWindow,
    @DefaultValue("PT1M") Duration replanWait, @DefaultValue("PT10S") Duration stopGrace,
    @DefaultValue("PT20S") Duration containerFailureAfter) {
}
