package org.elasticcloud.processes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.core.placement.SpreadPolicy;
import org.elasticcloud.core.scaling.ContainerProvisioner;
import org.elasticcloud.core.scaling.ScaleOutSettings;
import org.elasticcloud.db.Inventory;
import org.elasticcloud.db.LocalIpam;
import org.elasticcloud.db.MigrationStore;
import org.elasticcloud.db.Migrations;
import org.elasticcloud.delegates.ProcessNames.ScaleIn;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.scaling.ContainerSlots;
import org.elasticcloud.delegates.scaling.StartContainerDelegate;
import org.elasticcloud.delegates.scaling.StopContainerDelegate;
import org.elasticcloud.delegates.scaling.UndoProvisionDelegate;
import org.elasticcloud.integrations.zookeeper.CuratorHostSlots;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;
import org.elasticcloud.processes.RecordingContainerRuntime.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The per-host cap end to end below the application: three scale-outs and then three scale-ins of
 * three applications, each with a container on host d1 and one on d2, run at once by two platform
 * "nodes" (each its own Curator client on one real in-process ZooKeeper, K = 1 slot per host) with
 * the real start, stop and remove delegates over a real H2 inventory and IPAM, on an in-memory
 * container runtime that records when each engine operation ran. Each process instance is driven by
 * its own worker thread, as the job executor runs a process instance's exclusive jobs one at a time.
 * On one host no two operations overlap; operations on d1 and d2 do overlap.
 */
@Deployment(resources = {"bpmn/ScaleOutProcess.bpmn", "bpmn/ProvisionContainerProcess.bpmn", "bpmn/ScaleInProcess.bpmn",
    "bpmn/ApplicationLeaseProcess.bpmn"})
class HostSlotsProcessTest {
  @RegisterExtension
  static ProcessEngineExtension extension = ProcessEngineExtension.builder().build();
  private static final int APPLICATIONS = 3;
  private static final JavaDelegate NOTHING = e -> { };

  ProcessEngine engine;
  private EmbeddedZooKeeper zk;
  private final List<CuratorFramework> clients = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final RecordingContainerRuntime runtime =
      new RecordingContainerRuntime(Duration.ofMillis(150), Duration.ofMillis(1_500));
  private Inventory inventory;
  private final List<Long> groupIds = new ArrayList<>();
  private final Map<String, String> hostEngines = new ConcurrentHashMap<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();

  /** One platform node: its own ZooKeeper session, slots and delegates. */
  private record Node(ContainerSlots slots, StartContainerDelegate start, StopContainerDelegate stop,
      UndoProvisionDelegate remove) {
  }

  @BeforeEach
  void setUp() throws Exception {
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "sa", "");
    Migrations.migrate(ds);
    inventory = new Inventory(JdbcClient.create(ds));
    long dc = inventory.datacenters.insert(new Datacenter(null, "dc1", null)).id();
    long sw = inventory.switches.insert(new NetworkSwitch(null, dc, "sw1")).id();
    for (String h : List.of("d1", "d2")) {
      String endpoint = "tcp://" + h + ".test:2375";
      inventory.hosts.insert(new Host(null, sw, h, 16, 65_536L, 500L, endpoint, HostState.READY));
      hostEngines.put(endpoint, h);
    }
    long department = inventory.departments.insert(new Department(null, "ops")).id();
    long owner = inventory.owners.insert(new Owner(null, "ann", "ann@example.org", department)).id();
    long env = inventory.environments.findOneBy("name", "production")
        .orElseGet(() -> inventory.environments.insert(new Environment(null, "production"))).id();
    long spec = inventory.specs.insert(new Spec(null, "small", 1, 512L, 1L)).id();
    for (int a = 0; a < APPLICATIONS; a++) {
      long app = inventory.applications.insert(new Application(null, "app" + a, owner, 50)).id();
      groupIds.add(inventory.groups.insert(new AppGroup(null, app, env, "v1", spec, 0, 10)).id());
    }
    LocalIpam ports = new LocalIpam(JdbcClient.create(ds), "10.211.0.0/20", "10.211.1.0-10.211.1.200");
    ContainerProvisioner provisioner = new ContainerProvisioner(runtime, ports, new InMemoryVolumes(),
        name -> inventory.hosts.findOneBy("name", name), "labnet");
    ScaleOutSettings settings = new ScaleOutSettings(new SpreadPolicy(0.5, 0.67), null, "labnet",
        Duration.ofSeconds(5), 8080);

    zk = new EmbeddedZooKeeper(0, Files.createTempDirectory("zk-host-slots").toFile());
    for (int n = 0; n < 2; n++) {
      CuratorFramework client = CuratorFrameworkFactory.newClient(zk.connectString(), new ExponentialBackoffRetry(100, 3));
      client.start();
      assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
      clients.add(client);
      ContainerSlots slots = new ContainerSlots(new CuratorHostSlots(client, "/ecloud", 1), Duration.ofSeconds(1));
      nodes.add(new Node(slots, new StartContainerDelegate(inventory, provisioner, settings, slots,
          new MigrationStore(JdbcClient.create(ds))),
          new StopContainerDelegate(inventory, runtime, slots), new UndoProvisionDelegate(inventory, provisioner, slots)));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    Mocks.reset();
    clients.forEach(CuratorFramework::close);
    if (zk != null) {
      zk.close();
    }
  }

  /** What a node's job executor thread resolves: that node's real container delegates, the rest no-ops. */
  private void registerBeansOf(Node node) {
    Mocks.register(ContainerSlots.BEAN, node.slots());
    Mocks.register("startContainerDelegate", node.start());
    Mocks.register("stopContainerDelegate", node.stop());
    Mocks.register("undoProvisionDelegate", node.remove());
    // one operation per application: each lease is free at once (ApplicationLeaseProcessTest tests waiting)
    Mocks.register("takeApplicationLeaseDelegate", (JavaDelegate) e -> e.setVariable(Vars.LEASE_HELD, true));
    Mocks.register("releaseApplicationLeaseListener", (org.camunda.bpm.engine.delegate.ExecutionListener) e -> { });
    Mocks.register("checkQuotaDelegate", (JavaDelegate) e -> e.setVariable(Vars.NEEDS_APPROVAL, false));
    Mocks.register("checkMinimumDelegate", (JavaDelegate) e -> e.setVariable(Vars.NEEDS_APPROVAL, false));
    Mocks.register("placeContainersDelegate", (JavaDelegate) e -> e.setVariable(Vars.PLANNED_CONTAINERS,
        List.of("1@d1", "2@d2")));
    Mocks.register("chooseVictimsDelegate", (JavaDelegate) e -> e.setVariable(Vars.VICTIMS, List.of("1@d1", "2@d2")));
    for (String other : List.of("allocateResources", "grantDatabase", "waitHealthy", "mountVip", "registerMonitoring",
        "registerLogging", "markContainerReady", "forgetObservation", "revokeDatabase", "unmountVip")) {
      Mocks.register(other + "Delegate", NOTHING);
    }
  }

  /**
   * Starts one process per application and drives each on its own thread (application i on node
   * i % 2) until it ends: its due jobs one at a time, timers once due, as the job executor does.
   */
  private List<String> runOnePerApplication(String processKey) throws Exception {
    List<String> ids = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(APPLICATIONS);
    try {
      List<Future<String>> running = new ArrayList<>();
      for (int a = 0; a < APPLICATIONS; a++) {
        Node node = nodes.get(a % 2);
        long groupId = groupIds.get(a);
        running.add(pool.submit(() -> {
          registerBeansOf(node);
          try {
            ProcessInstance pi = engine.getRuntimeService().startProcessInstanceByKey(processKey, "app" + groupId,
                Map.of(Vars.APPLICATION, "app" + groupId, Vars.GROUP_ID, groupId, Vars.COUNT, 2, Vars.DATACENTER_ID, 1L,
                    Vars.IMAGE, "ecloud/sample-app:1"));
            for (var lease : engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(pi.getId()).list()) {
              for (Job job : engine.getManagementService().createJobQuery().processInstanceId(lease.getId()).list()) {
                engine.getManagementService().executeJob(job.getId());
              }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(pi.getId()).count() > 0) {
              // its jobs and its children's (a scale-out's containers run as processes of their own)
              List<Job> due = new ArrayList<>(engine.getManagementService().createJobQuery().processInstanceId(pi.getId())
                  .executable().list());
              for (var child : engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(pi.getId())
                  .list()) {
                due.addAll(engine.getManagementService().createJobQuery().processInstanceId(child.getId()).executable()
                    .list());
              }
              if (due.isEmpty()) {
                Thread.sleep(20);
              }
              for (Job job : due) {
                try {
                  engine.getManagementService().executeJob(job.getId());
                } catch (RuntimeException failed) {
                  failures.add(failed.toString()); // retried with back-off; the assertions below say it happened
                }
              }
            }
            return pi.getId();
          } finally {
            Mocks.reset();
          }
        }));
      }
      for (Future<String> f : running) {
        ids.add(f.get(2, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
    return ids;
  }

  private long passed(List<String> processInstanceIds, String activityId) {
    return processInstanceIds.stream().mapToLong(id -> engine.getHistoryService().createHistoricActivityInstanceQuery()
        .processInstanceId(id).activityId(activityId).finished().count()).sum();
  }

  @Test
  void oneSlotPerHost_serialisesTheContainerOperationsOnEachHost_whileDifferentHostsOverlap() throws Exception {
    List<String> scaleOuts = runOnePerApplication(ScaleOut.PROCESS_ID);
    assertThat(failures).as("failed jobs").isEmpty();
    for (String id : scaleOuts) {
      assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id)
          .activityId(ScaleOut.END_SCALED_OUT).count()).as("scale-out %s ended", id).isOne();
    }
    assertThat(passed(scaleOuts, ScaleOut.END_CONTAINER_FAILED)).isZero();
    assertThat(runtime.list("tcp://d1.test:2375", Map.of())).hasSize(APPLICATIONS);
    assertThat(runtime.list("tcp://d2.test:2375", Map.of())).hasSize(APPLICATIONS);

    List<String> scaleIns = runOnePerApplication(ScaleIn.PROCESS_ID);
    assertThat(failures).as("failed jobs").isEmpty();
    for (String id : scaleIns) {
      assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id)
          .activityId(ScaleIn.END_SCALED_IN).count()).as("scale-in %s ended", id).isOne();
    }
    assertThat(runtime.list("tcp://d1.test:2375", Map.of())).isEmpty();
    assertThat(runtime.list("tcp://d2.test:2375", Map.of())).isEmpty();

    List<Operation> ops = runtime.operations();
    for (String engineEndpoint : hostEngines.keySet()) {
      List<Operation> onHost = ops.stream().filter(o -> o.engine().equals(engineEndpoint))
          .sorted(Comparator.comparingLong(Operation::begin)).toList();
      assertThat(onHost).extracting(Operation::kind).containsOnly("run", "stop", "remove").hasSize(3 * APPLICATIONS);
      for (int i = 1; i < onHost.size(); i++) {
        assertThat(onHost.get(i).begin()).as("on %s, %s begins after %s ended", hostEngines.get(engineEndpoint),
            onHost.get(i), onHost.get(i - 1)).isGreaterThanOrEqualTo(onHost.get(i - 1).end());
      }
    }
    List<Operation> onD1 = ops.stream().filter(o -> o.engine().startsWith("tcp://d1")).toList();
    List<Operation> onD2 = ops.stream().filter(o -> o.engine().startsWith("tcp://d2")).toList();
    assertThat(onD1.stream().anyMatch(a -> onD2.stream().anyMatch(a::overlaps)))
        .as("operations on different hosts ran at the same time").isTrue();

    // the cap did the serialising: operations found their host full and waited on the model's timer
    long waits = passed(scaleOuts, ScaleOut.TIMER_START_HOST_BUSY) + passed(scaleIns, ScaleIn.TIMER_STOP_HOST_BUSY)
        + passed(scaleIns, ScaleIn.TIMER_REMOVE_HOST_BUSY);
    assertThat(waits).isPositive();
    List<String> all = new ArrayList<>(scaleOuts);
    all.addAll(scaleIns);
    for (String id : all) {
      assertThat(engine.getHistoryService().createHistoricIncidentQuery().processInstanceId(id).count()).isZero();
    }
    CuratorHostSlots view = new CuratorHostSlots(clients.get(0), "/ecloud", 1);
    assertThat(view.taken("d1")).isZero();
    assertThat(view.taken("d2")).isZero();
  }
}
