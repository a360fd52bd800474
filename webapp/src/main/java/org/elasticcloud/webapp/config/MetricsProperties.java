package org.elasticcloud.webapp.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Monitoring's store and ingestion ({@code ecloud.metrics.*}, ADR 0012).
 *
 * @param store which {@code MetricsStore}: {@code questdb} (embedded, the default) or
 *     {@code opentsdb}
 * @param questdb the embedded QuestDB's settings
 * @param opentsdb the OpenTSDB TSD's address and write settings
 * @param maxReportBytes the largest agent report {@code POST /api/metrics/reports} accepts (the
 *     rest of {@code /api} keeps {@code ecloud.api.max-body-bytes})
 * @param datacenterCacheTtl how long a host's datacenter, read from the inventory, is reused
 */
@ConfigurationProperties(prefix = "ecloud.metrics")
public record MetricsProperties(String store, QuestDb questdb, OpenTsdb opentsdb, long maxReportBytes,
    Duration datacenterCacheTtl) {

  /**
   * @param dir the database directory (default {@code ${ecloud.data-dir}/metrics})
   * @param workers QuestDB's worker threads (WAL apply, rollup refresh, parallel queries)
   * @param pointRetention raw points are dropped after this, in whole days
   * @param rollupRetention hourly maxima are dropped after this, in whole days
   */
  public record QuestDb(String dir, int workers, Duration pointRetention, Duration rollupRetention) {
  }

  /**
   * @param url the TSD's HTTP address
   * @param batchSize points per {@code /api/put}
   * @param parallelism puts in flight at once
   * @param timeout of one request
   * @param sync whether a put waits until the TSD has stored the points
   */
  public record OpenTsdb(URI url, int batchSize, int parallelism, Duration timeout, boolean sync) {
  }
}
