package org.elasticcloud.webapp.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.elasticcloud.core.metrics.AgentReport;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.SubjectKind;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.integrations.metrics.AgentReportReader;
import org.elasticcloud.integrations.metrics.AgentReportReader.MalformedReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * An agent's report in: its good points to the store (bad ones counted and explained), then
 * {@link AgentReportReceived} with its host conditions and containers' liveness points. Counts points in
 * {@code ecloud.metrics.points.accepted} / {@code .rejected} and refused reports in
 * {@code ecloud.metrics.reports.refused}.
 */
public class ReportIngestion {
  private static final Logger LOG = LoggerFactory.getLogger(ReportIngestion.class);

  private final AgentReportReader reader;
  private final MetricsStore store;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Counter accepted;
  private final Counter rejected;
  private final Counter refused;

  public ReportIngestion(AgentReportReader reader, MetricsStore store, ApplicationEventPublisher events,
      MeterRegistry meters, Clock clock) {
    this.reader = reader;
    this.store = store;
    this.events = events;
    this.clock = clock;
    accepted = Counter.builder("ecloud.metrics.points.accepted").description("agents' points stored")
        .register(meters);
    rejected = Counter.builder("ecloud.metrics.points.rejected")
        .description("agents' points refused as malformed (the rest of their report was stored)").register(meters);
    refused = Counter.builder("ecloud.metrics.reports.refused")
        .description("agents' reports refused whole (no JSON, no host, no points array)").register(meters);
  }

  /** What became of a report's points. */
  public record Outcome(int accepted, int rejected, List<String> problems) {
  }

  /** A report that cannot be read at all (answered 400). */
  public static final class BadReport extends RuntimeException {
    public BadReport(String message) {
      super(message);
    }
  }

  /** The store did not take the points (answered 503: the agent keeps them and sends them again). */
  public static final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(Throwable cause) {
      super("the metrics store did not take the points", cause);
    }
  }

  public Outcome ingest(JsonNode body) {
    AgentReportReader.Result r;
    try {
      r = reader.read(body);
    } catch (MalformedReport e) {
      refused.increment();
      throw new BadReport(e.getMessage());
    }
    AgentReport report = r.report();
    try {
      store.write(report.points());
    } catch (RuntimeException e) {
      LOG.warn("ECP-MON-001 metrics store write of {} points from {} failed: {}", report.points().size(),
          report.host(), e.toString());
      throw new StoreUnavailable(e);
    }
    accepted.increment(r.accepted());
    rejected.increment(r.rejected());
    if (r.rejected() > 0) {
      LOG.debug("ECP-MON-002 {} of {}'s points refused, first: {}", r.rejected(), report.host(), r.problems().get(0));
    }
    List<MetricPoint> liveness = report.points().stream().filter(p -> p.metric() == Metric.LIVENESS
        && p.subject().kind() == SubjectKind.CONTAINER).toList();
    events.publishEvent(new AgentReportReceived(report.agent(), report.host(), clock.instant(), report.conditions(),
        liveness));
    return new Outcome(r.accepted(), r.rejected(), r.problems());
  }
}
