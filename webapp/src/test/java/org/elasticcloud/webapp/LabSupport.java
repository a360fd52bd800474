package org.elasticcloud.webapp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the tests on the lab share: its settings, a free port, a plain HTTP GET. */
final class LabSupport {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LabSupport() {
  }

  /** A lab setting from the environment lab/test.sh prepares; missing, the test cannot run. */
  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the tests with lab/test.sh");
    }
    return v;
  }

  /**
   * The application on the lab for scaling: its own data directory, the containers' way in on the
   * lab's shim at {@code accessPort}, the lab's network, grants administrator and HAProxy.
   */
  static void scalingPlatform(org.springframework.test.context.DynamicPropertyRegistry registry, String dataDirPrefix,
      int accessPort) {
    registry.add("ecloud.data-dir", () -> {
      try {
        return java.nio.file.Files.createTempDirectory(dataDirPrefix).toString();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    registry.add("ecloud.container-access.address", () -> env("ECLOUD_LAB_SHIM_IP"));
    registry.add("ecloud.container-access.port", () -> accessPort);
    registry.add("ecloud.network.docker-network", () -> env("ECLOUD_LAB_NETWORK"));
    registry.add("ecloud.grants.admin-user", () -> "ecloud");
    registry.add("ecloud.grants.admin-password", () -> "ecloud");
    registry.add("ecloud.vip.socket", () -> env("ECLOUD_LAB_HAPROXY_SOCKET"));
    registry.add("ecloud.vip.definitions", () -> env("ECLOUD_LAB_HAPROXY_VIPS"));
    registry.add("ecloud.vip.reload-command", () -> env("ECLOUD_LAB_HAPROXY_CTL") + " reload");
  }

  /** The lab's MariaDB, standing in for the applications' database servers. */
  static String server() {
    return env("ECLOUD_LAB_JDBC_URL");
  }

  /** Runs statements on the lab's MariaDB as its administrator. */
  static void sql(String... statements) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(server(), "ecloud", "ecloud");
        java.sql.Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer, or null when nothing answered (yet). */
  static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
