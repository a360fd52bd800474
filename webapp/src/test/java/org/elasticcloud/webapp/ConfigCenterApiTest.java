package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.elasticcloud.core.inventory.Container;
import org.elasticcloud.core.inventory.ContainerState;
import org.elasticcloud.core.port.ConfigPublisher;
import org.elasticcloud.db.Inventory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The config center over REST: versions, history, rollback, ZooKeeper publication, container reads. */
class ConfigCenterApiTest extends ApiTestBase {
  @Autowired
  Inventory inventory;
  @Autowired
  ConfigPublisher publisher;

  private String app;
  private long groupId;

  @BeforeEach
  void aGroup() {
    app = "cfg" + Long.toString(System.nanoTime(), 36);
    long dept = idOf(post("/api/departments", "{\"name\":\"" + app + "-dept\"}"));
    long owner = idOf(post("/api/owners", "{\"name\":\"" + app + "-owner\",\"email\":\"o@example.org\",\"departmentId\":" + dept + "}"));
    long appId = idOf(post("/api/applications", "{\"name\":\"" + app + "\",\"ownerId\":" + owner + "}"));
    long spec = idOf(post("/api/specs", "{\"name\":\"" + app + "-spec\",\"cores\":1,\"memoryMb\":512,\"diskGb\":5}"));
    groupId = idOf(post("/api/groups", "{\"applicationId\":" + appId + ",\"environmentId\":1,\"name\":\"g1\",\"specId\":"
        + spec + ",\"minInstances\":1,\"maxInstances\":5}"));
  }

  private String path() {
    return "/api/config/" + app + "/production/g1";
  }

  @Test
  void versionsHistoryRollbackAndPublication() {
    ResponseEntity<Map> v1 = put(path(), "{\"properties\":{\"db.url\":\"jdbc:mysql://db1/cap\",\"pool.size\":\"10\"},"
        + "\"comment\":\"first\"}");
    assertThat(v1.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(v1.getBody()).containsEntry("version", 1).containsEntry("author", ADMIN).containsEntry("published", true);
    ResponseEntity<Map> v2 = put(path(), "{\"properties\":{\"db.url\":\"jdbc:mysql://db2/cap\",\"pool.size\":\"20\"}}");
    assertThat(v2.getBody()).containsEntry("version", 2);
    assertThat(publisher.published(app, "production", "g1")).isEqualTo(2);

    Map<String, Object> current = admin().getForEntity(path(), Map.class).getBody();
    assertThat(current).containsEntry("version", 2);
    assertThat((Map<String, String>) current.get("properties")).containsEntry("pool.size", "20");
    assertThat(admin().getForEntity(path() + "?format=properties", String.class).getBody())
        .isEqualTo("db.url=jdbc:mysql://db2/cap\npool.size=20\n");

    ResponseEntity<Map> v3 = admin().postForEntity(path() + "/rollback?toVersion=1", null, Map.class);
    assertThat(v3.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(v3.getBody()).containsEntry("version", 3);
    assertThat((Map<String, String>) v3.getBody().get("properties")).containsEntry("pool.size", "10");
    assertThat(publisher.published(app, "production", "g1")).isEqualTo(3);

    List<Map<String, Object>> history = admin().getForEntity(path() + "/history", List.class).getBody();
    assertThat(history).extracting(h -> h.get("version")).containsExactly(3, 2, 1);
    assertThat(admin().getForEntity(path() + "?version=2", Map.class).getBody()).containsEntry("version", 2);
  }

  @Test
  void onlyTheGroupsOwnContainersReadWithoutCredentials() {
    put(path(), "{\"properties\":{\"k\":\"v\"}}");
    assertThat(anonymous.getForEntity(path() + "?format=properties", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.exchange(path(), org.springframework.http.HttpMethod.PUT, null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);

    // the test client calls from 127.0.0.1: record a container of the group with that IP
    Container c = inventory.containers.insert(new Container(null, groupId, null, app + "-c1", "127.0.0.1", null,
        null, null, ContainerState.RUNNING, 0));
    try {
      ResponseEntity<String> r = anonymous.getForEntity(path() + "?format=properties", String.class);
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(r.getBody()).isEqualTo("k=v\n");
      assertThat(r.getHeaders().getFirst("X-Config-Version")).isEqualTo("1");
    } finally {
      inventory.containers.delete(c.id());
    }
  }

  @Test
  void badPropertiesAndUnknownGroupsAreRefused() {
    ResponseEntity<Map> bad = put(path(), "{\"properties\":{\"bad key\":\"v\",\"ok\":\"two\\nlines\"}}");
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, String>>) bad.getBody().get("errors")).extracting(e -> e.get("field"))
        .containsExactlyInAnyOrder("properties.bad key", "properties.ok");
    assertThat(admin().getForEntity(path(), Map.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(put("/api/config/nope/production/g1", "{\"properties\":{}}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(admin().postForEntity(path() + "/rollback?toVersion=7", null, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
