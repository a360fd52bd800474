package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.elasticcloud.core.alerts.AlertPolicy;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.core.alerts.QuietHours;
import org.elasticcloud.core.alerts.Recipients;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.db.AlertStore.Alert;
import org.elasticcloud.db.AlertStore.Notification;
import org.elasticcloud.db.AlertStore.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What the alert store must do on every database the platform supports. */
abstract class AlertStoreContract {
  private static final Instant T0 = Instant.parse("2025-07-01T10:00:00Z");
  protected AlertStore store;
  private long appId;

  private DataSource dataSource;

  protected void useDataSource(DataSource ds) {
    dataSource = ds;
    JdbcClient jdbc = JdbcClient.create(ds);
    store = new AlertStore(jdbc);
    Inventory inventory = new Inventory(jdbc);
    long dept = inventory.departments.insert(new Department(null, "retail")).id();
    long owner = inventory.owners.insert(new Owner(null, "alice", "alice@example.org", dept)).id();
    appId = inventory.applications.insert(new Application(null, "cap", owner, null)).id();
  }

  private static AlertPolicy policy(String name) {
    return new AlertPolicy(null, "cap", name, "cpu", "instance", "max", "production", "v2", "dc1", ">=", 80.5,
        Duration.ofMinutes(1), Duration.ofMinutes(5), "critical", List.of("email", "sms"),
        new Recipients(true, true, List.of("oncall@example.org"), List.of("+4915112345678")), Duration.ofMinutes(15),
        new Recipients(false, false, List.of("boss@example.org"), List.of()),
        new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 30), "Europe/Berlin"), true);
  }

  @Test
  void aPolicy_comesBackAsItWasStored_andCanBeChangedAndDeleted() {
    AlertPolicy stored = store.insertPolicy(appId, policy("cpu-high"));
    assertThat(stored.id()).isNotNull();
    assertThat(store.findPolicy(stored.id())).contains(stored);
    assertThat(store.policiesOf(appId)).containsExactly(stored);

    AlertPolicy minimal = new AlertPolicy(stored.id(), "cap", "cpu-high", "memory", null, null, null, null, null, "<",
        1.0, Duration.ofSeconds(2), null, null, List.of("email"), Recipients.ofOwner(), null, null, null, false);
    assertThat(store.updatePolicy(minimal)).isTrue();
    assertThat(store.findPolicy(stored.id())).contains(minimal);
    assertThat(store.enabledPolicies()).isEmpty();

    assertThat(store.deletePolicy(stored.id())).isTrue();
    assertThat(store.findPolicy(stored.id())).isEmpty();
    assertThat(store.deletePolicy(stored.id())).isFalse();
  }

  @Test
  void policyNames_areUniqueWithinTheApplication() {
    store.insertPolicy(appId, policy("cpu-high"));
    assertThatThrownBy(() -> store.insertPolicy(appId, policy("cpu-high"))).isInstanceOf(DuplicateKeyException.class);
    assertThat(store.enabledPolicies()).hasSize(1);
  }

  @Test
  void anAlert_goesPendingFiringAcknowledgedResolved_andItsKeyIsFreeAfter() {
    AlertPolicy p = store.insertPolicy(appId, policy("cpu-high"));
    long id = store.recordPending(p, "cap-production-v2-0", "max cpu >= 80.5: 90.0", 90.0, T0);
    assertThat(store.openAlerts(p.id())).containsOnlyKeys("cap-production-v2-0");

    long fired = store.recordFiring(p, "cap-production-v2-0", "max cpu >= 80.5: 95.0", 95.0, T0.plusSeconds(60));
    assertThat(fired).isEqualTo(id);
    store.setProcessInstance(id, "pi-1");
    Alert a = store.find(id).orElseThrow();
    assertThat(a.state()).isEqualTo(AlertState.FIRING);
    assertThat(a.key()).isEqualTo("alert:cap:cpu-high:cap-production-v2-0");
    assertThat(a.pendingSince()).isEqualTo(T0);
    assertThat(a.firedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(a.value()).isEqualTo(95.0);
    assertThat(a.severity()).isEqualTo("critical");
    assertThat(a.processInstanceId()).isEqualTo("pi-1");

    store.markAcknowledged(id, "bob", T0.plusSeconds(90));
    store.markAcknowledged(id, "carol", T0.plusSeconds(95));
    a = store.find(id).orElseThrow();
    assertThat(a.state()).isEqualTo(AlertState.ACKNOWLEDGED);
    assertThat(a.acknowledgedBy()).isEqualTo("bob");

    store.markResolved(id, "the condition has been false since ...", T0.plusSeconds(400));
    store.markResolved(id, "again", T0.plusSeconds(500));
    a = store.find(id).orElseThrow();
    assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(a.resolvedAt()).isEqualTo(T0.plusSeconds(400));
    assertThat(a.resolution()).startsWith("the condition");
    assertThat(store.openAlerts(p.id())).isEmpty();

    long next = store.recordFiring(p, "cap-production-v2-0", "again", 99.0, T0.plusSeconds(900));
    assertThat(next).isNotEqualTo(id);
    assertThat(store.list(null, "cap", 10)).extracting(Alert::id).containsExactly(next, id);
    assertThat(store.list(AlertState.RESOLVED, null, 10)).extracting(Alert::id).containsExactly(id);
  }

  @Test
  void aPendingAlert_isForgottenWhenCancelled_butAFiringOneIsNot() {
    AlertPolicy p = store.insertPolicy(appId, policy("cpu-high"));
    long pending = store.recordPending(p, "c0", "s", 90.0, T0);
    store.cancelPending(pending);
    assertThat(store.find(pending)).isEmpty();

    long firing = store.recordFiring(p, "c1", "s", 90.0, T0);
    store.cancelPending(firing);
    assertThat(store.find(firing)).isPresent();
  }

  @Test
  void onlyOneOpenAlertPerKey() {
    AlertPolicy p = store.insertPolicy(appId, policy("cpu-high"));
    store.recordPending(p, "c0", "s", 90.0, T0);
    assertThatThrownBy(() -> store.recordPending(p, "c0", "s", 90.0, T0)).isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void unnotifiedAlerts_ofAnApplication_untilANotificationCoversThem() {
    AlertPolicy p = store.insertPolicy(appId, policy("cpu-high"));
    long a = store.recordFiring(p, "c0", "s", 90.0, T0.plusSeconds(2));
    long b = store.recordFiring(p, "c1", "s", 90.0, T0.plusSeconds(1));
    store.recordPending(p, "c2", "s", 90.0, T0);
    assertThat(store.unnotified("cap")).extracting(Alert::id).containsExactly(b, a);
    assertThat(store.unnotified("other")).isEmpty();

    store.markNotified(List.of(a), T0.plusSeconds(30));
    store.markNotified(List.of(a, b), T0.plusSeconds(40));
    assertThat(store.unnotified("cap")).isEmpty();
    assertThat(store.find(a).orElseThrow().notifiedAt()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void theNotificationLog_countsWhatWasSentPerRecipientWithinAWindow() {
    AlertPolicy p = store.insertPolicy(appId, policy("cpu-high"));
    long a = store.recordFiring(p, "c0", "s", 90.0, T0);
    long b = store.recordFiring(p, "c1", "s", 90.0, T0);
    store.log(a, "cap", "FIRING", "email", "alice@example.org", Outcome.SENT, List.of(a, b), "subject", null, T0);
    store.log(a, "cap", "FIRING", "sms", "+4915112345678", Outcome.SENT, List.of(a, b), "subject", null, T0);
    store.log(a, "cap", "FIRING", "email", "alice@example.org", Outcome.RATE_LIMITED, List.of(a), "s", null,
        T0.plusSeconds(10));
    store.log(b, "cap", "ESCALATION", "email", "alice@example.org", Outcome.SENT, List.of(b), "s", null,
        T0.plusSeconds(3600));

    assertThat(store.sentSince("email", "alice@example.org", T0)).isEqualTo(2);
    assertThat(store.sentSince("email", "alice@example.org", T0.plusSeconds(1))).isEqualTo(1);
    assertThat(store.sentSince("sms", "+4915112345678", T0.minus(1, ChronoUnit.HOURS))).isEqualTo(1);
    assertThat(store.sentSince("sms", "alice@example.org", T0)).isZero();

    assertThat(store.notifications(b)).extracting(Notification::kind, Notification::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple("FIRING", Outcome.SENT), org.assertj.core.groups.Tuple.tuple("FIRING", Outcome.SENT),
        org.assertj.core.groups.Tuple.tuple("ESCALATION", Outcome.SENT));
    assertThat(store.notifications(a)).hasSize(3);
  }

  @Test
  void notificationsOfOneApplication_takeTurns_otherApplicationsDoNot() throws Exception {
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    CountDownLatch firstHolds = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicBoolean secondHolds = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = threads.submit(() -> tx.executeWithoutResult(s -> {
        store.lockNotifications("cap");
        firstHolds.countDown();
        try {
          releaseFirst.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();
      // another application is not held up
      tx.executeWithoutResult(s -> store.lockNotifications("web"));

      Future<?> second = threads.submit(() -> tx.executeWithoutResult(s -> {
        store.lockNotifications("cap");
        secondHolds.set(true);
      }));
      await().during(Duration.ofMillis(400)).atMost(Duration.ofMillis(800)).untilFalse(secondHolds);
      releaseFirst.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      assertThat(secondHolds).isTrue();
    } finally {
      releaseFirst.countDown();
      threads.shutdownNow();
    }
  }
}
