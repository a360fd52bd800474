package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import java.time.Duration;
import java.util.UUID;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.Migrations;
import org.elasticcloud.delegates.HostVariables;
import org.elasticcloud.delegates.MarkHostReadyDelegate;
import org.elasticcloud.delegates.PingEngineDelegate;
import org.elasticcloud.delegates.ProcessNames.RegisterHost;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.RecordHostDelegate;
import org.elasticcloud.delegates.ValidateHostDelegate;
import org.elasticcloud.integrations.docker.DockerContainerRuntime;
import org.elasticcloud.integrations.docker.DockerEngines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * RegisterHostProcess in an in-memory engine with the real delegates, a real H2 inventory and the
 * real Docker adapter talking to a lab engine ({@code ECLOUD_LAB_DOCKER_1}, set by lab/test.sh).
 */
@Deployment(resources = "bpmn/RegisterHostProcess.bpmn")
class RegisterHostProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private Inventory inventory;
  private DockerEngines engines;
  private long switchId;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Migrations.migrate(ds);
    inventory = new Inventory(JdbcClient.create(ds));
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc1", null)).id();
    switchId = inventory.switches.insert(new NetworkSwitch(null, dc, "sw1")).id();
    engines = new DockerEngines(Duration.ofSeconds(2), Duration.ofSeconds(10));
    Mocks.register("validateHostDelegate", new ValidateHostDelegate(inventory));
    Mocks.register("recordHostDelegate", new RecordHostDelegate(inventory));
    Mocks.register("pingEngineDelegate", new PingEngineDelegate(inventory, new DockerContainerRuntime(engines)));
    Mocks.register("markHostReadyDelegate", new MarkHostReadyDelegate(inventory));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    engines.close();
  }

  private static String labEngine() {
    String endpoint = System.getenv("ECLOUD_LAB_DOCKER_1");
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_DOCKER_1 is not set: run the tests with lab/test.sh, "
          + "which starts the lab's Docker engines");
    }
    return endpoint;
  }

  private ProcessInstance start(Host host) {
    return engine.getRuntimeService().startProcessInstanceByKey(RegisterHost.PROCESS_ID, host.name(),
        HostVariables.of(host));
  }

  private Host host(String name, int cores, String endpoint) {
    return new Host(null, switchId, name, cores, 65536L, 500L, endpoint, null);
  }

  @Test
  void reachableEngine_hostBecomesReady() {
    ProcessInstance pi = start(host("h1", 16, labEngine()));

    assertThat(pi).isWaitingAt(RegisterHost.TASK_RECORD);
    BpmnAwareTests.execute(job(pi));
    Host recorded = inventory.hosts.findOneBy("name", "h1").orElseThrow();
    assertThat(recorded.state()).isEqualTo(HostState.REGISTERING);

    assertThat(pi).isWaitingAt(RegisterHost.TASK_PING);
    BpmnAwareTests.execute(job(pi));
    assertThat(pi).isWaitingAt(RegisterHost.TASK_MARK_READY);
    assertThat(pi).variables().containsKey(Vars.ENGINE_VERSION);
    assertThat((Integer) engine.getRuntimeService().getVariable(pi.getId(), Vars.ENGINE_CPUS)).isPositive();
    BpmnAwareTests.execute(job(pi));

    assertThat(pi).isEnded().hasPassed(RegisterHost.END_READY);
    assertThat(inventory.hosts.find(recorded.id()).orElseThrow().state()).isEqualTo(HostState.READY);
  }

  @Test
  void invalidData_endsRejectedAndRecordsNothing() {
    ProcessInstance pi = start(host("h2", -4, "ftp://nowhere"));

    assertThat(pi).isEnded().hasPassed(RegisterHost.END_REJECTED).hasNotPassed(RegisterHost.TASK_RECORD);
    String reason = (String) engine.getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(pi.getId()).variableName(Vars.REJECTION_REASON).singleResult().getValue();
    assertThat(reason).contains("cores").contains("engineEndpoint");
    assertThat(inventory.hosts.count()).isZero();
  }

  @Test
  void unknownSwitch_endsRejected() {
    Host host = new Host(null, switchId + 99, "h3", 8, 16384L, 100L, "unix:///run/x.sock", null);
    ProcessInstance pi = start(host);

    assertThat(pi).isEnded().hasPassed(RegisterHost.END_REJECTED);
    assertThat(inventory.hosts.count()).isZero();
  }

  @Test
  void unreachableEngine_retriesThenRaisesIncidentAtPing() {
    ProcessInstance pi = start(host("h4", 8, "unix:///nonexistent/ecloud-test/docker.sock"));
    BpmnAwareTests.execute(job(pi)); // record
    ManagementService management = engine.getManagementService();

    // the engine-wide cycle PT2S,PT10S,PT30S (camunda.cfg.xml): the first attempt and three retries
    for (int attempt = 4; attempt >= 1; attempt--) {
      Job ping = management.createJobQuery().processInstanceId(pi.getId()).singleResult();
      assertThat(ping.getRetries()).isEqualTo(attempt);
      assertThatThrownBy(() -> management.executeJob(ping.getId()))
          .hasMessageContaining("ECP-DOCKER-001");
    }

    Job exhausted = management.createJobQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(exhausted.getRetries()).isZero();
    Incident incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(pi.getId()).singleResult();
    assertThat(incident).isNotNull();
    assertThat(incident.getActivityId()).isEqualTo(RegisterHost.TASK_PING);
    assertThat(incident.getIncidentMessage()).contains("unreachable");
    assertThat(pi).isNotEnded();
    assertThat(inventory.hosts.findOneBy("name", "h4").orElseThrow().state()).isEqualTo(HostState.REGISTERING);
  }

  @Test
  void retryingTheRecordStepCreatesNoSecondHost() {
    ProcessInstance first = start(host("h5", 8, labEngine()));
    ProcessInstance second = start(host("h5", 8, labEngine()));
    BpmnAwareTests.execute(engine.getManagementService().createJobQuery().processInstanceId(first.getId()).singleResult());
    BpmnAwareTests.execute(engine.getManagementService().createJobQuery().processInstanceId(second.getId()).singleResult());

    assertThat(inventory.hosts.count()).isEqualTo(1);
    assertThat(engine.getRuntimeService().getVariable(first.getId(), Vars.HOST_ID))
        .isEqualTo(engine.getRuntimeService().getVariable(second.getId(), Vars.HOST_ID));
  }
}
