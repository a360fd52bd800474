package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** CRUD of the inventory over REST, and every kind of bad request answered 4xx changing nothing. */
class InventoryApiTest extends ApiTestBase {

  private int count(String path) {
    return admin().getForEntity(path + "?limit=500", List.class).getBody().size();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> errors(ResponseEntity<Map> r) {
    return (List<Map<String, String>>) r.getBody().get("errors");
  }

  private static void assertFieldError(ResponseEntity<Map> r, HttpStatus status, String field) {
    assertThat(r.getStatusCode()).isEqualTo(status);
    assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(errors(r)).extracting(e -> e.get("field")).contains(field);
  }

  @Test
  void datacenterLifecycle() {
    ResponseEntity<Map> created = post("/api/datacenters", "{\"name\":\"dc-life\",\"location\":\"Shanghai\"}");
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long id = idOf(created);
    assertThat(created.getHeaders().getLocation().getPath()).isEqualTo("/api/datacenters/" + id);

    assertThat(admin().getForEntity("/api/datacenters/" + id, Map.class).getBody()).containsEntry("location", "Shanghai");
    ResponseEntity<Map> updated = put("/api/datacenters/" + id, "{\"name\":\"dc-life\",\"location\":\"Suqian\"}");
    assertThat(updated.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(admin().getForEntity("/api/datacenters/" + id, Map.class).getBody()).containsEntry("location", "Suqian");

    assertThat(admin().exchange("/api/datacenters/" + id, HttpMethod.DELETE, null, Void.class).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    ResponseEntity<Map> gone = admin().getForEntity("/api/datacenters/" + id, Map.class);
    assertThat(gone.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(gone.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void applicationChainFromDepartmentToGroup() {
    long dept = idOf(post("/api/departments", "{\"name\":\"retail\"}"));
    long owner = idOf(post("/api/owners", "{\"name\":\"alice\",\"email\":\"alice@example.org\",\"departmentId\":" + dept + "}"));
    ResponseEntity<Map> app = post("/api/applications", "{\"name\":\"cap\",\"ownerId\":" + owner + "}");
    assertThat(app.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(app.getBody()).containsEntry("priority", 50);
    long spec = idOf(post("/api/specs", "{\"name\":\"c2m4\",\"cores\":2,\"memoryMb\":4096,\"diskGb\":20}"));
    List<Map<String, Object>> envs = admin().getForEntity("/api/environments", List.class).getBody();
    assertThat(envs).extracting(e -> e.get("name")).contains("production", "staging", "test");
    Object prod = envs.stream().filter(e -> e.get("name").equals("production")).findFirst().orElseThrow().get("id");

    ResponseEntity<Map> group = post("/api/groups", "{\"applicationId\":" + idOf(app) + ",\"environmentId\":" + prod
        + ",\"name\":\"v2\",\"specId\":" + spec + ",\"minInstances\":1,\"maxInstances\":10}");
    assertThat(group.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(admin().getForEntity("/api/groups/" + idOf(group), Map.class).getBody())
        .containsEntry("name", "v2").containsEntry("maxInstances", 10);

    // the spec is in use: deleting it is a conflict and it stays
    ResponseEntity<Map> inUse = admin().exchange("/api/specs/" + spec, HttpMethod.DELETE, null, Map.class);
    assertThat(inUse.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(admin().getForEntity("/api/specs/" + spec, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void negativeCapacityNamesTheField() {
    int before = count("/api/specs");
    ResponseEntity<Map> r = post("/api/specs", "{\"name\":\"bad\",\"cores\":-2,\"memoryMb\":4096,\"diskGb\":20}");
    assertFieldError(r, HttpStatus.BAD_REQUEST, "cores");
    assertThat(r.getBody()).containsEntry("status", 400).containsKey("detail");
    assertThat(count("/api/specs")).isEqualTo(before);
  }

  @Test
  void everyBadFieldIsListedAtOnce() {
    ResponseEntity<Map> r = post("/api/specs", "{\"name\":\"\",\"cores\":0,\"memoryMb\":-1}");
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(r)).extracting(e -> e.get("field")).contains("name", "cores", "memoryMb", "diskGb");
  }

  @Test
  void unknownReferenceNamesTheField() {
    int before = count("/api/owners");
    ResponseEntity<Map> r = post("/api/owners", "{\"name\":\"bob\",\"email\":\"bob@example.org\",\"departmentId\":987654}");
    assertFieldError(r, HttpStatus.BAD_REQUEST, "departmentId");
    assertThat(errors(r).get(0).get("message")).contains("987654");
    assertThat(count("/api/owners")).isEqualTo(before);
  }

  @Test
  void duplicateNameIsAConflict() {
    assertThat(post("/api/departments", "{\"name\":\"dup-dept\"}").getStatusCode()).isEqualTo(HttpStatus.CREATED);
    int before = count("/api/departments");
    assertFieldError(post("/api/departments", "{\"name\":\"dup-dept\"}"), HttpStatus.CONFLICT, "name");
    assertThat(count("/api/departments")).isEqualTo(before);
  }

  @Test
  void malformedJsonIsRefused() {
    int before = count("/api/datacenters");
    assertFieldError(post("/api/datacenters", "{\"name\": \"dc-x\""), HttpStatus.BAD_REQUEST, "body");
    assertThat(count("/api/datacenters")).isEqualTo(before);
  }

  @Test
  void wrongTypeNamesTheField() {
    assertFieldError(post("/api/specs", "{\"name\":\"s\",\"cores\":\"many\",\"memoryMb\":1,\"diskGb\":1}"),
        HttpStatus.BAD_REQUEST, "cores");
  }

  @Test
  void unknownFieldIsRefused() {
    assertFieldError(post("/api/datacenters", "{\"name\":\"dc-u\",\"colour\":\"red\"}"), HttpStatus.BAD_REQUEST, "colour");
  }

  @Test
  void missingBodyIsRefused() {
    assertFieldError(post("/api/datacenters", null), HttpStatus.BAD_REQUEST, "body");
  }

  @Test
  void oversizedBodyIsRefused() {
    int before = count("/api/datacenters");
    String big = "{\"name\":\"dc-big\",\"location\":\"" + "x".repeat(70_000) + "\"}";
    ResponseEntity<Map> r = post("/api/datacenters", big);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(r.getBody()).containsEntry("status", 413);
    assertThat(count("/api/datacenters")).isEqualTo(before);
  }

  @Test
  void groupBoundsMustBeOrdered() {
    long dept = idOf(post("/api/departments", "{\"name\":\"bounds-dept\"}"));
    long owner = idOf(post("/api/owners", "{\"name\":\"carol\",\"email\":\"carol@example.org\",\"departmentId\":" + dept + "}"));
    long app = idOf(post("/api/applications", "{\"name\":\"bounds-app\",\"ownerId\":" + owner + "}"));
    long spec = idOf(post("/api/specs", "{\"name\":\"bounds-spec\",\"cores\":1,\"memoryMb\":1024,\"diskGb\":10}"));
    ResponseEntity<Map> r = post("/api/groups", "{\"applicationId\":" + app + ",\"environmentId\":1,\"name\":\"g\","
        + "\"specId\":" + spec + ",\"minInstances\":5,\"maxInstances\":2}");
    assertFieldError(r, HttpStatus.BAD_REQUEST, "maxInstances");
  }

  @Test
  void badIdsAndPagesAreRefused() {
    ResponseEntity<Map> r = admin().getForEntity("/api/datacenters/abc", Map.class);
    assertFieldError(r, HttpStatus.BAD_REQUEST, "id");
    assertFieldError(admin().getForEntity("/api/datacenters?limit=0", Map.class), HttpStatus.BAD_REQUEST, "limit");
    assertThat(admin().exchange("/api/datacenters/424242", HttpMethod.DELETE, null, Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void updateOfAMissingItemIs404AndCreatesNothing() {
    int before = count("/api/departments");
    assertThat(put("/api/departments/424242", "{\"name\":\"ghost\"}").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(count("/api/departments")).isEqualTo(before);
  }

  @Test
  void nonJsonContentTypeIsRefused() {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.TEXT_PLAIN);
    ResponseEntity<Map> r = admin().exchange("/api/datacenters", HttpMethod.POST,
        new HttpEntity<>("name=dc", headers), Map.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
