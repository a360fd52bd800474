package org.elasticcloud.webapp.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's own settings ({@code ecloud.*}).
 *
 * @param dataDir where the embedded defaults keep their files (H2, ZooKeeper); env {@code ECLOUD_DATA_DIR}
 * @param nodeId this node's id in the cluster; defaults to host name and port
 * @param zookeeper how to reach ZooKeeper
 * @param docker how to talk to hosts' Docker engines
 * @param api limits of the REST API
 */
@ConfigurationProperties(prefix = "ecloud")
public record EcloudProperties(String dataDir, String nodeId, ZooKeeper zookeeper, Docker docker, Api api,
    Network network, Volumes volumes, Images images, OpenStack openstack, ContainerAccess containerAccess,
    Placement placement, Scaling scaling, Grants grants, Vip vip) {

  /** This node's id: {@code ecloud.node-id} when set, otherwise its host name and port. */
  public String nodeIdOr(int port) {
    if (nodeId != null && !nodeId.isBlank()) {
      return nodeId;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName() + "-" + port;
    } catch (java.net.UnknownHostException e) {
      return "localhost-" + port;
    }
  }

  /** Spread limits of placement: the largest share of a group on one host and behind one switch. */
  public record Placement(double maxSharePerHost, double maxSharePerSwitch) {
  }

  /** @param healthTimeout how long a new container may take to become healthy */
  public record Scaling(java.time.Duration healthTimeout, int healthPort, int maxCount) {
  }

  /** The administrator account the platform uses on the applications' MySQL servers. */
  public record Grants(String adminUser, String adminPassword) {
  }

  /**
   * The HAProxy that serves VIPs: its runtime API socket, the VIP definitions file its
   * configuration is made from, the command that reloads it, the range VIP addresses come from.
   */
  public record Vip(String socket, String definitions, String reloadCommand, String range) {
    public boolean configured() {
      return socket != null && !socket.isBlank();
    }
  }


  /**
   * @param embedded run a ZooKeeper inside this JVM (the embedded default)
   * @param embeddedPort its port (0: any free one)
   * @param connectString the external ensemble when not embedded
   * @param basePath the platform's root znode
   * @param sessionTimeout after this a dead member disappears
   */
  public record ZooKeeper(boolean embedded, int embeddedPort, String connectString, String basePath,
      Duration sessionTimeout) {
  }

  /** @param connectTimeout connecting to an engine @param responseTimeout waiting for its answer */
  public record Docker(Duration connectTimeout, Duration responseTimeout) {
  }

  /** @param maxBodyBytes the largest request body {@code /api} accepts */
  public record Api(long maxBodyBytes) {
  }

  /**
   * @param authority {@code local} (addresses in the platform's database) or {@code neutron}
   * @param dockerNetwork the Docker network on every host that mirrors the subnet (e.g. a macvlan)
   * @param subnet the containers' subnet, e.g. {@code 10.211.0.0/20}
   * @param pool the addresses the local authority hands out, e.g. {@code 10.211.1.0-10.211.13.254}
   */
  public record Network(String authority, String dockerNetwork, String subnet, String pool) {
  }

  /**
   * @param authority {@code local} (records beside the bytes) or {@code cinder}
   * @param root the directory every host shares, holding the volumes' bytes
   */
  public record Volumes(String authority, String root) {
  }

  /**
   * Where containers reach the platform (the config center): a second listener on the containers'
   * network (in the lab the host shim, 10.211.0.2), serving only {@code GET /api/config/**}.
   *
   * @param address the address to listen on (empty: no such listener)
   * @param port its port
   * @param advertisedUrl what containers are told to call, when it is not this listener: with
   *     several platform nodes, a load balancer in front of all their listeners (every node must
   *     advertise the same URL, so that a container made by one node is the same container for
   *     the others). The platform then reads the caller's address from X-Forwarded-For, trusted
   *     only from {@code server.tomcat.remoteip.internal-proxies}.
   */
  public record ContainerAccess(String address, int port, String advertisedUrl) {
    public boolean enabled() {
      return address != null && !address.isBlank();
    }

    /** The base URL containers call: the advertised one, else this listener's; null when none. */
    public String baseUrl() {
      if (advertisedUrl != null && !advertisedUrl.isBlank()) {
        return advertisedUrl.endsWith("/") ? advertisedUrl.substring(0, advertisedUrl.length() - 1) : advertisedUrl;
      }
      return enabled() ? "http://" + address + ":" + port : null;
    }

    /** What a container calls at start to read its configuration. */
    public String configUrl(String application, String environment, String group) {
      return baseUrl() + "/api/config/" + application + "/" + environment + "/" + group + "?format=properties";
    }
  }

  /** Keystone v3 credentials and the Neutron network and subnet of the containers. */
  public record OpenStack(String authUrl, String user, String password, String project, String domain,
      String region, String networkId, String subnetId) {
  }

  /** @param registry {@code host:port} of the image center */
  public record Images(String registry) {
  }
}
