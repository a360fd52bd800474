package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.lease.OperationQueueWatch;
import org.elasticcloud.webapp.cluster.OrphanJobRelease;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operation queue inside one node, on the real in-process ZooKeeper: a waiting operation is
 * woken as soon as the one ahead leaves (not at its 10 s safety-net timer), a ticket of an
 * operation that no longer exists is swept, and a job locked by a node that is gone is handed back.
 */
// Its own application (database and ZooKeeper in its own directory): sharing ApiTestBase's database
// with another ZooKeeper would make two "clusters" that take each other's job locks for dead nodes.
// Housekeeping would sweep this test's hand-made tickets (they name no process): the test runs it itself.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "ecloud.admin.user=admin", "ecloud.admin.password=queue-test-secret", "ecloud.cluster.housekeeping-interval=1h"})
class OperationQueueTest {
  @Autowired
  TestRestTemplate anonymous;
  @Autowired
  OperationQueue queue;
  @Autowired
  OperationQueueWatch watch;
  @Autowired
  OrphanJobRelease orphans;
  @Autowired
  RuntimeService runtime;
  @Autowired
  ManagementService management;
  @Autowired
  DataSource dataSource;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws java.io.IOException {
    String dir = java.nio.file.Files.createTempDirectory("ecloud-queue-test-").toString();
    registry.add("ecloud.data-dir", () -> dir);
  }

  private TestRestTemplate admin() {
    return anonymous.withBasicAuth("admin", "queue-test-secret");
  }

  private ProcessInstance waitForLease(String app) {
    return runtime.startProcessInstanceByKey(ApplicationLease.PROCESS_ID, Map.of(Vars.APPLICATION, app,
        Vars.OPERATION_ID, "op-" + UUID.randomUUID(), Vars.OPERATION_DESCRIPTION, "a test operation"));
  }

  @Test
  void aWaitingOperationIsWokenWhenTheOneAheadLeaves() {
    String app = "qa" + UUID.randomUUID().toString().substring(0, 6);
    String ahead = "ahead-" + app;
    queue.enqueue(app, ahead, "the operation ahead");
    ProcessInstance waiting = waitForLease(app);
    await().atMost(Duration.ofSeconds(10)).until(() -> runtime.getActiveActivityIds(waiting.getId())
        .contains(ApplicationLease.GATEWAY_WAIT));
    assertThat((String) runtime.getVariable(waiting.getId(), Vars.WAITING_FOR)).contains(ahead)
        .contains("the operation ahead");
    ResponseEntity<Map> ops = admin().getForEntity("/api/operations", Map.class);
    assertThat(ops.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((List<Map<String, Object>>) ops.getBody().get(app)).extracting(t -> t.get("state"))
        .containsExactly("HOLDS_LEASE", "WAITING");

    Instant released = Instant.now();
    queue.release(app, ahead);
    await().atMost(Duration.ofSeconds(8)).until(() -> runtime.createProcessInstanceQuery()
        .processInstanceId(waiting.getId()).count() == 0);
    assertThat(Duration.between(released, Instant.now())).as("woken, not found by the 10 s timer")
        .isLessThan(Duration.ofSeconds(8));
    assertThat(queue.head(app)).isPresent(); // it holds the lease now, until its operation ends
  }

  @Test
  void aTicketOfAnOperationThatNoLongerExistsIsSwept() {
    String app = "qb" + UUID.randomUUID().toString().substring(0, 6);
    queue.enqueue(app, "deleted-long-ago", "an operation deleted without its listeners");
    assertThat(watch.sweep()).isGreaterThanOrEqualTo(1);
    assertThat(queue.queue(app)).isEmpty();
  }

  @Test
  void aJobLockedByANodeThatIsGoneIsHandedBack() {
    String app = "qc" + UUID.randomUUID().toString().substring(0, 6);
    queue.enqueue(app, "ahead-" + app, "keeps the other waiting on its timer");
    ProcessInstance waiting = waitForLease(app);
    await().atMost(Duration.ofSeconds(10)).until(() -> management.createJobQuery().processInstanceId(waiting.getId())
        .timers().count() == 1);
    Job timer = management.createJobQuery().processInstanceId(waiting.getId()).timers().singleResult();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    // as if a node that has since died had acquired it
    jdbc.update("UPDATE ACT_RU_JOB SET LOCK_OWNER_ = ?, LOCK_EXP_TIME_ = ? WHERE ID_ = ?", "gone-node@1",
        Timestamp.from(Instant.now().plusSeconds(300)), timer.getId());

    assertThat(orphans.releaseOrphans()).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT LOCK_OWNER_ FROM ACT_RU_JOB WHERE ID_ = ?", String.class, timer.getId()))
        .isNull();
    assertThat(orphans.releaseOrphans()).isZero();
    runtime.deleteProcessInstance(waiting.getId(), "test over");
    queue.release(app, "ahead-" + app);
  }
}
