package org.elasticcloud.integrations.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One docker-java client per engine endpoint, created on first use and kept: each host's engine
 * has its own connection pool, and one slow host cannot exhaust another's connections.
 */
public class DockerEngines implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngines.class);

  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

  public DockerEngines(Duration connectTimeout, Duration responseTimeout) {
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
  }

  /** The client of the engine at {@code endpoint} ({@code unix:///…} or {@code tcp://host:port}). */
  public DockerClient client(String endpoint) {
    return clients.computeIfAbsent(endpoint, this::create);
  }

  private DockerClient create(String endpoint) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(endpoint)
        .withDockerTlsVerify(false)
        .build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(URI.create(endpoint))
        .maxConnections(32)
        .connectionTimeout(connectTimeout)
        .responseTimeout(responseTimeout)
        .build();
    LOG.info("ECP-DOCKER-100 client created for engine {}", endpoint);
    return DockerClientImpl.getInstance(config, http);
  }

  @Override
  public void close() {
    clients.forEach((endpoint, client) -> {
      try {
        client.close();
      } catch (IOException e) {
        LOG.warn("ECP-DOCKER-101 closing client of {} failed: {}", endpoint, e.toString());
      }
    });
    clients.clear();
  }
}
