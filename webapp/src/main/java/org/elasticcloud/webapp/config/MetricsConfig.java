package org.elasticcloud.webapp.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.integrations.metrics.AgentReportReader;
import org.elasticcloud.integrations.metrics.OpenTsdbMetricsStore;
import org.elasticcloud.integrations.metrics.QuestDbMetricsStore;
import org.elasticcloud.webapp.monitoring.DatacenterLookup;
import org.elasticcloud.webapp.monitoring.ReportIngestion;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Monitoring's store and report ingestion (ADR 0012): {@code ecloud.metrics.store} chooses the
 * {@link MetricsStore} adapter ({@code questdb}: embedded, in {@code ecloud.metrics.questdb.dir};
 * {@code opentsdb}: a TSD at {@code ecloud.metrics.opentsdb.url}, shared by every node).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfig {

  /** The embedded QuestDB; closed (engine and worker threads) with the context. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "ecloud.metrics.store", havingValue = "questdb", matchIfMissing = true)
  QuestDbMetricsStore questDbMetricsStore(MetricsProperties props) {
    MetricsProperties.QuestDb q = props.questdb();
    return QuestDbMetricsStore.open(new QuestDbMetricsStore.Settings(Path.of(q.dir()), q.workers(),
        q.pointRetention(), q.rollupRetention()));
  }

  /** OpenTSDB over its HTTP API: the store several nodes share. */
  @Bean
  @ConditionalOnProperty(name = "ecloud.metrics.store", havingValue = "opentsdb")
  OpenTsdbMetricsStore openTsdbMetricsStore(MetricsProperties props) {
    MetricsProperties.OpenTsdb o = props.opentsdb();
    return new OpenTsdbMetricsStore(new OpenTsdbMetricsStore.Settings(o.url(), o.batchSize(), o.parallelism(),
        o.timeout(), o.sync()));
  }

  @Bean
  DatacenterLookup datacenterLookup(Inventory inventory, MetricsProperties props) {
    return new DatacenterLookup(inventory, props.datacenterCacheTtl(), Clock.systemUTC());
  }

  @Bean
  AgentReportReader agentReportReader(ObjectMapper mapper, DatacenterLookup datacenters) {
    return new AgentReportReader(mapper, Clock.systemUTC(), datacenters::datacenterOf);
  }

  @Bean
  ReportIngestion reportIngestion(AgentReportReader reader, MetricsStore store, ApplicationEventPublisher events,
      MeterRegistry meters) {
    return new ReportIngestion(reader, store, events, meters, Clock.systemUTC());
  }
}
