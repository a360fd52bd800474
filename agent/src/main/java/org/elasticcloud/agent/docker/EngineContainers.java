package org.elasticcloud.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.agent.collect.ContainerDetails;
import org.elasticcloud.agent.collect.ContainerListing;

/**
 * The local Docker engine, as the agent reads it: the container list (one call a round) and a
 * container's inspect data (once per container). Everything else the agent reads from files.
 *
 * <p>It speaks the Engine API through docker-java's HTTP transport (unix socket or TCP) and reads
 * the JSON itself: docker-java's inspect model has no field for {@code GraphDriver.Data.UpperDir},
 * the writable layer whose size is part of a container's disk use.
 */
public class EngineContainers implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String endpoint;
  private final DockerHttpClient http;

  public EngineContainers(String endpoint) {
    this.endpoint = endpoint;
    this.http = new ApacheDockerHttpClient.Builder()
        .dockerHost(URI.create(endpoint))
        .maxConnections(4)
        .connectionTimeout(Duration.ofSeconds(3))
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** Every container, running or not ({@code GET /containers/json?all=1}). */
  public List<ContainerListing> list() {
    JsonNode array = get("/containers/json?all=1").orElseThrow(
        () -> new IllegalStateException("ECP-AGENT-123 " + endpoint + " has no container list"));
    List<ContainerListing> out = new ArrayList<>();
    for (JsonNode c : array) {
      String id = c.path("Id").asText();
      String name = c.path("Names").path(0).asText(id);
      if (name.startsWith("/")) {
        name = name.substring(1);
      }
      Map<String, String> labels = new HashMap<>();
      c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      out.add(new ContainerListing(id, name, "running".equals(c.path("State").asText()),
          ContainerListing.Health.ofStatus(c.path("Status").asText(null)), Map.copyOf(labels)));
    }
    return out;
  }

  /**
   * The container's main process, cgroup parent, writable layer and mounted host directories
   * ({@code GET /containers/<id>/json}); empty when it is gone.
   */
  public Optional<ContainerDetails> inspect(String id) {
    Optional<JsonNode> found = get("/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/json");
    if (found.isEmpty()) {
      return Optional.empty();
    }
    JsonNode r = found.get();
    String upper = r.path("GraphDriver").path("Data").path("UpperDir").asText("");
    List<Path> mounts = new ArrayList<>();
    for (JsonNode m : r.path("Mounts")) {
      String source = m.path("Source").asText("");
      if (!source.isBlank()) {
        mounts.add(Path.of(source));
      }
    }
    String parent = r.path("HostConfig").path("CgroupParent").asText("");
    return Optional.of(new ContainerDetails(r.path("Id").asText(id), r.path("State").path("Pid").asLong(0), parent,
        upper.isBlank() ? null : Path.of(upper), List.copyOf(mounts)));
  }

  /** The answer's JSON; empty on 404. */
  private Optional<JsonNode> get(String path) {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET).path(path).build();
    try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
      int status = response.getStatusCode();
      if (status == 404) {
        return Optional.empty();
      }
      if (status / 100 != 2) {
        throw new IllegalStateException("ECP-AGENT-124 " + endpoint + path + " answered " + status + ": "
            + new String(body.readNBytes(300), StandardCharsets.UTF_8));
      }
      return Optional.of(JSON.readTree(body));
    } catch (IOException e) {
      throw new UncheckedIOException("ECP-AGENT-125 " + endpoint + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // closing a connection pool: nothing left to do
    }
  }
}
