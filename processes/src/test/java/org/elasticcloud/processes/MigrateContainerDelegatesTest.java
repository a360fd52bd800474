package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
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
import org.elasticcloud.core.migration.RestartPolicy;
import org.elasticcloud.core.placement.SpreadPolicy;
import org.elasticcloud.core.port.ContainerRuntime;
import org.elasticcloud.core.port.LoadBalancer;
import org.elasticcloud.core.port.NetworkPorts;
import org.elasticcloud.core.port.fake.InMemoryHostSlots;
import org.elasticcloud.core.reconcile.FakeWorld;
import org.elasticcloud.core.scaling.ContainerBlueprint;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.core.template.TemplateDefinition;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.LocalIpam;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.db.Migrations;
import org.elasticcloud.db.ScalingQueries;
import org.elasticcloud.db.TemplateStore;
import org.elasticcloud.delegates.ProcessNames.ApplicationLease;
import org.elasticcloud.delegates.ProcessNames.DrainHost;
import org.elasticcloud.delegates.ProcessNames.HostFailure;
import org.elasticcloud.delegates.ProcessNames.MigrateContainer;
import org.elasticcloud.delegates.ProcessNames.MigrationVars;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.lease.ReleaseApplicationLeaseListener;
import org.elasticcloud.delegates.lease.ReleaseSharedLeasesListener;
import org.elasticcloud.delegates.lease.TakeApplicationLeaseDelegate;
import org.elasticcloud.delegates.migration.AbandonMigrationDelegate;
import org.elasticcloud.delegates.migration.DrainVipMemberDelegate;
import org.elasticcloud.delegates.migration.FenceHostDelegate;
import org.elasticcloud.delegates.migration.MigrationSettings;
import org.elasticcloud.delegates.migration.MovePortDelegate;
import org.elasticcloud.delegates.migration.MoveVolumesDelegate;
import org.elasticcloud.delegates.migration.PlanMigrationDelegate;
import org.elasticcloud.delegates.migration.PrepareMigrationDelegate;
import org.elasticcloud.delegates.migration.RecordMigrationDelegate;
import org.elasticcloud.delegates.migration.RemoveFromSourceDelegate;
import org.elasticcloud.delegates.migration.ResolveContainerDelegate;
import org.elasticcloud.delegates.migration.RunOnTargetDelegate;
import org.elasticcloud.delegates.migration.SetHostStateDelegate;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.elasticcloud.delegates.scaling.MountVipDelegate;
import org.elasticcloud.delegates.scaling.RegisterLoggingDelegate;
import org.elasticcloud.delegates.scaling.RegisterMonitoringDelegate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * HostFailureProcess and DrainHostProcess with the real delegates: a real H2 inventory, the local
 * IPAM, the real lease and slot delegates on in-memory queue and slots, a recording container
 * runtime, in-memory volumes, load balancer and observation registry. Every step that touches the
 * outside world runs twice in its job (as after a crash between its side effect and its commit),
 * and the result is the same as once: nothing is made twice. Only the health check is stood in for
 * (it is an HTTP call to the container).
 */
@Deployment(resources = {"bpmn/HostFailureProcess.bpmn", "bpmn/DrainHostProcess.bpmn", "bpmn/EvacuateHostProcess.bpmn",
    "bpmn/MigrateContainerProcess.bpmn", "bpmn/ApplicationLeaseProcess.bpmn"})
class MigrateContainerDelegatesTest {
  private static final String SERVER = "jdbc:mysql://db-a:3306/";

  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();

  ProcessEngine engine;
  private final FakeWorld world = new FakeWorld();
  private final RecordingContainerRuntime runtime = new RecordingContainerRuntime(Duration.ZERO, Duration.ZERO);
  private final InMemoryVolumes volumes = new InMemoryVolumes();
  private final List<String> healthChecks = Collections.synchronizedList(new ArrayList<>());
  private Inventory inventory;
  private NetworkPorts ports;
  private AppGroup group;
  private final Map<String, Container> before = new HashMap<>();

  /** Runs the delegate twice in its job: its side effects must be idempotent. */
  private static JavaDelegate twice(JavaDelegate real) {
    return e -> {
      real.execute(e);
      real.execute(e);
    };
  }

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "sa", "");
    Migrations.migrate(ds);
    JdbcClient jdbc = JdbcClient.create(ds);
    inventory = new Inventory(jdbc);
    MigrationStore store = new MigrationStore(jdbc);
    TemplateStore templates = new TemplateStore(jdbc);
    ports = new LocalIpam(jdbc, "10.211.0.0/20", "10.211.1.0-10.211.1.200");

    long dc = inventory.datacenters.insert(new Datacenter(null, "dc1", null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw1")).id();
    for (String h : List.of("d1", "d2", "d3")) {
      inventory.hosts.insert(new Host(null, sw, h, 8, 16384L, 100L, "engine://" + h, HostState.READY));
    }
    long dept = inventory.departments.insert(new Department(null, "d")).id();
    long owner = inventory.owners.insert(new Owner(null, "o", "o@example.org", dept)).id();
    long app = inventory.applications.insert(new Application(null, "cap", owner, 80)).id();
    long spec = inventory.specs.insert(new Spec(null, "s", 1, 256L, 1L)).id();
    group = inventory.groups.insert(new AppGroup(null, app, 1L, "v2", spec, 0, 10));
    templates.recordPending(group.id(), new TemplateDefinition("cap-production-v2-0", "10.211.9.200",
        List.of(new TemplateDefinition.Grant(SERVER, "cap_db", "cap_user", "SELECT, INSERT")),
        new TemplateDefinition.Vip("vip-cap", "10.211.14.5", 80, 8080, "/health"),
        new TemplateDefinition.Monitoring(List.of("cpu")), new TemplateDefinition.Logging(List.of("/var/log/app/*.log"), 7)),
        "test", "admin");
    templates.confirm(group.id(), "admin");
    world.loadBalancer.vip("vip-cap");

    // the group as a scale-out left it: three containers on d1, one on d2
    ContainerProvisioner provisioner = new ContainerProvisioner(runtime, ports, volumes,
        name -> inventory.hosts.findOneBy("name", name), "labnet");
    String[] placed = {"d1", "d1", "d1", "d2"};
    for (int i = 1; i <= placed.length; i++) {
      String host = placed[i - 1];
      String name = ContainerBlueprint.name("cap", "production", "v2", i);
      ContainerProvisioner.Provisioned p = provisioner.provision(new ContainerProvisioner.Request(host, "cap", "production",
          "v2", group.id(), name, 0, inventory.specs.find(spec).orElseThrow(), "ecloud/sample-app:1", null, null));
      Container c = inventory.containers.insert(new Container(null, group.id(), inventory.hosts.findOneBy("name", host)
          .orElseThrow().id(), name, p.port().ip(), p.port().mac(), p.dataVolume(), p.logVolume(), ContainerState.RUNNING, 0));
      before.put(name, c);
      store.recordImage(name, "ecloud/sample-app:1");
      world.grants.put(SERVER, "cap_user", c.ip(), "cap_db", List.of("SELECT", "INSERT"));
      world.loadBalancer.put("vip-cap", name, c.ip(), 8080);
      world.observation.monitor(new org.elasticcloud.core.port.ObservationRegistry.Monitoring(name, host, c.ip(), List.of("cpu")));
    }

    ContainerSlots slots = new ContainerSlots(new InMemoryHostSlots.Cluster().node(1), Duration.ofSeconds(1));
    MigrationSettings settings = new MigrationSettings(RestartPolicy.DEFAULT, Duration.ofMinutes(1), Duration.ofSeconds(1));
    ScaleOutSettings scaleOut = new ScaleOutSettings(new SpreadPolicy(0.5, 1.0), null, "labnet", Duration.ofSeconds(5), 8080);
    ScalingQueries queries = new ScalingQueries(jdbc);
    Mocks.register(ContainerSlots.BEAN, slots);
    Mocks.register(MigrationSettings.BEAN, settings);
    Mocks.register("takeApplicationLeaseDelegate", new TakeApplicationLeaseDelegate(world.queue));
    Mocks.register("releaseApplicationLeaseListener", new ReleaseApplicationLeaseListener(world.queue));
    Mocks.register("releaseSharedLeasesListener", new ReleaseSharedLeasesListener(world.queue));
    Mocks.register("fenceHostDelegate", twice(new FenceHostDelegate(inventory)));
    Mocks.register("setHostStateDelegate", twice(new SetHostStateDelegate(inventory)));
    Mocks.register("planMigrationDelegate", new PlanMigrationDelegate(inventory, store, queries, scaleOut));
    Mocks.register("resolveContainerDelegate", new ResolveContainerDelegate(inventory));
    Mocks.register("prepareMigrationDelegate", twice(new PrepareMigrationDelegate(inventory, store, runtime)));
    Mocks.register("drainVipMemberDelegate", twice(new DrainVipMemberDelegate(inventory, world.loadBalancer)));
    Mocks.register("removeFromSourceDelegate", twice(new RemoveFromSourceDelegate(inventory, runtime, slots, settings)));
    Mocks.register("movePortDelegate", twice(new MovePortDelegate(provisioner)));
    Mocks.register("moveVolumesDelegate", twice(new MoveVolumesDelegate(provisioner)));
    Mocks.register("runOnTargetDelegate", twice(new RunOnTargetDelegate(inventory, provisioner, scaleOut, slots)));
    Mocks.register("waitHealthyDelegate", (JavaDelegate) e -> healthChecks.add((String) e.getVariable(Vars.PLANNED_CONTAINER)));
    Mocks.register("mountVipDelegate", twice(new MountVipDelegate(inventory, ports, world.loadBalancer)));
    Mocks.register("registerMonitoringDelegate", twice(new RegisterMonitoringDelegate(inventory, ports, world.observation)));
    Mocks.register("registerLoggingDelegate", twice(new RegisterLoggingDelegate(inventory, world.observation)));
    Mocks.register("recordMigrationDelegate", twice(new RecordMigrationDelegate(inventory)));
    Mocks.register("abandonMigrationDelegate", twice(new AbandonMigrationDelegate(inventory, runtime, slots)));
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
  }

  /**
   * Runs the jobs; operations of one application queue for its lease, so the waiting ones look
   * again on their timer (the queue's wake-up message is another node's watch, not running here).
   */
  private void runAll() {
    for (int round = 0; round < 50; round++) {
      MigrationMocks.runJobs(engine);
      List<org.camunda.bpm.engine.runtime.Job> lookAgain = engine.getManagementService().createJobQuery().timers()
          .activityId(ApplicationLease.TIMER_LOOK_AGAIN).list();
      if (lookAgain.isEmpty()) {
        break;
      }
      lookAgain.forEach(j -> engine.getManagementService().executeJob(j.getId()));
    }
    assertThat(engine.getRuntimeService().createIncidentQuery().list()).as("incidents").isEmpty();
  }

  private Host host(String name) {
    return inventory.hosts.findOneBy("name", name).orElseThrow();
  }

  private void assertMovedOff(String source) {
    long sourceId = host(source).id();
    for (Container was : before.values()) {
      Container now = inventory.containers.find(was.id()).orElseThrow();
      Host where = inventory.hosts.find(now.hostId()).orElseThrow();
      if (!was.hostId().equals(sourceId)) {
        assertThat(now).as("%s was not on %s", was.name(), source).isEqualTo(was);
        continue;
      }
      assertThat(where.name()).as(was.name()).isIn("d2", "d3").isNotEqualTo(source);
      assertThat(now.state()).isEqualTo(ContainerState.RUNNING);
      assertThat(now.generation()).isEqualTo(1);
      assertThat(now.ip()).isEqualTo(was.ip());
      assertThat(now.mac()).isEqualTo(was.mac());
      NetworkPorts.PortLease port = ports.find(was.name()).orElseThrow();
      assertThat(port.hostName()).isEqualTo(where.name());
      assertThat(port.ip()).isEqualTo(was.ip());
      assertThat(port.mac()).isEqualTo(was.mac());
      assertThat(volumes.find(was.dataVolume()).orElseThrow().attachedHost()).isEqualTo(where.name());
      assertThat(volumes.find(was.logVolume()).orElseThrow().attachedHost()).isEqualTo(where.name());
      ContainerRuntime.ContainerStatus running = runtime.inspect(where.engineEndpoint(), was.name()).orElseThrow();
      assertThat(running.ip()).isEqualTo(was.ip());
      assertThat(running.mac()).isEqualTo(was.mac());
      assertThat(running.labels()).containsEntry(ContainerBlueprint.LABEL_GENERATION, "1")
          .containsEntry(ContainerBlueprint.LABEL_GROUP_ID, Long.toString(group.id()));
      assertThat(world.loadBalancer.members("vip-cap")).filteredOn(m -> m.name().equals(was.name()))
          .singleElement().satisfies(m -> {
            assertThat(m.ip()).isEqualTo(was.ip());
            assertThat(m.state()).isEqualTo(LoadBalancer.MemberState.UP);
          });
      assertThat(world.observation.monitoring(was.name()).orElseThrow().hostName()).isEqualTo(where.name());
      assertThat(world.observation.logCollection(was.name()).orElseThrow().hostName()).isEqualTo(where.name());
      assertThat(world.grants.has(SERVER, "cap_user", was.ip())).as("grant untouched").isTrue();
    }
    // every step ran twice: still one port, two volumes and one copy on the working hosts per container
    assertThat(ports.list()).hasSize(before.size());
    assertThat(volumes.list()).hasSize(2 * before.size());
    List<String> onWorkingHosts = new ArrayList<>();
    for (String h : List.of("d2", "d3")) {
      runtime.list("engine://" + h, Map.of()).forEach(c -> onWorkingHosts.add(c.name()));
    }
    assertThat(onWorkingHosts).containsExactlyInAnyOrderElementsOf(before.keySet());
    assertThat(inventory.containers.findBy("hostId", sourceId)).isEmpty();
    assertThat(world.queue.all()).isEmpty(); // every lease given back
  }

  @Test
  void aDownHostsContainersRunElsewhereWithTheirIpMacDataAndRegistrations_andNothingWasMadeTwice() {
    inventory.setHostState(host("d1").id(), HostState.DOWN);
    long grantsBefore = world.grants.servers.toString().hashCode();
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(HostFailure.PROCESS_ID, "host-failure:d1",
        Map.of(Vars.HOST_NAME, "d1", MigrationVars.REASON, "DOWN"));
    runAll();

    assertThat(pi).isEnded().hasPassed(HostFailure.END_EVACUATED);
    assertMovedOff("d1");
    assertThat(host("d1").state()).isEqualTo(HostState.DOWN);
    // spread kept: a group of four holds at most two per host
    assertThat(inventory.containers.findBy("groupId", group.id()).stream()
        .collect(java.util.stream.Collectors.groupingBy(Container::hostId, java.util.stream.Collectors.counting())).values())
        .containsOnly(2L);
    // the DOWN host's engine was not asked: its stale copies are the fencing's to stop
    assertThat(runtime.operations()).noneMatch(o -> o.engine().equals("engine://d1") && !o.kind().equals("run"));
    assertThat(world.grants.servers.toString().hashCode()).as("no grant changed").isEqualTo(grantsBefore);
    assertThat(healthChecks).hasSize(3);

    // a migration started again for a moved container finds nothing to do
    int operations = runtime.operations().size();
    String name = ContainerBlueprint.name("cap", "production", "v2", 1);
    ProcessInstance again = engine.getRuntimeService().startProcessInstanceByKey(MigrateContainer.PROCESS_ID,
        "migrate:" + name, Map.of(MigrationVars.CONTAINER_NAME, name, MigrationVars.SOURCE_HOST, "d1",
            MigrationVars.TARGET_HOST, "d3"));
    runAll();
    assertThat(again).isEnded().hasPassed(MigrateContainer.END_NOTHING);
    assertThat(runtime.operations()).hasSize(operations);
  }

  @Test
  void aDrainedHostsContainersAreStoppedThereAndRunElsewhere_thenTheHostIsInMaintenance() {
    ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(DrainHost.PROCESS_ID, "drain:d1",
        Map.of(Vars.HOST_NAME, "d1"));
    BpmnAwareTests.complete(task(pi), Map.of(Vars.APPROVED, true));
    runAll();

    assertThat(pi).isEnded().hasPassed(DrainHost.END_DRAINED);
    assertMovedOff("d1");
    assertThat(host("d1").state()).isEqualTo(HostState.MAINTENANCE);
    for (int i = 1; i <= 3; i++) {
      assertThat(runtime.inspect("engine://d1", ContainerBlueprint.name("cap", "production", "v2", i))).isEmpty();
    }
  }
}
