package org.elasticcloud.integrations.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.integrations.metrics.AgentReportReader.MalformedReport;
import org.elasticcloud.integrations.metrics.AgentReportReader.Result;
import org.junit.jupiter.api.Test;

class AgentReportReaderTest {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private final AgentReportReader reader = new AgentReportReader(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC),
      Map.of("h1", "dc-north")::get);

  private Result read(String json) {
    return reader.read(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static String point(String at, String subject, String metric, String value) {
    return "{'at':" + at + ",'subject':" + subject + ",'metric':" + metric + ",'value':" + value + "}";
  }

  private static final String C1 = "{'kind':'CONTAINER','name':'shop-prod-web-1','host':'h1','application':'shop','environment':'prod','group':'web'}";
  private static final String H1 = "{'kind':'HOST','name':'h1','host':'h1'}";

  @Test
  void goodPointsAreKeptWithTheirDatacenterAndBadOnesSayWhy() {
    Result r = read("{'agent':'agent-h1','host':'h1','sentAt':'2026-11-26T12:00:01Z','points':["
        + point("'2026-11-26T11:59:50Z'", C1, "'cpu'", "12.5") + ","
        + point("'2026-11-26T11:59:50.250Z'", H1, "'NET_IN'", "1000") + ","
        + point("'2026-11-26T11:59:50Z'", C1, "'gpu'", "1") + ","
        + point("'2026-11-26T11:59:50Z'", "{'kind':'CONTAINER','name':'x','host':'h2'}", "'cpu'", "1") + ","
        + point("'2026-11-26T11:59:50Z'", "{'kind':'VM','name':'x','host':'h1'}", "'cpu'", "1") + ","
        + point("'2026-11-26T11:59:50Z'", "{'kind':'CONTAINER','host':'h1'}", "'cpu'", "1") + ","
        + point("'2026-11-26T11:59:50Z'", C1, "'memory'", "-5") + ","
        + point("'2026-11-26T11:59:50Z'", C1, "'cpu'", "'NaN'") + ","
        + point("'2026-11-26T11:59:50Z'", C1, "'cpu'", "'high'") + ","
        + point("'2026-11-26T13:00:00Z'", C1, "'cpu'", "1") + ","
        + point("'2026-11-01T00:00:00Z'", C1, "'cpu'", "1") + ","
        + point("'yesterday'", C1, "'cpu'", "1") + ","
        + point("1764158390000", C1, "'cpu'", "1") + ","
        + "42"
        + "],'conditions':[{'check':'smart','healthy':true,'detail':'ok'},{'check':'edac'}]}");
    assertThat(r.report().points()).containsExactly(
        new MetricPoint(Instant.parse("2026-11-26T11:59:50Z"),
            Subject.container("shop-prod-web-1", "h1", "shop", "prod", "web").inDatacenter("dc-north"), Metric.CPU, 12.5),
        new MetricPoint(Instant.parse("2026-11-26T11:59:50.250Z"), Subject.host("h1").inDatacenter("dc-north"),
            Metric.NET_IN, 1000));
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.rejected()).isEqualTo(12);
    assertThat(r.problems()).hasSize(13);
    assertThat(r.problems().get(0)).isEqualTo("points[2] has an unknown metric 'gpu'");
    assertThat(r.problems().get(1)).startsWith("points[3] is about host h2");
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("points[4] has an unknown subject kind"))
        .anySatisfy(p -> assertThat(p).isEqualTo("points[5] has no subject name"))
        .anySatisfy(p -> assertThat(p).isEqualTo("points[6] has a negative memory (-5.0)"))
        .anySatisfy(p -> assertThat(p).isEqualTo("points[7] has no finite value"))
        .anySatisfy(p -> assertThat(p).isEqualTo("points[8] has a value that is not a number"))
        .anySatisfy(p -> assertThat(p).contains("points[9]", "ahead"))
        .anySatisfy(p -> assertThat(p).contains("points[10]", "older"))
        .anySatisfy(p -> assertThat(p).contains("points[11]", "not ISO-8601"))
        .anySatisfy(p -> assertThat(p).contains("points[12]", "not an ISO-8601 string"))
        .anySatisfy(p -> assertThat(p).isEqualTo("points[13] is not an object"))
        .anySatisfy(p -> assertThat(p).startsWith("conditions[1]"));
    assertThat(r.report().conditions()).containsExactly(new HostCondition("smart", true, "ok"));
    assertThat(r.report().agent()).isEqualTo("agent-h1");
    assertThat(r.report().sentAt()).isEqualTo(Instant.parse("2026-11-26T12:00:01Z"));
  }

  @Test
  void onlyTheFirstTwentyReasonsAreKeptButAllAreCounted() {
    StringBuilder sb = new StringBuilder("{'host':'h1','points':[");
    for (int i = 0; i < 50; i++) {
      sb.append(i == 0 ? "" : ",").append(point("'2026-11-26T11:59:50Z'", C1, "'nope'", "1"));
    }
    Result r = read(sb + "]}");
    assertThat(r.rejected()).isEqualTo(50);
    assertThat(r.problems()).hasSize(AgentReportReader.MAX_PROBLEMS);
    assertThat(r.report().points()).isEmpty();
  }

  @Test
  void anUnknownHostHasNoDatacenter() {
    Result r = read("{'host':'h9','points':[" + point("'2026-11-26T11:59:50Z'", "{'kind':'host','name':'h9','host':'h9'}",
        "'load'", "0.5") + "]}");
    assertThat(r.report().points()).singleElement().satisfies(p -> assertThat(p.subject()).isEqualTo(Subject.host("h9")));
  }

  @Test
  void bodiesThatAreNoReportAreRefusedWhole() {
    assertThatThrownBy(() -> read("{'host':'h1','points':[")).isInstanceOf(MalformedReport.class).hasMessageContaining("JSON");
    assertThatThrownBy(() -> read("[1,2]")).isInstanceOf(MalformedReport.class).hasMessageContaining("object");
    assertThatThrownBy(() -> read("{'host':'h1'}")).isInstanceOf(MalformedReport.class).hasMessageContaining("points array");
    assertThatThrownBy(() -> read("{'host':'h1','points':{}}")).isInstanceOf(MalformedReport.class).hasMessageContaining("points array");
    assertThatThrownBy(() -> read("{'points':[]}")).isInstanceOf(MalformedReport.class).hasMessageContaining("host");
  }
}
