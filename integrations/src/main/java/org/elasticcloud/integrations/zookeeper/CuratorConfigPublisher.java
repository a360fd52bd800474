package org.elasticcloud.integrations.zookeeper;

import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.elasticcloud.core.port.ConfigPublisher;

/**
 * {@link ConfigPublisher} in ZooKeeper: the persistent node {@code <base>/config/<app>/<env>/<group>}
 * holds the current version number; watchers of that node learn of every change.
 */
public class CuratorConfigPublisher implements ConfigPublisher {
  private final CuratorFramework client;
  private final String basePath;

  public CuratorConfigPublisher(CuratorFramework client, String basePath) {
    this.client = client;
    this.basePath = basePath + "/config";
  }

  private String path(String application, String environment, String group) {
    return basePath + "/" + application + "/" + environment + "/" + group;
  }

  @Override
  public void publish(String application, String environment, String group, int version) {
    byte[] data = Integer.toString(version).getBytes(StandardCharsets.UTF_8);
    String path = path(application, environment, group);
    try {
      try {
        client.setData().forPath(path, data);
      } catch (KeeperException.NoNodeException absent) {
        client.create().orSetData().creatingParentsIfNeeded().forPath(path, data);
      }
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-020 cannot publish config version of " + path + ": " + e, e);
    }
  }

  @Override
  public int published(String application, String environment, String group) {
    try {
      return Integer.parseInt(new String(client.getData().forPath(path(application, environment, group)),
          StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException absent) {
      return 0;
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-021 cannot read config version: " + e, e);
    }
  }
}
