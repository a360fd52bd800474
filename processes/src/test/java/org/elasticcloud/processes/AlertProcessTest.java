package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.core.alerts.MutableClock;
import org.elasticcloud.core.alerts.NotificationGate;
import org.elasticcloud.core.alerts.QuietHours;
import org.elasticcloud.core.alerts.Recipients;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.db.AlertStore.Notification;
import org.elasticcloud.db.AlertStore.Outcome;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.Migrations;
import org.elasticcloud.delegates.ProcessNames.Alert;
import org.elasticcloud.delegates.alerts.AlertNotifications;
import org.elasticcloud.delegates.alerts.AlertProcessStart;
import org.elasticcloud.delegates.alerts.AlertSettings;
import org.elasticcloud.delegates.alerts.EscalateAlertDelegate;
import org.elasticcloud.delegates.alerts.NotifyAlertDelegate;
import org.elasticcloud.delegates.alerts.RecordAlertAcknowledgedDelegate;
import org.elasticcloud.delegates.alerts.RecordAlertResolvedDelegate;
import org.elasticcloud.integrations.notify.HttpSmsGateway;
import org.elasticcloud.integrations.notify.SmsRecorder;
import org.elasticcloud.integrations.notify.SmtpMailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * AlertProcess in an in-memory engine with the real delegates over an H2 platform database, sending
 * through the real adapters to a real SMTP server (GreenMail) and a real local SMS endpoint (the
 * SmsRecorder). Jobs and timers are run by the test.
 */
@Deployment(resources = "bpmn/AlertProcess.bpmn")
class AlertProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)
      .dynamicPort()).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

  private static final Instant T0 = Instant.parse("2025-07-01T10:00:00Z");
  private static final String PHONE = "+4915112345678";

  ProcessEngine engine;
  private final MutableClock clock = new MutableClock(T0);
  private SmsRecorder sms;
  private AlertStore store;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Migrations.migrate(ds);
    JdbcClient jdbc = JdbcClient.create(ds);
    Inventory inventory = new Inventory(jdbc);
    long dept = inventory.departments.insert(new Department(null, "retail")).id();
    long owner = inventory.owners.insert(new Owner(null, "alice", "alice@example.org", dept)).id();
    inventory.owners.insert(new Owner(null, "dora", "dora@example.org", dept));
    inventory.applications.insert(new Application(null, "cap", owner, null));
    store = new AlertStore(jdbc);
    sms = SmsRecorder.start(0, null);
    AlertSettings settings = new AlertSettings(new NotificationGate.Settings(Duration.ofSeconds(30), 5, Duration.ofHours(1)));
    AlertNotifications notifications = new AlertNotifications(store, inventory, settings,
        new SmtpMailer(SmtpMailer.plainSmtp("127.0.0.1", smtp.getSmtp().getPort(), 5000), "ecloud@example.org"),
        new HttpSmsGateway(sms.url(), null, Duration.ofSeconds(5)), clock);
    Mocks.register(Alert.SETTINGS_BEAN, settings);
    Mocks.register("notifyAlertDelegate", new NotifyAlertDelegate(notifications));
    Mocks.register("escalateAlertDelegate", new EscalateAlertDelegate(notifications));
    Mocks.register("recordAlertAcknowledgedDelegate", new RecordAlertAcknowledgedDelegate(store, clock));
    Mocks.register("recordAlertResolvedDelegate", new RecordAlertResolvedDelegate(store, notifications, clock));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    sms.close();
  }

  // ---- fixtures

  private AlertPolicy policy(String name, String scope, String severity, QuietHours quiet) {
    long appId = 1L;
    return store.insertPolicy(appId, new AlertPolicy(null, "cap", name, "cpu", scope, "avg", "production", "v2", null,
        ">", 80.0, Duration.ofMinutes(1), null, severity, List.of("email", "sms"),
        new Recipients(true, false, null, List.of(PHONE)), Duration.ofMinutes(15),
        new Recipients(false, true, null, null), quiet, true).validated());
  }

  private AlertPolicy groupPolicy() {
    return policy("cpu-high", "group", "critical", null);
  }

  /** What the evaluator does when an alert fires: records it and starts its process. */
  private ProcessInstance fire(AlertPolicy p, String subject) {
    long id = store.recordFiring(p, subject, p.condition() + ": 93.0", 93.0, clock.instant());
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(Alert.PROCESS_ID,
        AlertProcessStart.businessKey(p, subject), AlertProcessStart.variables(p, id, subject));
    store.setProcessInstance(id, pi.getId());
    return pi;
  }

  private long alertId(ProcessInstance pi) {
    // from history: it outlives the process
    return ((Number) engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(Alert.VAR_ALERT_ID).singleResult().getValue()).longValue();
  }

  private Job job(ProcessInstance pi, String activityId) {
    return engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).activityId(activityId)
        .singleResult();
  }

  private void run(ProcessInstance pi, String activityId) {
    Job j = job(pi, activityId);
    assertThat(j).as("a job at " + activityId).isNotNull();
    engine.getManagementService().executeJob(j.getId());
  }

  /** From fired to waiting for acknowledgement: the grouping window passes, the notification goes out. */
  private void notifyNow(ProcessInstance pi) {
    run(pi, Alert.TIMER_GROUPING);
    run(pi, Alert.TASK_NOTIFY);
  }

  private void resolve(ProcessInstance pi, String why) {
    engine.getRuntimeService().createMessageCorrelation(Alert.MESSAGE_RESOLVED).processInstanceId(pi.getId())
        .setVariable(Alert.VAR_RESOLUTION, why).correlateWithResult();
  }

  private void acknowledge(ProcessInstance pi, String who) {
    Task t = BpmnAwareTests.task(Alert.TASK_ACKNOWLEDGE, pi);
    engine.getTaskService().complete(t.getId(), Map.of(Alert.VAR_ACKNOWLEDGED_BY, who));
  }

  private List<String> mailsTo() {
    List<String> out = new ArrayList<>();
    try {
      for (GreenMailUser user : smtp.getUserManager().listUser()) {
        for (StoredMessage m : smtp.getManagers().getImapHostManager().getInbox(user).getMessages()) {
          MimeMessage mime = m.getMimeMessage();
          out.add(user.getEmail() + " " + mime.getSubject());
        }
      }
    } catch (FolderException | MessagingException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private String mailText(String to) {
    try {
      for (GreenMailUser user : smtp.getUserManager().listUser()) {
        if (user.getEmail().equals(to)) {
          return String.valueOf(smtp.getManagers().getImapHostManager().getInbox(user).getMessages().get(0)
              .getMimeMessage().getContent());
        }
      }
    } catch (FolderException | MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
    return null;
  }

  // ---- paths

  @Test
  void fired_notified_acknowledged_resolved() {
    AlertPolicy p = groupPolicy();
    ProcessInstance pi = fire(p, p.groupSubject());
    assertThat(pi.getBusinessKey()).isEqualTo("alert:cap:cpu-high:production/v2/*");
    assertThat(pi).isWaitingAt(Alert.TIMER_GROUPING);
    assertThat(mailsTo()).isEmpty();

    notifyNow(pi);

    assertThat(pi).isWaitingAt(Alert.TASK_ACKNOWLEDGE);
    assertThat(mailsTo()).containsExactly("alice@example.org [ecloud] CRITICAL cap: alert cpu-high on production/v2/*");
    assertThat(mailText("alice@example.org")).contains("avg cpu > 80.0 for PT1M: 93.0");
    assertThat(sms.messages()).extracting(SmsRecorder.Sms::to).containsExactly(PHONE);
    long id = alertId(pi);
    assertThat(store.find(id).orElseThrow().notifiedAt()).isEqualTo(T0);
    Task task = BpmnAwareTests.task(Alert.TASK_ACKNOWLEDGE, pi);
    assertThat(engine.getTaskService().getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
        .containsExactlyInAnyOrder("camunda-admin", "alert-responders", "owners-cap");
    assertThat(task.getDescription()).contains("cpu-high on production/v2/*");

    clock.advance(Duration.ofMinutes(3));
    acknowledge(pi, "bob");

    assertThat(pi).isWaitingAt(Alert.CATCH_RESOLVED).hasPassed(Alert.END_ACKNOWLEDGED);
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count())
        .as("no escalation timer after the acknowledgement").isZero();
    AlertStore.Alert acked = store.find(id).orElseThrow();
    assertThat(acked.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(acked.acknowledgedBy()).isEqualTo("bob");
    assertThat(acked.acknowledgedAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));

    clock.advance(Duration.ofMinutes(10));
    resolve(pi, "the condition has been false since 10:12");

    assertThat(pi).isEnded().hasPassed(Alert.CATCH_RESOLVED, Alert.END_RESOLVED);
    AlertStore.Alert resolved = store.find(id).orElseThrow();
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.resolution()).isEqualTo("the condition has been false since 10:12");
    assertThat(resolved.resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(13)));
    assertThat(mailsTo()).hasSize(1);
  }

  @Test
  void notAcknowledged_escalatesEveryPeriod_untilAcknowledged() {
    AlertPolicy p = groupPolicy();
    ProcessInstance pi = fire(p, p.groupSubject());
    notifyNow(pi);
    Job timer = job(pi, Alert.BOUNDARY_ESCALATE);
    assertThat(timer.getDuedate().toInstant()).isAfter(Instant.now().plus(Duration.ofMinutes(14)));

    run(pi, Alert.BOUNDARY_ESCALATE);
    assertThat(pi).isWaitingAt(Alert.TASK_ACKNOWLEDGE, Alert.TASK_ESCALATE);
    run(pi, Alert.TASK_ESCALATE);

    // the department's owners are the escalation recipients; the user task stays
    assertThat(mailsTo()).filteredOn(m -> m.contains("ESCALATED")).containsExactlyInAnyOrder(
        "alice@example.org [ecloud] CRITICAL cap: ESCALATED, not acknowledged cpu-high on production/v2/*",
        "dora@example.org [ecloud] CRITICAL cap: ESCALATED, not acknowledged cpu-high on production/v2/*");
    assertThat(pi).isWaitingAt(Alert.TASK_ACKNOWLEDGE).hasPassed(Alert.END_ESCALATED);

    run(pi, Alert.BOUNDARY_ESCALATE);
    run(pi, Alert.TASK_ESCALATE);
    assertThat(mailsTo()).filteredOn(m -> m.contains("ESCALATED")).hasSize(4);
    assertThat(store.notifications(alertId(pi))).filteredOn(n -> n.kind().equals("ESCALATION")).hasSize(4);

    acknowledge(pi, "dora");
    assertThat(pi).isWaitingAt(Alert.CATCH_RESOLVED);
    assertThat(job(pi, Alert.BOUNDARY_ESCALATE)).isNull();
    resolve(pi, "cleared");
    assertThat(pi).isEnded();
  }

  @Test
  void anAcknowledgement_stopsAnEscalationInFlight() {
    AlertPolicy p = groupPolicy();
    ProcessInstance pi = fire(p, p.groupSubject());
    notifyNow(pi);
    run(pi, Alert.BOUNDARY_ESCALATE);
    assertThat(job(pi, Alert.TASK_ESCALATE)).isNotNull();

    acknowledge(pi, "bob");

    assertThat(job(pi, Alert.TASK_ESCALATE)).isNull();
    assertThat(pi).isWaitingAt(Alert.CATCH_RESOLVED);
    assertThat(mailsTo()).noneMatch(m -> m.contains("ESCALATED"));
  }

  @Test
  void resolvedBeforeAcknowledged_endsTheAlertWithoutAcknowledgement() {
    AlertPolicy p = groupPolicy();
    ProcessInstance pi = fire(p, p.groupSubject());
    notifyNow(pi);

    resolve(pi, "the condition has been false since 10:02");

    assertThat(pi).isEnded().hasPassed(Alert.BOUNDARY_RESOLVED, Alert.END_RESOLVED)
        .hasNotPassed(Alert.TASK_RECORD_ACKNOWLEDGED);
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(pi.getId()).count()).isZero();
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).count()).isZero();
    AlertStore.Alert a = store.find(alertId(pi)).orElseThrow();
    assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(a.acknowledgedAt()).isNull();
  }

  @Test
  void resolvedWithinTheGroupingWindow_isNeverNotified_andLoggedAsDropped() {
    AlertPolicy p = groupPolicy();
    ProcessInstance pi = fire(p, p.groupSubject());

    resolve(pi, "flapped");

    assertThat(pi).isEnded().hasNotPassed(Alert.TASK_NOTIFY);
    assertThat(mailsTo()).isEmpty();
    assertThat(sms.messages()).isEmpty();
    assertThat(store.notifications(alertId(pi))).extracting(Notification::outcome).containsExactly(Outcome.DROPPED);
  }

  @Test
  void aStormOfOneApplication_goesOutOnce_perRecipient() {
    AlertPolicy p = policy("cpu-each", "instance", "warning", null);
    ProcessInstance first = fire(p, "cap-production-v2-0");
    clock.advance(Duration.ofSeconds(5));
    ProcessInstance second = fire(p, "cap-production-v2-1");
    ProcessInstance third = fire(p, "cap-production-v2-2");

    clock.advance(Duration.ofSeconds(25));
    notifyNow(first);
    clock.advance(Duration.ofSeconds(5));
    notifyNow(second);
    notifyNow(third);

    assertThat(mailsTo()).containsExactly("alice@example.org [ecloud] WARNING cap: 3 alerts");
    assertThat(mailText("alice@example.org")).contains("cap-production-v2-0", "cap-production-v2-1", "cap-production-v2-2");
    assertThat(sms.messages()).hasSize(1);
    assertThat(sms.messages().get(0).text()).contains("3 alerts");
    for (ProcessInstance pi : List.of(first, second, third)) {
      assertThat(pi).isWaitingAt(Alert.TASK_ACKNOWLEDGE);
      assertThat(store.find(alertId(pi)).orElseThrow().notifiedAt()).isEqualTo(T0.plusSeconds(30));
    }
  }

  @Test
  void quietHours_holdAWarningUntilTheyEnd_thenItGoesOut() {
    // 10:00 UTC is inside 09:00-12:00 UTC
    AlertPolicy p = policy("cpu-quiet", "group", "warning", new QuietHours(LocalTime.of(9, 0), LocalTime.of(12, 0), "UTC"));
    ProcessInstance pi = fire(p, p.groupSubject());
    notifyNow(pi);

    assertThat(pi).isWaitingAt(Alert.TIMER_QUIET_END);
    assertThat(job(pi, Alert.TIMER_QUIET_END).getDuedate().toInstant()).isEqualTo(Instant.parse("2025-07-01T12:00:00Z"));
    assertThat(mailsTo()).isEmpty();
    assertThat(sms.messages()).isEmpty();
    assertThat(store.notifications(alertId(pi))).extracting(Notification::outcome).containsExactly(Outcome.HELD);

    clock.set(Instant.parse("2025-07-01T12:00:00Z"));
    run(pi, Alert.TIMER_QUIET_END);
    run(pi, Alert.TASK_NOTIFY);

    assertThat(pi).isWaitingAt(Alert.TASK_ACKNOWLEDGE);
    assertThat(mailsTo()).hasSize(1);
    assertThat(sms.messages()).hasSize(1);
  }

  @Test
  void quietHours_aHeldWarningResolvedBeforeTheyEnd_isDropped() {
    AlertPolicy p = policy("cpu-quiet", "group", "warning", new QuietHours(LocalTime.of(9, 0), LocalTime.of(12, 0), "UTC"));
    ProcessInstance pi = fire(p, p.groupSubject());
    notifyNow(pi);
    assertThat(pi).isWaitingAt(Alert.TIMER_QUIET_END);

    resolve(pi, "cleared at 11:00");

    assertThat(pi).isEnded();
    assertThat(mailsTo()).isEmpty();
    assertThat(store.notifications(alertId(pi))).extracting(Notification::outcome)
        .containsExactly(Outcome.HELD, Outcome.DROPPED);
  }

  @Test
  void quietHours_doNotHoldACriticalAlert() {
    AlertPolicy p = policy("cpu-quiet", "group", "critical", new QuietHours(LocalTime.of(9, 0), LocalTime.of(12, 0), "UTC"));
    ProcessInstance pi = fire(p, p.groupSubject());
    notifyNow(pi);
    assertThat(pi).isWaitingAt(Alert.TASK_ACKNOWLEDGE);
    assertThat(mailsTo()).hasSize(1);
  }

  @Test
  void aFailingNotifier_isRetried_thenAnIncident_andAnOperatorsRetryDeliversIt() {
    AlertPolicy p = groupPolicy();
    ProcessInstance pi = fire(p, p.groupSubject());
    run(pi, Alert.TIMER_GROUPING);
    sms.failNext(503, 100);

    int attempts = 0;
    while (engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).count() == 0) {
      Job j = job(pi, Alert.TASK_NOTIFY);
      assertThatThrownBy(() -> engine.getManagementService().executeJob(j.getId()))
          .hasMessageContaining("ECP-SMS-001").hasMessageContaining("503");
      attempts++;
      assertThat(attempts).as("retries run out").isLessThanOrEqualTo(10);
    }
    // the engine's back-off (PT2S,PT10S,PT30S): the first try and three retries
    assertThat(attempts).isEqualTo(4);
    Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(incident.getActivityId()).isEqualTo(Alert.TASK_NOTIFY);
    assertThat(incident.getIncidentMessage()).contains("ECP-SMS-001");
    assertThat(sms.messages()).isEmpty();
    assertThat(store.find(alertId(pi)).orElseThrow().notifiedAt()).isNull();

    // the gateway is back; an operator retries the job (Cockpit: "Increment retries")
    sms.failNext(0, 0);
    Job failed = job(pi, Alert.TASK_NOTIFY);
    engine.getManagementService().setJobRetries(failed.getId(), 1);
    engine.getManagementService().executeJob(failed.getId());

    assertThat(pi).isWaitingAt(Alert.TASK_ACKNOWLEDGE);
    assertThat(sms.messages()).extracting(SmsRecorder.Sms::to).containsExactly(PHONE);
    assertThat(store.find(alertId(pi)).orElseThrow().notifiedAt()).isNotNull();
  }
}
