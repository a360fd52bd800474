package org.elasticcloud.integrations.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.elasticcloud.core.port.VolumeInUseException;
import org.elasticcloud.core.port.VolumeNotFoundException;
import org.elasticcloud.core.port.Volumes;
import org.elasticcloud.integrations.docker.SharedDirectoryBinder;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Volumes} on OpenStack Cinder (block storage API v3, microversion {@value #MICROVERSION}):
 * the volume records and their attachments are Cinder's (attachments API: create with the host's
 * connector, complete; delete with a service token, as Nova does). The platform's volumes carry
 * the metadata {@code owner=ecloud}, and the host they are attached to as {@code attached_host}.
 * Where the bytes are reached on the host is the {@link SharedDirectoryBinder}'s business (the
 * lab); on a production host the attachment's connection info names the block device to mount.
 */
public class CinderVolumes implements Volumes {
  static final String MICROVERSION = "3.54";
  private static final Logger LOG = LoggerFactory.getLogger(CinderVolumes.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final OpenStackSession session;
  private final SharedDirectoryBinder binder;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public CinderVolumes(OpenStackSession session, SharedDirectoryBinder binder) {
    this.session = session;
    this.binder = binder;
  }

  @Override
  public VolumeInfo create(String name, long sizeGb) {
    Optional<JsonNode> existing = volume(name);
    if (existing.isPresent()) {
      return info(waitFor(existing.get().path("id").asText(), "available", "in-use"));
    }
    ObjectNode body = json.createObjectNode();
    ObjectNode v = body.putObject("volume");
    v.put("name", name);
    v.put("size", sizeGb);
    v.putObject("metadata").put("owner", "ecloud");
    JsonNode created = expect(send("POST", "/volumes", body), 202, "create volume " + name).path("volume");
    // a retry of the same step may have created a twin meanwhile: keep the oldest
    List<JsonNode> twins = volumes(name);
    JsonNode keep = twins.stream().min(Comparator.comparing((JsonNode n) -> n.path("created_at").asText())
        .thenComparing(n -> n.path("id").asText())).orElse(created);
    for (JsonNode twin : twins) {
      if (!twin.path("id").asText().equals(keep.path("id").asText())) {
        LOG.warn("ECP-CINDER-010 removing twin volume {} of {}", twin.path("id").asText(), name);
        waitFor(twin.path("id").asText(), "available", "error");
        send("DELETE", "/volumes/" + twin.path("id").asText(), null);
      }
    }
    binder.prepare(name);
    return info(waitFor(keep.path("id").asText(), "available"));
  }

  @Override
  public String attach(String name, String hostName) {
    JsonNode v = volume(name).orElseThrow(() -> new VolumeNotFoundException("ECP-CINDER-003 no volume named " + name));
    String id = v.path("id").asText();
    String attachedTo = v.path("metadata").path("attached_host").asText(null);
    if (attachedTo != null && !attachedTo.equals(hostName) && v.path("attachments").size() > 0) {
      throw new VolumeInUseException("ECP-CINDER-004 volume " + name + " is attached to " + attachedTo);
    }
    if (v.path("attachments").size() == 0) {
      ObjectNode body = json.createObjectNode();
      ObjectNode a = body.putObject("attachment");
      a.put("volume_uuid", id);
      a.put("instance_uuid", instanceOf(hostName));
      a.put("mode", "rw");
      ObjectNode connector = a.putObject("connector");
      connector.put("host", hostName);
      connector.put("ip", "127.0.0.1");
      connector.put("initiator", "iqn.2026-11.org.elasticcloud:" + hostName);
      connector.put("platform", "x86_64");
      connector.put("os_type", "linux");
      connector.put("multipath", false);
      JsonNode attachment = expect(send("POST", "/attachments", body), 200, "attach " + name).path("attachment");
      expect(send("POST", "/attachments/" + attachment.path("id").asText() + "/action",
          json.createObjectNode().set("os-complete", json.createObjectNode())), 204, "complete attachment of " + name);
      setAttachedHost(id, hostName);
    } else if (attachedTo == null) {
      setAttachedHost(id, hostName);
    }
    return binder.bind(name, hostName);
  }

  @Override
  public void detach(String name, String hostName) {
    Optional<JsonNode> found = volume(name);
    if (found.isEmpty()) {
      return;
    }
    JsonNode v = found.get();
    if (!hostName.equals(v.path("metadata").path("attached_host").asText(null))) {
      return;
    }
    binder.unbind(name, hostName);
    String id = v.path("id").asText();
    for (JsonNode a : v.path("attachments")) {
      HttpResponse<String> r = send("DELETE", "/attachments/" + a.path("attachment_id").asText(), null);
      if (r.statusCode() != 200 && r.statusCode() != 404) {
        throw new IllegalStateException("ECP-CINDER-005 detaching " + name + " failed: " + r.statusCode() + " " + r.body());
      }
    }
    HttpResponse<String> r = send("DELETE", "/volumes/" + id + "/metadata/attached_host", null);
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw new IllegalStateException("ECP-CINDER-006 clearing the host of " + name + " failed: " + r.statusCode());
    }
    waitFor(id, "available");
  }

  @Override
  public boolean delete(String name) {
    List<JsonNode> all = volumes(name);
    if (all.isEmpty()) {
      return false;
    }
    for (JsonNode v : all) {
      if (v.path("attachments").size() > 0) {
        throw new VolumeInUseException("ECP-CINDER-007 volume " + name + " is attached to "
            + v.path("metadata").path("attached_host").asText("a host"));
      }
      String id = v.path("id").asText();
      HttpResponse<String> r = send("DELETE", "/volumes/" + id, null);
      if (r.statusCode() != 202 && r.statusCode() != 404) {
        throw new IllegalStateException("ECP-CINDER-008 deleting " + name + " failed: " + r.statusCode() + " " + r.body());
      }
      waitGone(id);
    }
    binder.erase(name);
    return true;
  }

  @Override
  public Optional<VolumeInfo> find(String name) {
    return volume(name).map(this::info);
  }

  @Override
  public List<VolumeInfo> list() {
    JsonNode body = expect(send("GET", "/volumes/detail?limit=1000", null), 200, "list volumes");
    List<VolumeInfo> out = new ArrayList<>();
    for (JsonNode v : body.path("volumes")) {
      if ("ecloud".equals(v.path("metadata").path("owner").asText(null))) {
        out.add(info(v));
      }
    }
    return out;
  }

  private VolumeInfo info(JsonNode v) {
    String host = v.path("attachments").size() > 0 ? v.path("metadata").path("attached_host").asText(null) : null;
    return new VolumeInfo(v.path("id").asText(), v.path("name").asText(), v.path("size").asLong(), host);
  }

  private Optional<JsonNode> volume(String name) {
    return volumes(name).stream().min(Comparator.comparing((JsonNode n) -> n.path("created_at").asText())
        .thenComparing(n -> n.path("id").asText()));
  }

  private List<JsonNode> volumes(String name) {
    JsonNode body = expect(send("GET", "/volumes/detail?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null),
        200, "find volume " + name);
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : body.path("volumes")) {
      if (name.equals(v.path("name").asText()) && !"deleting".equals(v.path("status").asText())) {
        out.add(v);
      }
    }
    return out;
  }

  private void setAttachedHost(String id, String hostName) {
    ObjectNode body = json.createObjectNode();
    body.putObject("metadata").put("attached_host", hostName);
    expect(send("POST", "/volumes/" + id + "/metadata", body), 200, "record the host of volume " + id);
  }

  /** The stand-in instance of a host in Cinder's attachment records: one stable UUID per host. */
  static String instanceOf(String hostName) {
    return UUID.nameUUIDFromBytes(("ecloud-host:" + hostName).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private JsonNode waitFor(String id, String... states) {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (true) {
      JsonNode v = expect(send("GET", "/volumes/" + id, null), 200, "read volume " + id).path("volume");
      String status = v.path("status").asText();
      for (String s : states) {
        if (s.equals(status)) {
          return v;
        }
      }
      if (status.startsWith("error")) {
        throw new IllegalStateException("ECP-CINDER-009 volume " + id + " is in state " + status);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("ECP-CINDER-011 volume " + id + " still " + status + " after " + READY_TIMEOUT);
      }
      pause();
    }
  }

  private void waitGone(String id) {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (send("GET", "/volumes/" + id, null).statusCode() != 404) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("ECP-CINDER-012 volume " + id + " not gone after " + READY_TIMEOUT);
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100); // polling Cinder's state machine; there is no event to wait on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private JsonNode expect(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException("ECP-CINDER-001 " + what + ": Cinder answered " + r.statusCode() + " " + r.body());
    }
    try {
      return r.body() == null || r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("ECP-CINDER-002 " + what + ": malformed answer", e);
    }
  }

  private HttpResponse<String> send(String method, String path, JsonNode body) {
    Token token = session.token();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint(token) + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-Auth-Token", token.getId())
        .header("X-Service-Token", token.getId())
        .header("OpenStack-API-Version", "volume " + MICROVERSION)
        .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("ECP-CINDER-013 Cinder unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private String endpoint(Token token) {
    for (Service s : token.getCatalog()) {
      if ("volumev3".equals(s.getType()) || "block-storage".equals(s.getType())) {
        for (Endpoint e : s.getEndpoints()) {
          if ("public".equals(e.getIface().value()) && (session.region() == null
              || session.region().equals(e.getRegion()) || e.getRegion() == null)) {
            String url = e.getUrl().toString();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
          }
        }
      }
    }
    throw new IllegalStateException("ECP-CINDER-014 no block-storage endpoint in the catalog");
  }
}
