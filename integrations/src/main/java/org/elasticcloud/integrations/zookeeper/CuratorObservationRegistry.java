package org.elasticcloud.integrations.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.elasticcloud.core.port.ObservationRegistry;

/**
 * {@link ObservationRegistry} in ZooKeeper: persistent nodes {@code <base>/observe/monitoring/<container>}
 * and {@code <base>/observe/logging/<container>}, holding properties an agent can watch.
 */
public class CuratorObservationRegistry implements ObservationRegistry {
  private final CuratorFramework client;
  private final String monitoringPath;
  private final String loggingPath;

  public CuratorObservationRegistry(CuratorFramework client, String basePath) {
    this.client = client;
    this.monitoringPath = basePath + "/observe/monitoring";
    this.loggingPath = basePath + "/observe/logging";
  }

  @Override
  public void monitor(Monitoring m) {
    Properties p = new Properties();
    p.setProperty("host", m.hostName());
    p.setProperty("ip", m.ip());
    p.setProperty("metrics", String.join(",", m.metrics()));
    write(monitoringPath + "/" + m.containerName(), p);
  }

  @Override
  public void collectLogs(LogCollection l) {
    Properties p = new Properties();
    p.setProperty("host", l.hostName());
    p.setProperty("paths", String.join(",", l.paths()));
    p.setProperty("retentionDays", Integer.toString(l.retentionDays()));
    write(loggingPath + "/" + l.containerName(), p);
  }

  @Override
  public boolean forget(String containerName) {
    boolean any = delete(monitoringPath + "/" + containerName);
    return delete(loggingPath + "/" + containerName) || any;
  }

  @Override
  public Optional<Monitoring> monitoring(String containerName) {
    return read(monitoringPath + "/" + containerName).map(p -> new Monitoring(containerName, p.getProperty("host"),
        p.getProperty("ip"), split(p.getProperty("metrics"))));
  }

  @Override
  public Optional<LogCollection> logCollection(String containerName) {
    return read(loggingPath + "/" + containerName).map(p -> new LogCollection(containerName, p.getProperty("host"),
        split(p.getProperty("paths")), Integer.parseInt(p.getProperty("retentionDays", "0"))));
  }

  @Override
  public List<Monitoring> monitored() {
    List<Monitoring> out = new ArrayList<>();
    try {
      if (client.checkExists().forPath(monitoringPath) == null) {
        return out;
      }
      for (String name : client.getChildren().forPath(monitoringPath)) {
        monitoring(name).ifPresent(out::add);
      }
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-030 cannot list monitored containers: " + e, e);
    }
    return out;
  }

  private static List<String> split(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.split(","));
  }

  private void write(String path, Properties p) {
    try {
      client.create().orSetData().creatingParentsIfNeeded().forPath(path, ZnodeProperties.write(p));
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-031 cannot write " + path + ": " + e, e);
    }
  }

  private Optional<Properties> read(String path) {
    try {
      return Optional.of(ZnodeProperties.read(client.getData().forPath(path)));
    } catch (KeeperException.NoNodeException absent) {
      return Optional.empty();
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-032 cannot read " + path + ": " + e, e);
    }
  }

  private boolean delete(String path) {
    try {
      client.delete().forPath(path);
      return true;
    } catch (KeeperException.NoNodeException absent) {
      return false;
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-033 cannot delete " + path + ": " + e, e);
    }
  }
}
