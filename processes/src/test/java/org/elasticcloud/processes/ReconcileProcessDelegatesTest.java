package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.port.ObservationRegistry.Monitoring;
import org.elasticcloud.core.reconcile.BusyApplications;
import org.elasticcloud.core.reconcile.DriftKind;
import org.elasticcloud.core.reconcile.FakeWorld;
import org.elasticcloud.core.reconcile.RepairOutcome;
import org.elasticcloud.core.reconcile.ResourceType;
import org.elasticcloud.core.reconcile.Subnet;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.Migrations;
import org.elasticcloud.db.ReconciliationStore;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.delegates.ProcessNames.Reconcile;
import org.elasticcloud.delegates.reconcile.DetectDriftDelegate;
import org.elasticcloud.delegates.reconcile.InventoryViews;
import org.elasticcloud.delegates.reconcile.ReconcileSettings;
import org.elasticcloud.delegates.reconcile.RecordReportDelegate;
import org.elasticcloud.delegates.reconcile.RepairDriftDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * ReconcileProcess with the real delegates, a real H2 inventory and report store, and in-memory
 * systems ({@link FakeWorld}): an orphan is reported, removed on its second sighting, and an
 * application with an operation queued is not judged at all.
 */
class ReconcileProcessDelegatesTest {
  private static final String SERVER = "jdbc:mysql://db-a:3306/";
  private static final String ORPHAN = ContainerBlueprint.name("cap", "production", "v2", 9);

  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private final FakeWorld world = new FakeWorld();
  private ReconciliationStore store;
  private String deployment;
  private Container c1;
  private int changesBefore;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Migrations.migrate(ds);
    JdbcClient jdbc = JdbcClient.create(ds);
    Inventory inventory = new Inventory(jdbc);
    TemplateStore templates = new TemplateStore(jdbc);
    store = new ReconciliationStore(jdbc);

    long dc = inventory.datacenters.insert(new Datacenter(null, "dc1", null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw1")).id();
    Host h1 = inventory.hosts.insert(new Host(null, sw, "h1", 8, 16384L, 100L, "engine://h1", HostState.READY));
    inventory.hosts.insert(new Host(null, sw, "h2", 8, 16384L, 100L, "engine://h2", HostState.READY));
    long dept = inventory.departments.insert(new Department(null, "d")).id();
    long owner = inventory.owners.insert(new Owner(null, "o", "o@example.org", dept)).id();
    long app = inventory.applications.insert(new Application(null, "cap", owner, null)).id();
    long spec = inventory.specs.insert(new Spec(null, "s", 1, 64L, 1L)).id();
    AppGroup group = inventory.groups.insert(new AppGroup(null, app, 1L, "v2", spec, 0, 10));
    templates.recordPending(group.id(), new TemplateDefinition("cap-production-v2-0", "10.211.9.200",
        List.of(new TemplateDefinition.Grant(SERVER, "cap_db", "cap_user", "SELECT, INSERT")),
        new TemplateDefinition.Vip("vip-cap", "10.211.14.5", 80, 8080, "/health"),
        new TemplateDefinition.Monitoring(List.of("cpu")), null), "test", "admin");
    templates.confirm(group.id(), "admin");
    String name = ContainerBlueprint.name("cap", "production", "v2", 1);
    c1 = inventory.containers.insert(new Container(null, group.id(), h1.id(), name, "10.211.1.10", "02:ec:0a:d3:01:0a",
        ContainerBlueprint.dataVolume(name), ContainerBlueprint.logVolume(name), ContainerState.RUNNING, 0));

    // reality as the scale-out left it
    world.runtime.put("engine://h1", name, true, c1.ip(), labels(group.id(), name));
    world.runtime.engines.put("engine://h2", new java.util.concurrent.ConcurrentHashMap<>());
    world.ports.put(name, c1.ip(), c1.mac(), "h1");
    world.volumes.put(c1.dataVolume(), 1, "h1");
    world.volumes.put(c1.logVolume(), 1, "h1");
    world.grants.put(SERVER, "cap_user", c1.ip(), "cap_db", List.of("SELECT", "INSERT"));
    world.grants.put(SERVER, "cap_user", "10.211.9.200", "cap_db", List.of("SELECT", "INSERT"));
    world.loadBalancer.put("vip-cap", name, c1.ip(), 8080);
    world.observation.monitor(new Monitoring(name, "h1", c1.ip(), List.of("cpu")));
    // and the drift: a labelled container nobody records, an account for an address of no container
    world.runtime.put("engine://h2", ORPHAN, true, "10.211.1.99", labels(group.id(), ORPHAN));
    world.grants.put(SERVER, "cap_user", "10.211.9.250", "cap_db", List.of("SELECT"));

    ReconcileSettings settings = new ReconcileSettings("R/PT5M", true, 2, Subnet.parse("10.211.0.0/20"), 10);
    InventoryViews views = new InventoryViews(inventory, templates);
    BusyApplications busy = BusyApplications.of(() -> world.queue);
    Mocks.register(Reconcile.SETTINGS_BEAN, settings);
    Mocks.register("detectDriftDelegate", new DetectDriftDelegate(views, world.realSystems(), busy, store, settings));
    Mocks.register("repairDriftDelegate", new RepairDriftDelegate(views, world.repairer(), busy, store, settings));
    Mocks.register("recordReportDelegate", new RecordReportDelegate(store, settings));
    deployment = engine.getRepositoryService().createDeployment().addClasspathResource("bpmn/ReconcileProcess.bpmn")
        .deploy().getId();
    changesBefore = world.mutations.get();
  }

  @AfterEach
  void tearDown() {
    engine.getRepositoryService().deleteDeployment(deployment, true);
    Mocks.reset();
  }

  private static Map<String, String> labels(long groupId, String name) {
    return Map.of(ContainerBlueprint.LABEL_APP, "cap", ContainerBlueprint.LABEL_ENV, "production",
        ContainerBlueprint.LABEL_GROUP, "v2", ContainerBlueprint.LABEL_GROUP_ID, Long.toString(groupId),
        ContainerBlueprint.LABEL_CONTAINER, name, ContainerBlueprint.LABEL_GENERATION, "0");
  }

  private ProcessInstance run() {
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByMessage(Reconcile.MESSAGE_REQUESTED,
        Map.of(Reconcile.VAR_TRIGGER, Reconcile.TRIGGER_REQUEST));
    for (int guard = 0; guard < 10; guard++) {
      List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).list();
      if (jobs.isEmpty()) {
        break;
      }
      jobs.forEach(j -> engine.getManagementService().executeJob(j.getId()));
    }
    assertThat(pi).isEnded().hasPassed(Reconcile.END_RECONCILED);
    return pi;
  }

  private Object variable(ProcessInstance pi, String name) {
    return engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(pi.getId())
        .variableName(name).singleResult().getValue();
  }

  @Test
  void anOrphanIsReportedFirst_andRemovedOnItsSecondSighting() {
    ProcessInstance first = run();

    assertThat(variable(first, Reconcile.VAR_REPORT_ID)).isEqualTo(first.getId());
    assertThat(variable(first, Reconcile.VAR_ORPHANS)).isEqualTo(2);
    assertThat(variable(first, Reconcile.VAR_REPAIRED)).isEqualTo(0);
    ReconciliationStore.Report report = store.find(first.getId()).orElseThrow();
    assertThat(report.state()).isEqualTo(ReconciliationStore.State.RECORDED);
    assertThat(report.trigger()).isEqualTo(Reconcile.TRIGGER_REQUEST);
    assertThat(store.items(first.getId())).extracting(i -> i.item().kind() + " " + i.item().type() + " " + i.item().name()
        + " " + i.outcome()).containsExactlyInAnyOrder(
            "ORPHAN CONTAINER " + ORPHAN + " AWAITING_CONFIRMATION",
            "ORPHAN GRANT cap_user@10.211.9.250 AWAITING_CONFIRMATION");
    assertThat(world.runtime.engines.get("engine://h2")).containsKey(ORPHAN);
    assertThat(world.grants.has(SERVER, "cap_user", "10.211.9.250")).isTrue();

    ProcessInstance second = run();

    assertThat(variable(second, Reconcile.VAR_REPAIRED)).isEqualTo(2);
    assertThat(store.find(second.getId()).orElseThrow().outcomes()).containsEntry(RepairOutcome.REPAIRED, 2);
    assertThat(world.runtime.engines.get("engine://h2")).doesNotContainKey(ORPHAN);
    assertThat(world.grants.has(SERVER, "cap_user", "10.211.9.250")).isFalse();
    assertThat(world.grants.has(SERVER, "cap_user", c1.ip())).isTrue();
    assertThat(world.grants.has(SERVER, "cap_user", "10.211.9.200")).isTrue();

    ProcessInstance third = run();
    assertThat(store.items(third.getId())).isEmpty();
    assertThat(store.latest().orElseThrow().id()).isEqualTo(third.getId());
  }

  @Test
  void anApplicationWithAnOperationQueued_isNotJudged() {
    world.queue.enqueue("cap", "pi-scale-out", "ScaleOutProcess cap/production/v2/dc1");
    run();
    ProcessInstance second = run();

    assertThat(store.items(second.getId())).singleElement().satisfies(i -> {
      assertThat(i.item().kind()).isEqualTo(DriftKind.SKIPPED);
      assertThat(i.item().type()).isEqualTo(ResourceType.APPLICATION);
      assertThat(i.item().name()).isEqualTo("cap");
    });
    assertThat(world.runtime.engines.get("engine://h2")).containsKey(ORPHAN);
    assertThat(world.mutations.get()).isEqualTo(changesBefore);
  }

  @Test
  void aDryRun_reportsAndRepairsNothing() {
    run();
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByMessage(Reconcile.MESSAGE_REQUESTED,
        Map.of(Reconcile.VAR_REPAIR_REQUESTED, false));
    for (int i = 0; i < 3; i++) {
      engine.getManagementService().createJobQuery().processInstanceId(pi.getId()).list()
          .forEach(j -> engine.getManagementService().executeJob(j.getId()));
    }
    assertThat(pi).isEnded().hasNotPassed(Reconcile.TASK_REPAIR);
    assertThat(store.find(pi.getId()).orElseThrow().repairEnabled()).isFalse();
    assertThat(store.find(pi.getId()).orElseThrow().counts()).containsEntry(DriftKind.ORPHAN, 2);
    assertThat(world.mutations.get()).isEqualTo(changesBefore);
  }
}
