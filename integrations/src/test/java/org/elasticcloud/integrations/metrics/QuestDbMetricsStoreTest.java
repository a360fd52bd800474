package org.elasticcloud.integrations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.core.port.MetricsStore.Aggregation;
import org.elasticcloud.core.port.MetricsStore.HourlyMax;
import org.elasticcloud.core.port.MetricsStore.Per;
import org.elasticcloud.core.port.MetricsStore.Selector;
import org.elasticcloud.core.port.MetricsStore.SeriesQuery;
import org.elasticcloud.core.port.contract.MetricsStoreContract;
import org.elasticcloud.integrations.metrics.QuestDbMetricsStore.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics store contract on a real embedded QuestDB in a temporary directory; reads are checked
 * once every write is applied and rolled up ({@link QuestDbMetricsStore#awaitApplied}).
 */
class QuestDbMetricsStoreTest extends MetricsStoreContract {
  private static Path dir;
  private static QuestDbMetricsStore store;

  @BeforeAll
  static void open() throws Exception {
    dir = Files.createTempDirectory("questdb-contract");
    store = QuestDbMetricsStore.open(Settings.in(dir));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Override
  protected MetricsStore store() {
    return store;
  }

  @Override
  protected void awaitVisible() {
    store.awaitApplied(Duration.ofSeconds(30));
  }

  @Test
  void reopeningTheDirectoryKeepsThePointsAndTheRollup() throws Exception {
    Path own = Files.createTempDirectory("questdb-reopen");
    Instant hour = base.plus(Duration.ofHours(5));
    Subject c = Subject.container(name("c"), name("h"), name("app"), "prod", "web").inDatacenter("dc1");
    Set<String> listening = listeningSockets();
    try (QuestDbMetricsStore first = QuestDbMetricsStore.open(Settings.in(own))) {
      assertThat(listeningSockets()).as("the embedded store opens no port").isEqualTo(listening);
      assertThat(own.resolve("db")).isDirectory();
      first.write(List.of(new MetricPoint(hour.plusSeconds(10), c, Metric.CPU, 42)));
      first.awaitApplied(Duration.ofSeconds(30));
    }
    try (QuestDbMetricsStore again = QuestDbMetricsStore.open(Settings.in(own))) {
      assertThat(again.hourlyMax(Metric.CPU, Selector.container(c.name()), hour, hour.plus(Duration.ofHours(1))))
          .containsExactly(new HourlyMax(c, hour, 42));
      assertThat(again.query(new SeriesQuery(Metric.CPU, Selector.container(c.name()), hour,
          hour.plus(Duration.ofHours(1)), Duration.ofMinutes(1), Aggregation.AVG, Per.SUBJECT)))
          .singleElement().satisfies(s -> assertThat(s.subject()).isEqualTo(c));
    }
  }

  /** The inodes of this JVM's listening TCP sockets (IPv4 and IPv6). */
  private static Set<String> listeningSockets() throws IOException {
    Set<String> mine = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            mine.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    }
    Set<String> out = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && "0A".equals(f[3]) && mine.contains(f[9])) {
          out.add(f[9]);
        }
      }
    }
    return out;
  }
}
