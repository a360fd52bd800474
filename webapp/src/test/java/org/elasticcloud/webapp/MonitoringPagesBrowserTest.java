package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.metrics.AgentReport;
import org.elasticcloud.core.metrics.HostCondition;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.db.Inventory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The monitoring pages in a real headless Chromium (Debian's, driven by its ChromeDriver): the
 * charts of an application, an instance and a host are drawn from points an agent reported
 * through the platform's own ingestion path, per instance as well as aggregated, and refresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringPagesBrowserTest extends ApiTestBase {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final List<String> CONTAINERS = List.of("shop-prod-web-1", "shop-prod-web-2", "shop-prod-web-3");

  @LocalServerPort
  int port;
  @Autowired
  Inventory inventory;
  @Autowired
  ObjectMapper mapper;

  private WebDriver browser;
  private Host faulty;
  private Path profile;

  @BeforeAll
  void setUp() throws Exception {
    Datacenter dc = inventory.datacenters.insert(new Datacenter(null, "dc-pages", "Beijing"));
    NetworkSwitch sw = inventory.switches.insert(new NetworkSwitch(null, dc.id(), "sw-pages"));
    // a real engine, so that host health's probes keep the host READY
    Host host = inventory.hosts.insert(new Host(null, sw.id(), "host-pages", 16, 65536L, 1000L,
        labEngine(), HostState.READY));
    faulty = inventory.hosts.insert(new Host(null, sw.id(), "host-faulty", 16, 65536L, 1000L,
        labEngine(), HostState.READY));
    Department dept = inventory.departments.insert(new Department(null, "pages-dept"));
    Owner owner = inventory.owners.insert(new Owner(null, "pat", "pat@example.org", dept.id()));
    Application app = inventory.applications.insert(new Application(null, "shop", owner.id(), 1));
    Environment env = inventory.environments.findOneBy("name", "prod")
        .orElseGet(() -> inventory.environments.insert(new Environment(null, "prod")));
    Spec spec = inventory.specs.insert(new Spec(null, "pages-c1m1", 1, 1024L, 10L));
    AppGroup group = inventory.groups.insert(new AppGroup(null, app.id(), env.id(), "web", spec.id(), 1, 10));
    int n = 0;
    for (String name : CONTAINERS) {
      n++;
      inventory.containers.insert(new Container(null, group.id(), host.id(), name, "10.99.0." + n,
          "02:00:00:00:00:0" + n, null, null, ContainerState.RUNNING, 0));
    }
    report(host.name());

    profile = Files.createTempDirectory("ecloud-chromium-");
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    // The first navigation carries the credentials; Chromium keeps them for the realm, so the
    // pages (loaded without credentials in the URL, which fetch() would refuse) and their API
    // calls are authenticated like a person's after the login prompt.
    browser.get("http://" + ADMIN + ":" + PASSWORD + "@127.0.0.1:" + port + "/monitoring");
  }

  @AfterAll
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** Ten minutes of points, every 10 s, for the host and three containers whose CPU differ. */
  private void report(String hostName) throws Exception {
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<MetricPoint> points = new ArrayList<>();
    for (Instant at = end.minus(Duration.ofMinutes(10)); !at.isAfter(end); at = at.plusSeconds(10)) {
      for (Metric m : Metric.values()) {
        points.add(new MetricPoint(at, Subject.host(hostName), m, m == Metric.LIVENESS ? 1 : 50));
      }
      int i = 0;
      for (String name : CONTAINERS) {
        i++;
        Subject c = Subject.container(name, hostName, "shop", "prod", "web");
        for (Metric m : Metric.values()) {
          double value = switch (m) {
            case CPU -> 10 * i;
            case LIVENESS -> 1;
            default -> 1000 * i;
          };
          points.add(new MetricPoint(at, c, m, value));
        }
      }
    }
    AgentReport report = new AgentReport("agent-" + hostName, hostName, end, points,
        List.of(new HostCondition("edac", true, "no errors")));
    ResponseEntity<Map> r = post("/api/metrics/reports", mapper.writeValueAsString(report));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(((Number) r.getBody().get("accepted")).intValue()).isEqualTo(points.size());
    // the store applies its write-ahead log in the background: the pages start once it is readable
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      ResponseEntity<List> series = admin().getForEntity("/api/metrics/series?metric=liveness&kind=container"
          + "&application=shop&per=subject&from=" + end.minus(Duration.ofMinutes(15)) + "&to=" + end.plusSeconds(1),
          List.class);
      return series.getStatusCode() == HttpStatus.OK && series.getBody().size() == CONTAINERS.size();
    });
  }

  private void open(String path) {
    browser.get("http://127.0.0.1:" + port + path);
  }

  private List<WebElement> chartsDrawn() {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      String refreshes = browser.findElement(By.id("monitor")).getDomAttribute("data-refreshes");
      return refreshes != null && Integer.parseInt(refreshes) >= 1;
    });
    return browser.findElements(By.cssSelector(".chart"));
  }

  private static int attr(WebElement e, String name) {
    String v = e.getDomAttribute(name);
    return v == null ? -1 : Integer.parseInt(v);
  }

  @Test
  void theOverviewListsApplicationsAndHosts() {
    open("/monitoring");
    assertThat(browser.findElement(By.id("applications")).getText()).contains("shop", "prod/web");
    assertThat(browser.findElement(By.id("hosts")).getText()).contains("host-pages", "READY");
  }

  @Test
  void theApplicationPageDrawsEveryMetricAggregatedAndPerInstance() {
    open("/monitoring/applications/shop");
    List<WebElement> charts = chartsDrawn();
    assertThat(charts).extracting(e -> e.getDomAttribute("data-metric"))
        .containsExactly("cpu", "connections", "memory", "net_in", "net_out", "load", "disk", "liveness");
    assertThat(browser.findElement(By.id("status")).getText()).startsWith("updated");
    for (WebElement chart : charts) {
      assertThat(attr(chart, "data-series")).as(chart.getDomAttribute("data-metric")).isEqualTo(1);
      assertThat(attr(chart, "data-samples")).as(chart.getDomAttribute("data-metric")).isGreaterThan(10);
      assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
    }

    new Select(browser.findElement(By.id("per"))).selectByValue("subject");
    await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElements(By.cssSelector(".chart"))
        .stream().allMatch(c -> attr(c, "data-series") == CONTAINERS.size()));
    assertThat(browser.findElement(By.id("containers")).getText()).contains(CONTAINERS);
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Application shop");
  }

  @Test
  void theAggregationIsTheOneChosen() {
    open("/monitoring/applications/shop");
    chartsDrawn();
    // the containers' CPU is 10, 20 and 30 %: their average, then their sum
    await().atMost(Duration.ofSeconds(30)).until(() -> lastCpu() == 20.0);
    new Select(browser.findElement(By.id("aggregation"))).selectByValue("sum");
    await().atMost(Duration.ofSeconds(30)).until(() -> lastCpu() == 60.0);
  }

  private double lastCpu() {
    String last = browser.findElement(By.id("chart-cpu")).getDomAttribute("data-last");
    return last == null || last.isEmpty() ? Double.NaN : Double.parseDouble(last);
  }

  @Test
  void theInstanceAndHostPagesDrawTheirOwnSeries() {
    open("/monitoring/containers/shop-prod-web-2");
    for (WebElement chart : chartsDrawn()) {
      assertThat(attr(chart, "data-samples")).as(chart.getDomAttribute("data-metric")).isGreaterThan(10);
    }
    open("/monitoring/hosts/host-pages");
    for (WebElement chart : chartsDrawn()) {
      assertThat(attr(chart, "data-samples")).as(chart.getDomAttribute("data-metric")).isGreaterThan(10);
    }
    assertThat(browser.findElement(By.id("containers")).getText()).contains(CONTAINERS);
  }

  @Test
  void theHostPageShowsItsConditions() throws Exception {
    // the agent of host-faulty reports an uncorrectable memory error: host health marks it FAULTY
    AgentReport report = new AgentReport("agent-host-faulty", "host-faulty", Instant.now(),
        List.of(new MetricPoint(Instant.now(), Subject.host("host-faulty"), Metric.CPU, 5)),
        List.of(new HostCondition("edac", false, "mc0 ue_count 1")));
    assertThat(post("/api/metrics/reports", mapper.writeValueAsString(report)).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    await().atMost(Duration.ofSeconds(20)).until(() -> inventory.hosts.find(faulty.id()).orElseThrow().state()
        == HostState.FAULTY);
    open("/monitoring/hosts/host-faulty");
    assertThat(browser.findElement(By.id("host-state")).getText()).isEqualTo("FAULTY");
    assertThat(browser.findElement(By.id("events")).getText()).contains("READY", "FAULTY", "edac");
    open("/monitoring/hosts/host-pages");
    assertThat(browser.findElement(By.id("events")).getText()).contains("no transitions recorded");
  }

  @Test
  void pagesNeedCredentialsAndUnknownNamesAreNotFound() {
    assertThat(anonymous.getForEntity("/monitoring/applications/shop", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(admin().getForEntity("/monitoring/applications/no-such-app", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(admin().getForEntity("/monitoring/hosts/no-such-host", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }
}
