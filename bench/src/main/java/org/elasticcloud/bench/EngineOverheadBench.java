package org.elasticcloud.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultFailedJobCommandFactory;
import org.elasticcloud.delegates.ProcessNames.ScaleOut;
import org.elasticcloud.delegates.ProcessNames.Vars;
import org.elasticcloud.delegates.jobs.OptimisticLockingRetries;

/**
 * The engine's own cost of a scale-out: ScaleOutProcess (3 containers each) with every delegate a
 * no-op, run by the job executor to the end, on H2 and on the lab's MariaDB. Prints process
 * instances per second. Args: instances (100). Environment: ECLOUD_LAB_JDBC_URL.
 */
public final class EngineOverheadBench {
  /** The no-op delegates, by the names the models use. */
  private static final Map<Object, Object> BEANS = new java.util.HashMap<>();

  private EngineOverheadBench() {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    JavaDelegate noop = e -> { };
    // one application per instance: every lease is free at once (ClusterThroughputBench measures the real queue)
    BEANS.put("takeApplicationLeaseDelegate", (JavaDelegate) e -> e.setVariable(Vars.LEASE_HELD, true));
    BEANS.put("releaseApplicationLeaseListener", (org.camunda.bpm.engine.delegate.ExecutionListener) e -> { });
    BEANS.put("checkQuotaDelegate", (JavaDelegate) e -> e.setVariable(Vars.NEEDS_APPROVAL, false));
    BEANS.put("placeContainersDelegate", (JavaDelegate) e -> e.setVariable(Vars.PLANNED_CONTAINERS,
        List.of("1@d1", "2@d2", "3@d3")));
    for (String bean : List.of("allocateResourcesDelegate", "startContainerDelegate", "grantDatabaseDelegate", "waitHealthyDelegate",
        "mountVipDelegate", "registerMonitoringDelegate", "registerLoggingDelegate", "markContainerReadyDelegate",
        "undoProvisionDelegate", "revokeDatabaseDelegate", "unmountVipDelegate", "forgetObservationDelegate")) {
      BEANS.put(bean, noop);
    }
    double[] h2 = run("H2", "jdbc:h2:mem:engine-bench;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256", "sa", "", n);
    String url = System.getenv("ECLOUD_LAB_JDBC_URL");
    String mariaUrl = url.replaceFirst("/ecloud\\?", "/bench_engine?") + "&nullDatabaseMeansCurrent=true";
    try (Connection c = DriverManager.getConnection(url, "ecloud", "ecloud"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS bench_engine");
      s.execute("CREATE DATABASE bench_engine CHARACTER SET utf8mb4");
    }
    double[] maria = run("MariaDB", mariaUrl, "ecloud", "ecloud", n);
    try (Connection c = DriverManager.getConnection(url, "ecloud", "ecloud"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS bench_engine");
    }
    System.out.printf(Locale.ROOT, "ScaleOutProcess with no-op delegates (3 containers each, %d instances, job executor)%n", n);
    System.out.printf(Locale.ROOT, "%-10s %10.1f instances/s %10.1f jobs/s%n", "H2", h2[0], h2[1]);
    System.out.printf(Locale.ROOT, "%-10s %10.1f instances/s %10.1f jobs/s%n", "MariaDB", maria[0], maria[1]);
  }

  /** Instances and jobs per second, from the first start to the last end. */
  private static double[] run(String name, String url, String user, String password, int n) throws Exception {
    StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
    config.setProcessEngineName("bench-" + name);
    config.setJdbcUrl(url);
    config.setJdbcUsername(user);
    config.setJdbcPassword(password);
    config.setJdbcMaxActiveConnections(20);
    config.setDatabaseSchemaUpdate("true");
    config.setHistory("full");
    config.setJobExecutorActivate(true);
    config.setBeans(BEANS); // resolvable from every thread, the job executor's too
    // the platform's engine settings (application.yaml, ExecutionConfig): jobs by priority, the retry
    // back-off, a conflict run again at once; the job executor's pool stays Camunda's default
    config.setJobExecutorAcquireByPriority(true);
    config.setFailedJobRetryTimeCycle("PT2S,PT10S,PT30S");
    config.setFailedJobCommandFactory(new OptimisticLockingRetries(new DefaultFailedJobCommandFactory()));
    if (url.startsWith("jdbc:mysql")) {
      config.setDatabaseType("mysql");
    }
    ProcessEngine engine = config.buildProcessEngine();
    try {
      engine.getRepositoryService().createDeployment().addClasspathResource("bpmn/ScaleOutProcess.bpmn")
          .addClasspathResource("bpmn/ProvisionContainerProcess.bpmn")
          .addClasspathResource("bpmn/ApplicationLeaseProcess.bpmn").deploy();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        engine.getRuntimeService().startProcessInstanceByKey(ScaleOut.PROCESS_ID, "bench-" + i,
            Map.of(Vars.APPLICATION, "app-" + i, Vars.GROUP_ID, 1L, Vars.COUNT, 3, Vars.DATACENTER_ID, 1L, Vars.IMAGE, "x:1"));
      }
      while (engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(ScaleOut.PROCESS_ID).finished().count() < n) {
        // a job that failed for good (an incident); one that met optimistic locking at a join is retried
        if (engine.getRuntimeService().createIncidentQuery().count() > 0) {
          throw new IllegalStateException(name + ": a job failed for good: "
              + engine.getRuntimeService().createIncidentQuery().list().get(0).getIncidentMessage());
        }
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long jobs = engine.getHistoryService().createHistoricJobLogQuery().successLog().count();
      return new double[] {n / seconds, jobs / seconds};
    } finally {
      engine.close();
    }
  }
}
