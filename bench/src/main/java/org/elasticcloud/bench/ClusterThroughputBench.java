package org.elasticcloud.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.lease.OperationQueueWatch;
import org.elasticcloud.delegates.lease.ReleaseApplicationLeaseListener;
import org.elasticcloud.delegates.lease.TakeApplicationLeaseDelegate;
import org.elasticcloud.integrations.zookeeper.CuratorOperationQueue;
import org.elasticcloud.integrations.zookeeper.EmbeddedZooKeeper;

/**
 * Throughput of scale-out operations across 10 applications with 1 platform node versus 2 (each
 * node its own JVM with its own job executor), on the lab's MariaDB and one ZooKeeper. Every cloud
 * adapter is a no-op; the per-application lease is the real one (ZooKeeper queues, wake-ups), so an
 * application's operations still run one at a time. Prints operations per second and the ratio.
 * Args: operations (60), applications (10). Environment: ECLOUD_LAB_JDBC_URL.
 */
public final class ClusterThroughputBench {
  private ClusterThroughputBench() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("node")) {
      node(args[1], args[2], Path.of(args[3]));
      return;
    }
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int apps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir = Files.createTempDirectory("cluster-bench-");
    try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper(0, dir.resolve("zk").toFile())) {
      double one = phase(1, ops, apps, zk.connectString(), dir);
      double two = phase(2, ops, apps, zk.connectString(), dir);
      System.out.printf(Locale.ROOT, "ScaleOutProcess (3 containers each, no-op adapters, real per-application lease), "
          + "%d operations over %d applications, MariaDB%n", ops, apps);
      System.out.printf(Locale.ROOT, "%-8s %10.2f operations/s%n", "1 node", one);
      System.out.printf(Locale.ROOT, "%-8s %10.2f operations/s%n", "2 nodes", two);
      System.out.printf(Locale.ROOT, "ratio 2 nodes / 1 node: %.2f×%n", two / one);
    }
  }

  /** Starts the nodes, submits every operation at once, returns operations per second until the last ends. */
  private static double phase(int nodes, int ops, int apps, String zk, Path dir) throws Exception {
    String url = System.getenv("ECLOUD_LAB_JDBC_URL");
    String db = "bench_cluster" + nodes;
    String dbUrl = url.replaceFirst("/ecloud\\?", "/" + db + "?") + "&nullDatabaseMeansCurrent=true";
    try (Connection c = DriverManager.getConnection(url, "ecloud", "ecloud"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db);
      s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
    }
    // the submitting engine makes the schema and deploys; it runs no jobs (it stands for the REST side)
    ProcessEngine submitter = engine(dbUrl, "submitter-" + nodes, false, Map.of());
    submitter.getRepositoryService().createDeployment().addClasspathResource("bpmn/ScaleOutProcess.bpmn")
          .addClasspathResource("bpmn/ProvisionContainerProcess.bpmn")
        .addClasspathResource("bpmn/ApplicationLeaseProcess.bpmn").deploy();
    List<Process> children = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
            "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ClusterThroughputBench.class.getName(),
            "node", dbUrl, zk, dir.toString()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node" + nodes + "-" + i + ".log").toFile()));
        children.add(pb.start());
      }
      for (Process p : children) {
        // a node says it is ready by creating its marker file once its job executor runs
        waitFor(dir.resolve("ready-" + p.pid()).toFile(), p);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        String app = "app" + (i % apps);
        submitter.getRuntimeService().startProcessInstanceByKey(ScaleOut.PROCESS_ID, app + "/bench-" + i,
            Map.of(Vars.APPLICATION, app, Vars.GROUP_ID, 1L, Vars.COUNT, 3, Vars.DATACENTER_ID, 1L, Vars.IMAGE, "x:1"));
      }
      while (submitter.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(ScaleOut.PROCESS_ID)
          .finished().count() < ops) {
        // a job may fail once on optimistic locking (two nodes touching one waiting operation) and is retried;
        // only a job out of retries is a failure
        if (submitter.getRuntimeService().createIncidentQuery().count() > 0) {
          throw new IllegalStateException("an incident: see " + dir);
        }
        Thread.sleep(100); // polling the history: the engine has no completion callback across JVMs
      }
      return ops / ((System.nanoTime() - t0) / 1e9);
    } finally {
      children.forEach(Process::destroyForcibly);
      submitter.close();
      try (Connection c = DriverManager.getConnection(url, "ecloud", "ecloud"); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db);
      }
    }
  }

  private static void waitFor(File marker, Process p) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (!marker.exists()) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("a bench node did not start (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
      }
      Thread.sleep(100); // polling a file: the child's only way to say it is ready
    }
  }

  /** One node: an engine with its job executor, no-op adapters, the real lease, until killed. */
  private static void node(String dbUrl, String zk, Path dir) throws Exception {
    CuratorFramework curator = CuratorFrameworkFactory.newClient(zk, new ExponentialBackoffRetry(200, 5));
    curator.start();
    curator.blockUntilConnected(20, TimeUnit.SECONDS);
    CuratorOperationQueue queue = new CuratorOperationQueue(curator, "/ecloud-bench");
    JavaDelegate noop = e -> { };
    Map<Object, Object> beans = new HashMap<>();
    beans.put("takeApplicationLeaseDelegate", new TakeApplicationLeaseDelegate(queue));
    beans.put("releaseApplicationLeaseListener", new ReleaseApplicationLeaseListener(queue));
    beans.put("checkQuotaDelegate", (JavaDelegate) e -> e.setVariable(Vars.NEEDS_APPROVAL, false));
    beans.put("placeContainersDelegate", (JavaDelegate) e -> e.setVariable(Vars.PLANNED_CONTAINERS,
        List.of("1@d1", "2@d2", "3@d3")));
    for (String bean : List.of("allocateResourcesDelegate", "startContainerDelegate", "grantDatabaseDelegate",
        "waitHealthyDelegate", "mountVipDelegate", "registerMonitoringDelegate", "registerLoggingDelegate",
        "markContainerReadyDelegate", "undoProvisionDelegate", "revokeDatabaseDelegate", "unmountVipDelegate",
        "forgetObservationDelegate")) {
      beans.put(bean, noop);
    }
    ProcessEngine engine = engine(dbUrl, "node-" + ProcessHandle.current().pid(), true, beans);
    new OperationQueueWatch(queue, engine.getRuntimeService()).start();
    Files.createFile(dir.resolve("ready-" + ProcessHandle.current().pid()));
    Thread.currentThread().join(); // runs jobs until the bench kills it
  }

  private static ProcessEngine engine(String url, String name, boolean jobs, Map<Object, Object> beans) {
    StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
    config.setProcessEngineName(name);
    config.setJdbcUrl(url);
    config.setJdbcUsername("ecloud");
    config.setJdbcPassword("ecloud");
    config.setJdbcMaxActiveConnections(20);
    config.setDatabaseSchemaUpdate("true");
    config.setDatabaseType("mysql");
    config.setHistory("full");
    config.setJobExecutorActivate(jobs);
    config.setBeans(beans);
    return config.buildProcessEngine();
  }
}
