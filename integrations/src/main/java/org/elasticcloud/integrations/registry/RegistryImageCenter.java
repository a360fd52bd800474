package org.elasticcloud.integrations.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.elasticcloud.core.port.ImageCenter;
import org.elasticcloud.core.port.ImageNotFoundException;
import org.elasticcloud.integrations.docker.DockerEngines;

/**
 * {@link ImageCenter} on a Docker registry (HTTP API v2) at {@code host:port}: listings go to the
 * registry itself, pushes, pulls and builds go through a host's engine.
 */
public class RegistryImageCenter implements ImageCenter {
  private static final int CATALOG_PAGE = 1000;
  private static final Duration PUSH_PULL_TIMEOUT = Duration.ofMinutes(10);
  private final DockerEngines engines;
  private final String registry;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final ObjectMapper json = new ObjectMapper();

  /** @param registry {@code host:port} of the registry, e.g. {@code 127.0.0.1:5050} */
  public RegistryImageCenter(DockerEngines engines, String registry) {
    this.engines = engines;
    this.registry = registry;
  }

  @Override
  public String reference(String repository, String tag) {
    return registry + "/" + repository + ":" + tag;
  }

  @Override
  public List<String> repositories() {
    // the registry pages its catalog (at most 1000 a page): walk it with "last"
    List<String> out = new ArrayList<>();
    String last = null;
    while (true) {
      JsonNode body = get("/v2/_catalog?n=" + CATALOG_PAGE + (last == null ? "" : "&last="
          + java.net.URLEncoder.encode(last, StandardCharsets.UTF_8)));
      int before = out.size();
      body.path("repositories").forEach(r -> out.add(r.asText()));
      if (out.size() - before < CATALOG_PAGE) {
        return out;
      }
      last = out.get(out.size() - 1);
    }
  }

  @Override
  public List<String> tags(String repository) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/tags/list")).GET());
    if (r.statusCode() == 404) {
      return List.of();
    }
    JsonNode body = parse(r);
    List<String> out = new ArrayList<>();
    body.path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  @Override
  public boolean exists(String repository, String tag) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
        .method("HEAD", HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json"));
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 404) {
      return false;
    }
    throw new IllegalStateException("ECP-REG-001 registry " + registry + " answered " + r.statusCode());
  }

  @Override
  public String push(String engine, String localImage, String repository, String tag) {
    DockerClient client = engines.client(engine);
    try {
      client.tagImageCmd(localImage, registry + "/" + repository, tag).exec();
    } catch (NotFoundException e) {
      throw new ImageNotFoundException("ECP-REG-002 no local image " + localImage + " on " + engine, e);
    }
    try {
      client.pushImageCmd(registry + "/" + repository).withTag(tag).start()
          .awaitCompletion(PUSH_PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pushing", e);
    } catch (DockerClientException | DockerException e) {
      throw new IllegalStateException("ECP-REG-003 push of " + reference(repository, tag) + " failed: " + e.getMessage(), e);
    }
    if (!exists(repository, tag)) {
      throw new IllegalStateException("ECP-REG-004 push of " + reference(repository, tag) + " left nothing in the registry");
    }
    return reference(repository, tag);
  }

  @Override
  public String pull(String engine, String repository, String tag) {
    if (!exists(repository, tag)) {
      throw new ImageNotFoundException("ECP-REG-005 the image center has no " + reference(repository, tag));
    }
    try {
      engines.client(engine).pullImageCmd(registry + "/" + repository).withTag(tag).start()
          .awaitCompletion(PUSH_PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pulling", e);
    } catch (DockerClientException | DockerException e) {
      throw new IllegalStateException("ECP-REG-006 pull of " + reference(repository, tag) + " failed: " + e.getMessage(), e);
    }
    return reference(repository, tag);
  }

  @Override
  public String buildApplication(String engine, String baseRepository, String baseTag, Map<String, byte[]> files,
      List<String> command, String repository, String tag) {
    String base = pull(engine, baseRepository, baseTag);
    StringBuilder dockerfile = new StringBuilder("FROM ").append(base).append('\n');
    Map<String, byte[]> context = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (!f.getKey().matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("ECP-REG-007 not a plain file name: " + f.getKey());
      }
      context.put("app/" + f.getKey(), f.getValue());
    }
    if (!context.isEmpty()) {
      dockerfile.append("COPY app/ /opt/app/\n");
    }
    if (!command.isEmpty()) {
      dockerfile.append("CMD [");
      for (int i = 0; i < command.size(); i++) {
        dockerfile.append(i == 0 ? "" : ", ").append(jsonString(command.get(i)));
      }
      dockerfile.append("]\n");
    }
    dockerfile.append("LABEL org.elasticcloud.layer=APPLICATION org.elasticcloud.base=").append(jsonString(base)).append('\n');
    context.put("Dockerfile", dockerfile.toString().getBytes(StandardCharsets.UTF_8));
    String local = repository + ":" + tag;
    try {
      engines.client(engine).buildImageCmd(new ByteArrayInputStream(tar(context)))
          .withTags(Set.of(local)).withPull(false).withNoCache(false)
          .exec(new BuildImageResultCallback()).awaitImageId(PUSH_PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (DockerClientException | DockerException e) {
      throw new IllegalStateException("ECP-REG-008 build of " + local + " failed: " + e.getMessage(), e);
    }
    return push(engine, local, repository, tag);
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A minimal ustar archive of regular files (the build context). */
  static byte[] tar(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      byte[] header = new byte[512];
      put(header, 0, f.getKey(), 100);
      put(header, 100, "0000644", 8);
      put(header, 108, "0000000", 8);
      put(header, 116, "0000000", 8);
      put(header, 124, String.format("%011o", f.getValue().length), 12);
      put(header, 136, String.format("%011o", 0L), 12);
      java.util.Arrays.fill(header, 148, 156, (byte) ' ');
      header[156] = '0';
      put(header, 257, "ustar", 6);
      put(header, 263, "00", 2);
      long sum = 0;
      for (byte b : header) {
        sum += b & 0xff;
      }
      put(header, 148, String.format("%06o", sum), 6);
      header[154] = 0;
      header[155] = ' ';
      out.writeBytes(header);
      out.writeBytes(f.getValue());
      int pad = (512 - f.getValue().length % 512) % 512;
      out.writeBytes(new byte[pad]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  private static void put(byte[] header, int offset, String value, int length) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, Math.min(bytes.length, length));
  }

  private URI uri(String path) {
    return URI.create("http://" + registry + path);
  }

  private JsonNode get(String path) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("ECP-REG-001 registry " + registry + " answered " + r.statusCode() + " to " + path);
    }
    return parse(r);
  }

  private JsonNode parse(HttpResponse<String> r) {
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("ECP-REG-009 registry answered malformed JSON", e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("ECP-REG-010 registry " + registry + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
