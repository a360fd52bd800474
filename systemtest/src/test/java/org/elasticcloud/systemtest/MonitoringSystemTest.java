package org.elasticcloud.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.elasticcloud.core.metrics.Metric;
import org.elasticcloud.integrations.notify.SmsRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Monitoring on the lab, end to end: the packaged platform, the packaged agent on each of the three
 * lab engines (registered in ZooKeeper, shipping every 2 s), a real SMTP server and SMS endpoint.
 * The store fills with all metrics of every host and container, a CPU alert fires on a real
 * burner and notifies once, an acknowledgement stops its escalation, the alert resolves when the
 * burner stops, a lost agent makes its host suspect but never down, and a memory error counter that
 * rises makes a host faulty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringSystemTest {
  static final Path AGENT_JAR = Path.of("..", "agent", "target", "ecloud-agent.jar").toAbsolutePath().normalize();
  private static final String SMS_TOKEN = "sys-sms-token";
  private static final String PHONE = "+4915112345678";
  private static final String ESCALATION = "escalation@example.org";
  private static final Duration DOWN_AFTER = Duration.ofSeconds(6);

  private GreenMail mail;
  private SmsRecorder sms;
  private Cluster cluster;
  private String app;
  private Rest rest;
  private final Map<String, Process> agents = new LinkedHashMap<>();
  private Path faultyMachine;
  private String burner;

  @BeforeAll
  void start() throws Exception {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    mail.start();
    sms = SmsRecorder.start(0, SMS_TOKEN);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPRING_MAIL_HOST", "127.0.0.1");
    env.put("SPRING_MAIL_PORT", Integer.toString(mail.getSmtp().getPort()));
    env.put("ECLOUD_ALERTS_SMS_URL", sms.url().toString());
    env.put("ECLOUD_ALERTS_SMS_TOKEN", SMS_TOKEN);
    cluster = new Cluster(1, env, List.of("--ecloud.alerts.evaluation-interval=4s",
        "--ecloud.alerts.grouping-window=2s", "--ecloud.alerts.mail-from=ecloud@example.org",
        "--ecloud.hosts.probe-interval=1s", "--ecloud.hosts.down-after=" + DOWN_AFTER.toSeconds() + "s",
        // the faulty host is only marked here: its evacuation is fault migration's own test
        "--ecloud.migration.on-host-failure=false"));
    app = "mon" + cluster.run;
    cluster.setUpInventory(List.of(app));
    rest = cluster.rest(cluster.nodes.get(0));
    Rest.Answer out = Cluster.check(rest.post("/api/groups/" + cluster.groups.get(app) + "/scale-out",
        Map.of("count", 3, "datacenterId", cluster.datacenterId, "image", "ecloud/sample-app:1")), 202);
    String pid = out.get("processInstanceId");
    await().atMost(Duration.ofMinutes(3)).until(() -> "COMPLETED".equals(rest.get("/api/processes/" + pid).get("state")));

    // a CPU burner of the application's group "burn" on d1 (labelled like the platform's containers)
    burner = app + "-production-burn-0";
    docker(1, "run", "-d", "--name", burner, "--network", "none", "--memory", "32m",
        "--label", "org.elasticcloud.app=" + app, "--label", "org.elasticcloud.env=production",
        "--label", "org.elasticcloud.group=burn", "--label", "org.elasticcloud.container=" + burner,
        "ecloud/os:1", "sh", "-c", "while :; do :; done");

    // d3's agent reads a machine whose memory controller counts errors (a file tree the test controls)
    faultyMachine = Files.createTempDirectory("ecloud-faulty-sys-");
    Path mc = Files.createDirectories(faultyMachine.resolve("devices/system/edac/mc/mc0"));
    Files.writeString(mc.resolve("ce_count"), "0\n");
    Files.writeString(mc.resolve("ue_count"), "0\n");
    for (int i = 1; i <= 3; i++) {
      startAgent(i);
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (Process p : agents.values()) {
      p.destroy();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (burner != null) {
      docker(1, "rm", "-f", burner);
    }
    if (cluster != null) {
      cluster.close();
    }
    if (sms != null) {
      sms.close();
    }
    if (mail != null) {
      mail.stop();
    }
  }

  private void startAgent(int n) throws IOException {
    if (!Files.isRegularFile(AGENT_JAR)) {
      throw new IllegalStateException(AGENT_JAR + " is missing: the system tests run after `mvn package` of agent");
    }
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", AGENT_JAR.toString(),
        "--host=d" + n, "--docker=" + Cluster.env("ECLOUD_LAB_DOCKER_" + n), "--cgroup-parent=/lab-d" + n,
        "--zk-connect=" + cluster.zk.connectString(), "--zk-session-timeout=6s",
        "--platform=" + cluster.nodes.get(0).url(), "--user=" + Cluster.ADMIN,
        "--interval=2s", "--disk-interval=4s", "--kernel-log=" + cluster.dir.resolve("kern-d" + n + ".log")));
    if (n == 3) {
      cmd.add("--sys-root=" + faultyMachine);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(cluster.dir.resolve("agent-d" + n + ".log").toFile()));
    pb.environment().put("ECLOUD_AGENT_PASSWORD", Cluster.PASSWORD);
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    agents.put("d" + n, p);
  }

  private static void docker(int engine, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("docker", "-H", Cluster.env("ECLOUD_LAB_DOCKER_" + engine)));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || (p.exitValue() != 0 && !args[0].equals("rm"))) {
      throw new IllegalStateException(cmd + " failed: " + out);
    }
  }

  private List<Map<String, Object>> series(String query) {
    Instant now = Instant.now();
    return Rest.parse(rest.getRaw("/api/metrics/series?" + query + "&per=subject&step=PT10S&from="
        + now.minus(Duration.ofMinutes(10)) + "&to=" + now.plusSeconds(10)), new TypeReference<>() { });
  }

  private String hostState(String host) {
    return rest.get("/api/hosts/by-name/" + host).get("state");
  }

  private List<String> containerNames() throws Exception {
    return cluster.query("SELECT name FROM container WHERE host_id IS NOT NULL AND group_id = " + cluster.groups.get(app)
        + " AND name <> '" + app + "-production-g1-0'").stream()
        .map(r -> (String) r.get("name")).toList();
  }

  @Test
  @Order(1)
  void everyMetricOfEveryHostAndContainerReachesTheStore() throws Exception {
    List<String> containers = new ArrayList<>(containerNames());
    assertThat(containers).hasSize(3);
    containers.add(burner);
    // the agents ship every 2 s; on a loaded machine allow a few rounds for the first report
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      for (Metric m : Metric.values()) {
        for (String host : List.of("d1", "d2", "d3")) {
          assertThat(series("metric=" + m.wireName() + "&kind=host&host=" + host))
              .as("%s of host %s", m.wireName(), host).hasSize(1);
        }
        for (String c : containers) {
          assertThat(series("metric=" + m.wireName() + "&kind=container&container=" + c))
              .as("%s of container %s", m.wireName(), c).hasSize(1);
        }
      }
    });
    // every container is alive, and the application's aggregated series holds its three instances
    for (String c : containers) {
      List<List<Number>> samples = samples(series("metric=liveness&kind=container&container=" + c).get(0));
      assertThat(samples.get(samples.size() - 1).get(1).doubleValue()).as("liveness of %s", c).isEqualTo(1.0);
    }
    assertThat(series("metric=memory&kind=container&application=" + app + "&group=g1")).hasSize(3);
  }

  @SuppressWarnings("unchecked")
  private static List<List<Number>> samples(Map<String, Object> series) {
    return (List<List<Number>>) series.get("samples");
  }

  private List<MimeMessage> mailTo(String address) throws Exception {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
        out.add(m);
      }
    }
    return out;
  }

  @Test
  @Order(2)
  void aCpuAlertFiresOnceIsAcknowledgedAndResolves() throws Exception {
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("name", "cpu-burn");
    policy.put("metric", "cpu");
    policy.put("scope", "group");
    policy.put("aggregation", "avg");
    policy.put("environment", "production");
    policy.put("group", "burn");
    policy.put("comparator", ">");
    policy.put("threshold", 80);
    policy.put("hold", "PT1M");
    policy.put("clearAfter", "PT10S");
    policy.put("severity", "critical");
    policy.put("channels", List.of("email", "sms"));
    policy.put("recipients", Map.of("owner", true, "phones", List.of(PHONE)));
    policy.put("escalationAfter", "PT2M");
    policy.put("escalationRecipients", Map.of("emails", List.of(ESCALATION)));
    Cluster.check(rest.post("/api/applications/" + app + "/alert-policies", policy), 201);

    // the burner's CPU must hold above 80 % for a minute before anyone hears of it
    Map<String, Object> alert = await().atMost(Duration.ofMinutes(4)).until(() -> firing(), a -> a != null);
    await().atMost(Duration.ofSeconds(60)).until(() -> !mailTo("o@example.org").isEmpty() && !sms.messages().isEmpty());
    assertThat(mailTo("o@example.org")).hasSize(1);
    assertThat(mailTo("o@example.org").get(0).getSubject()).contains("cpu-burn");
    assertThat(sms.messages()).hasSize(1);
    assertThat(sms.messages().get(0).to()).isEqualTo(PHONE);

    String id = String.valueOf(alert.get("id"));
    // the SMS may arrive a moment before the notify step's transaction commits and the acknowledge
    // task exists: until then the API answers 409 "not notified yet, try again"
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Rest.Answer ack = rest.post("/api/alerts/" + id + "/acknowledge", Map.of());
      assertThat(ack.status()).as(ack.raw()).isIn(200, 409);
      return ack.status() == 200;
    });
    String processId = (String) rest.get("/api/alerts/" + id).get("processInstanceId");
    // acknowledged: the escalation timer is gone with the acknowledgement task
    await().atMost(Duration.ofSeconds(30)).until(() -> Rest.parse(rest.getRaw(
        "/engine-rest/job?timers=true&processInstanceId=" + processId), new TypeReference<List<Object>>() { }).isEmpty());
    assertThat((String) rest.get("/api/alerts/" + id).get("state")).isEqualTo("acknowledged");

    docker(1, "rm", "-f", burner);
    await().atMost(Duration.ofMinutes(2)).until(() -> "resolved".equals(rest.get("/api/alerts/" + id).get("state")));
    assertThat(mailTo(ESCALATION)).isEmpty();
    assertThat(mailTo("o@example.org")).hasSize(1);
    assertThat(sms.messages()).hasSize(1);
  }

  private Map<String, Object> firing() {
    List<Map<String, Object>> alerts = Rest.parse(rest.getRaw("/api/alerts?state=firing"), new TypeReference<>() { });
    return alerts.stream().filter(a -> app.equals(a.get("application"))).findFirst().orElse(null);
  }

  @Test
  @Order(3)
  void aLostAgentMakesItsHostSuspectButNeverDown() throws Exception {
    assertThat(hostState("d2")).isEqualTo("READY");
    Process agent = agents.get("d2");
    agent.destroy(); // SIGTERM: the agent leaves ZooKeeper at once
    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(30)).until(() -> "SUSPECT".equals(hostState("d2")));
    // its engine still answers: a partition, not a dead host, however long it lasts
    await().during(DOWN_AFTER.multipliedBy(3)).atMost(DOWN_AFTER.multipliedBy(4))
        .until(() -> "SUSPECT".equals(hostState("d2")));
    startAgent(2);
    await().atMost(Duration.ofSeconds(60)).until(() -> "READY".equals(hostState("d2")));
  }

  @Test
  @Order(4)
  void aRisingMemoryErrorCounterMakesItsHostFaulty() throws Exception {
    assertThat(hostState("d3")).isEqualTo("READY");
    Files.writeString(faultyMachine.resolve("devices/system/edac/mc/mc0/ce_count"), "7\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> "FAULTY".equals(hostState("d3")));
    assertThat(rest.getRaw("/api/hosts/" + rest.get("/api/hosts/by-name/d3").get("id") + "/health")).contains("edac");
  }
}
