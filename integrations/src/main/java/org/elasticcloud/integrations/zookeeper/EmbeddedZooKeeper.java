package org.elasticcloud.integrations.zookeeper;

import java.io.File;
import java.io.IOException;
import org.apache.curator.test.TestingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper server inside the platform's JVM (Curator's testing server), for the embedded
 * default and for tests. Production uses an external ensemble instead.
 */
public class EmbeddedZooKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
  private final TestingServer server;

  /**
   * Starts a server on {@code port} (0 picks a free one) keeping its data in {@code dataDir}.
   */
  public EmbeddedZooKeeper(int port, File dataDir) {
    try {
      if (!dataDir.isDirectory() && !dataDir.mkdirs()) {
        throw new IOException("cannot create " + dataDir);
      }
      server = port > 0 ? new TestingServer(port, dataDir, true) : new TestingServer(-1, dataDir, true);
    } catch (Exception e) {
      throw new IllegalStateException("ECP-ZK-001 embedded ZooKeeper did not start in " + dataDir + ": " + e, e);
    }
    LOG.info("ECP-ZK-100 embedded ZooKeeper listening at {}", server.getConnectString());
  }

  public String connectString() {
    return server.getConnectString();
  }

  /** Stops the server as if it crashed (tests of session loss). */
  public void stop() throws IOException {
    server.stop();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
