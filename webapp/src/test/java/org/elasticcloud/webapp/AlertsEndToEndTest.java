package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.core.metrics.MetricPoint;
import org.elasticcloud.core.metrics.Subject;
import org.elasticcloud.core.port.MetricsStore;
import org.elasticcloud.integrations.notify.SmsRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alerting end to end on the embedded defaults: policies over REST, the scheduled evaluator reading
 * the embedded QuestDB store that a feeder writes like agents do, AlertProcess on the job executor, mail to a
 * real SMTP server (GreenMail) and SMS to a real local endpoint (the SmsRecorder).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "ecloud.admin.user=admin", "ecloud.admin.password=alerts-secret",
    "ecloud.alerts.evaluation-interval=1s", "ecloud.alerts.grouping-window=1s",
    "ecloud.alerts.mail-from=ecloud@example.org",
    "camunda.bpm.job-execution.wait-time-in-millis=200", "camunda.bpm.job-execution.max-wait=1000"})
class AlertsEndToEndTest {
  private static final String SMS_TOKEN = "alerts-sms-token";
  private static final String PHONE = "+4915112345678";
  private static final GreenMail MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
      .dynamicPort()).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
  private static final SmsRecorder SMS = SmsRecorder.start(0, SMS_TOKEN);

  static {
    MAIL.start();
  }

  @DynamicPropertySource
  static void notifiers(DynamicPropertyRegistry registry) throws IOException {
    Path data = Files.createTempDirectory("ecloud-alerts-");
    registry.add("ecloud.data-dir", data::toString);
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    registry.add("ecloud.alerts.sms.url", () -> SMS.url().toString());
    registry.add("ecloud.alerts.sms.token", () -> SMS_TOKEN);
  }

  @AfterAll
  static void stopNotifiers() {
    MAIL.stop();
    SMS.close();
  }

  @Autowired
  TestRestTemplate rest;
  @Autowired
  MetricsStore metrics;

  private final ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopFeeder() {
    feeder.shutdownNow();
  }

  private TestRestTemplate admin() {
    return rest.withBasicAuth("admin", "alerts-secret");
  }

  private ResponseEntity<Map> send(HttpMethod method, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return admin().exchange(path, method, new HttpEntity<>(json, headers), Map.class);
  }

  private long createApplication(String name) {
    long dept = id(send(HttpMethod.POST, "/api/departments", "{\"name\":\"" + name + "-dept\"}"));
    long owner = id(send(HttpMethod.POST, "/api/owners", "{\"name\":\"" + name + "-owner\",\"email\":\"" + name
        + "-owner@example.org\",\"departmentId\":" + dept + "}"));
    return id(send(HttpMethod.POST, "/api/applications", "{\"name\":\"" + name + "\",\"ownerId\":" + owner + "}"));
  }

  private static long id(ResponseEntity<Map> r) {
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return ((Number) r.getBody().get("id")).longValue();
  }

  /** Writes, like agents every 250 ms, the CPU of the given containers of the application's group. */
  private void feed(String app, String group, int containers, AtomicReference<Double> cpu) {
    feeder.scheduleAtFixedRate(() -> {
      Instant now = Instant.now();
      List<MetricPoint> batch = new ArrayList<>();
      for (int i = 0; i < containers; i++) {
        Subject s = Subject.container(app + "-production-" + group + "-" + i, "h" + i, app, "production", group)
            .inDatacenter("dc1");
        batch.add(new MetricPoint(now, s, Metric.CPU, cpu.get() + i));
      }
      // a container of another group, always busy: outside the policy's selection
      batch.add(new MetricPoint(now, Subject.container(app + "-production-other-0", "h9", app, "production", "other")
          .inDatacenter("dc1"), Metric.CPU, 99.0));
      metrics.write(batch);
    }, 0, 250, TimeUnit.MILLISECONDS);
  }

  private static List<String> mails(String to) {
    List<String> out = new ArrayList<>();
    try {
      for (GreenMailUser user : MAIL.getUserManager().listUser()) {
        if (user.getEmail().equals(to)) {
          for (StoredMessage m : MAIL.getManagers().getImapHostManager().getInbox(user).getMessages()) {
            out.add(m.getMimeMessage().getSubject() + "\n" + m.getMimeMessage().getContent());
          }
        }
      }
    } catch (FolderException | MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private List<SmsRecorder.Sms> sms(String text) {
    return SMS.messages().stream().filter(m -> m.text().contains(text)).toList();
  }

  private Map<String, Object> alert(long id) {
    return admin().getForEntity("/api/alerts/" + id, Map.class).getBody();
  }

  @Test
  void aGroupOverItsThreshold_firesOneMailAndOneSms_escalatesUntilAcknowledged_andResolves() {
    createApplication("shop");
    ResponseEntity<Map> created = send(HttpMethod.POST, "/api/applications/shop/alert-policies", """
        {"name": "cpu-high", "metric": "cpu", "scope": "group", "aggregation": "avg",
         "environment": "production", "group": "v2", "comparator": ">", "threshold": 80,
         "hold": "PT2S", "clearAfter": "PT2S", "severity": "critical", "channels": ["email", "sms"],
         "recipients": {"owner": true, "phones": ["+49 151 1234 5678"]},
         "escalationAfter": "PT3S", "escalationRecipients": {"emails": ["boss@example.org"]}}
        """);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getHeaders().getLocation()).hasToString("/api/applications/shop/alert-policies/"
        + created.getBody().get("id"));
    assertThat(created.getBody()).containsEntry("hold", "PT2S").containsEntry("enabled", true);

    // three containers of the group all breach (avg ~96)
    AtomicReference<Double> cpu = new AtomicReference<>(95.0);
    feed("shop", "v2", 3, cpu);

    await().atMost(Duration.ofSeconds(60)).until(() -> !mails("shop-owner@example.org").isEmpty());
    List<Map<String, Object>> firing = admin().getForEntity("/api/alerts?state=firing&application=shop", List.class)
        .getBody();
    assertThat(firing).hasSize(1);
    Map<String, Object> a = firing.get(0);
    assertThat(a).containsEntry("policy", "cpu-high").containsEntry("subject", "production/v2/*")
        .containsEntry("key", "alert:shop:cpu-high:production/v2/*").containsEntry("severity", "critical");
    long alertId = ((Number) a.get("id")).longValue();
    await().atMost(Duration.ofSeconds(10)).until(() -> sms("cpu-high").size() == 1);
    assertThat(mails("shop-owner@example.org")).singleElement().asString()
        .startsWith("[ecloud] CRITICAL shop: alert cpu-high on production/v2/*").contains("avg cpu > 80.0");
    assertThat(sms("cpu-high")).singleElement().satisfies(m -> {
      assertThat(m.to()).isEqualTo(PHONE);
      assertThat(m.authorization()).isEqualTo("Bearer " + SMS_TOKEN);
    });

    // not acknowledged: the escalation recipient hears of it every 3 s
    await().atMost(Duration.ofSeconds(30)).until(() -> !mails("boss@example.org").isEmpty());
    assertThat(mails("boss@example.org").get(0)).contains("ESCALATED");

    ResponseEntity<Map> ack = admin().postForEntity("/api/alerts/" + alertId + "/acknowledge", null, Map.class);
    assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ack.getBody()).containsEntry("state", "acknowledged").containsEntry("acknowledgedBy", "admin");
    int escalations = mails("boss@example.org").size();
    // acknowledged: two more escalation periods pass without another escalation, and nothing else is sent
    await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
        .until(() -> mails("boss@example.org").size() == escalations);
    assertThat(mails("shop-owner@example.org")).hasSize(1);
    assertThat(sms("cpu-high")).hasSize(1);
    assertThat(admin().postForEntity("/api/alerts/" + alertId + "/acknowledge", null, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);

    // back under the threshold: resolved after the clear period
    cpu.set(20.0);
    await().atMost(Duration.ofSeconds(30)).until(() -> "resolved".equals(alert(alertId).get("state")));
    Map<String, Object> resolved = alert(alertId);
    assertThat((String) resolved.get("resolution")).contains("false since");
    assertThat((List<Map<String, Object>>) resolved.get("notifications")).extracting(n -> n.get("kind") + "/"
        + n.get("channel") + "/" + n.get("outcome")).contains("firing/email/sent", "firing/sms/sent",
        "escalation/email/sent");
    assertThat(admin().getForEntity("/api/alerts?state=resolved&application=shop", List.class).getBody()).hasSize(1);
    assertThat(admin().getForEntity("/api/alerts?state=firing&application=shop", List.class).getBody()).isEmpty();
    assertThat(mails("shop-owner@example.org")).hasSize(1);

    ResponseEntity<String> page = admin().getForEntity("/applications/shop/alerts", String.class);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("cpu-high", "avg cpu &gt; 80.0 for PT2S", "Recently resolved");
  }

  @Test
  void anInstanceStorm_goesOutAsOneMailAndOneSmsListingEveryContainer() {
    createApplication("pay");
    assertThat(send(HttpMethod.POST, "/api/applications/pay/alert-policies", """
        {"name": "cpu-each", "metric": "cpu", "scope": "instance", "group": "v2", "comparator": ">=",
         "threshold": 90, "hold": "PT2S", "severity": "warning", "channels": ["email", "sms"],
         "recipients": {"owner": true, "phones": ["+4915199990000"]}}
        """).getStatusCode()).isEqualTo(HttpStatus.CREATED);

    feed("pay", "v2", 4, new AtomicReference<>(95.0));

    await().atMost(Duration.ofSeconds(60)).until(() -> admin().getForEntity("/api/alerts?state=firing&application=pay",
        List.class).getBody().size() == 4);
    await().atMost(Duration.ofSeconds(30)).until(() -> SMS.messages().stream().anyMatch(m -> m.to().equals("+4915199990000")));
    // every alert's own notify step has run (each is waiting for acknowledgement), and still one of each
    await().atMost(Duration.ofSeconds(30)).until(() -> admin().getForEntity("/api/alerts?state=firing&application=pay",
        List.class).getBody().stream().allMatch(x -> ((Map<?, ?>) x).get("notifiedAt") != null));
    assertThat(mails("pay-owner@example.org")).singleElement().asString().contains("4 alerts", "pay-production-v2-0",
        "pay-production-v2-3").doesNotContain("pay-production-other-0");
    assertThat(SMS.messages().stream().filter(m -> m.to().equals("+4915199990000")).toList()).hasSize(1);
  }

  @Test
  void badInput_isAProblemDocument() {
    createApplication("web");
    String good = """
        {"name": "%s", "metric": "%s", "comparator": ">", "threshold": 80, "hold": "%s", "channels": ["email"],
         "recipients": %s}
        """;
    ResponseEntity<Map> unknownMetric = send(HttpMethod.POST, "/api/applications/web/alert-policies",
        good.formatted("a", "cpu_load", "PT1M", "{\"owner\": true}"));
    assertThat(unknownMetric.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknownMetric.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat((List<Map<String, String>>) unknownMetric.getBody().get("errors")).extracting(e -> e.get("field"))
        .containsExactly("metric");

    ResponseEntity<Map> negative = send(HttpMethod.POST, "/api/applications/web/alert-policies",
        good.formatted("a", "cpu", "-PT1M", "{\"owner\": true}"));
    assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, String>>) negative.getBody().get("errors")).containsExactly(
        Map.of("field", "hold", "message", "must be greater than 0"));

    ResponseEntity<Map> nobody = send(HttpMethod.POST, "/api/applications/web/alert-policies",
        good.formatted("a", "cpu", "PT1M", "{}"));
    assertThat(nobody.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, String>>) nobody.getBody().get("errors")).extracting(e -> e.get("field"))
        .containsExactly("recipients");

    ResponseEntity<Map> badPhone = send(HttpMethod.POST, "/api/applications/web/alert-policies",
        good.formatted("a", "cpu", "PT1M", "{\"emails\": [\"x@@y\"], \"phones\": [\"12\"]}"));
    assertThat((List<Map<String, String>>) badPhone.getBody().get("errors")).extracting(e -> e.get("field"))
        .containsExactly("recipients.emails[0]", "recipients.phones[0]");

    ResponseEntity<Map> notADuration = send(HttpMethod.POST, "/api/applications/web/alert-policies",
        good.formatted("a", "cpu", "one minute", "{\"owner\": true}"));
    assertThat(notADuration.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, String>>) notADuration.getBody().get("errors")).extracting(e -> e.get("field"))
        .containsExactly("hold");

    ResponseEntity<Map> unknownApp = send(HttpMethod.POST, "/api/applications/no-such-app/alert-policies",
        good.formatted("a", "cpu", "PT1M", "{\"owner\": true}"));
    assertThat(unknownApp.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknownApp.getBody()).containsEntry("title", "Not found");

    ResponseEntity<Map> ok = send(HttpMethod.POST, "/api/applications/web/alert-policies",
        good.formatted("a", "cpu", "PT1M", "{\"owner\": true}"));
    assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = ((Number) ok.getBody().get("id")).longValue();
    assertThat(send(HttpMethod.POST, "/api/applications/web/alert-policies",
        good.formatted("a", "cpu", "PT1M", "{\"owner\": true}")).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(admin().getForEntity("/api/applications/web/alert-policies", List.class).getBody()).hasSize(1);

    // read, change, refuse a bad change, delete
    assertThat(admin().getForEntity("/api/applications/web/alert-policies/" + id, Map.class).getBody())
        .containsEntry("metric", "cpu").containsEntry("application", "web");
    ResponseEntity<Map> changed = send(HttpMethod.PUT, "/api/applications/web/alert-policies/" + id,
        good.formatted("a", "memory", "PT5M", "{\"owner\": true}"));
    assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(changed.getBody()).containsEntry("metric", "memory").containsEntry("hold", "PT5M");
    assertThat(send(HttpMethod.PUT, "/api/applications/web/alert-policies/" + id,
        good.formatted("a", "memory", "PT0S", "{\"owner\": true}")).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(send(HttpMethod.PUT, "/api/applications/web/alert-policies/999999",
        good.formatted("a", "memory", "PT5M", "{\"owner\": true}")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(admin().getForEntity("/api/applications/shop-none/alert-policies/" + id, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(admin().exchange("/api/applications/web/alert-policies/" + id, HttpMethod.DELETE, null, Void.class)
        .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(admin().exchange("/api/applications/web/alert-policies/" + id, HttpMethod.DELETE, null, Map.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    assertThat(admin().getForEntity("/api/alerts?state=burning", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(admin().postForEntity("/api/alerts/999999/acknowledge", null, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(rest.getForEntity("/api/alerts", Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(rest.getForEntity("/applications/web/alerts", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(admin().getForEntity("/applications/web/alerts", String.class).getBody()).contains("No open alerts");
  }
}
