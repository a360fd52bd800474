package org.elasticcloud.webapp.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reconciler's settings ({@code ecloud.reconcile.*}, env {@code ECLOUD_RECONCILE_*}; ADR 0010).
 *
 * @param cycle how often ReconcileProcess runs: an ISO 8601 repeating interval ({@code R/PT5M}) or
 *     a cron expression; a change is taken when the running timer is next due
 * @param repair whether runs repair what is safe; false: they only report
 * @param orphanSightings in how many consecutive reports an orphan must be listed before it is
 *     removed (1: at once; 2, the default, lets a whole cycle pass first)
 * @param network the containers' network in CIDR notation (default: {@code ecloud.network.subnet});
 *     database accounts on other addresses are never the platform's
 * @param parallelism how many hosts' engines are read at once
 * @param keepReports how many reports are kept
 */
@ConfigurationProperties(prefix = "ecloud.reconcile")
public record ReconcileProperties(@DefaultValue("R/PT5M") String cycle, @DefaultValue("true") boolean repair,
    @DefaultValue("2") int orphanSightings, String network, @DefaultValue("8") int parallelism,
    @DefaultValue("2000") int keepReports) {
}
