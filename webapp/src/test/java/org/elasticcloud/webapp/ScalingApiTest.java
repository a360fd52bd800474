package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Bad scale-out and scale-in requests are 4xx with the field named, and start nothing. */
class ScalingApiTest extends ApiTestBase {
  @Autowired
  RuntimeService runtime;

  private long group() {
    String app = "scl" + System.nanoTime() % 1_000_000;
    long dept = idOf(post("/api/departments", "{\"name\":\"" + app + "-d\"}"));
    long owner = idOf(post("/api/owners", "{\"name\":\"" + app + "-o\",\"email\":\"o@example.org\",\"departmentId\":" + dept + "}"));
    long appId = idOf(post("/api/applications", "{\"name\":\"" + app + "\",\"ownerId\":" + owner + "}"));
    long spec = idOf(post("/api/specs", "{\"name\":\"" + app + "-s\",\"cores\":1,\"memoryMb\":512,\"diskGb\":5}"));
    return idOf(post("/api/groups", "{\"applicationId\":" + appId + ",\"environmentId\":1,\"name\":\"g\",\"specId\":"
        + spec + ",\"minInstances\":1,\"maxInstances\":5}"));
  }

  private long started() {
    return runtime.createProcessInstanceQuery().processDefinitionKey("ScaleOutProcess").count()
        + runtime.createProcessInstanceQuery().processDefinitionKey("ScaleInProcess").count();
  }

  private static List<String> fields(ResponseEntity<Map> r) {
    return ((List<Map<String, String>>) r.getBody().get("errors")).stream().map(e -> e.get("field")).toList();
  }

  @Test
  void badScaleRequestsStartNothing() {
    long before = started();
    long group = group();
    long dc = idOf(post("/api/datacenters", "{\"name\":\"scl-dc-" + System.nanoTime() % 1_000_000 + "\"}"));

    assertThat(post("/api/groups/987654/scale-out", "{\"count\":1,\"datacenterId\":" + dc + ",\"image\":\"x:1\"}")
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    ResponseEntity<Map> zero = post("/api/groups/" + group + "/scale-out", "{\"count\":0,\"datacenterId\":987,\"image\":\"\"}");
    assertThat(zero.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(fields(zero)).contains("count", "datacenterId", "image");
    ResponseEntity<Map> tooMany = post("/api/groups/" + group + "/scale-out",
        "{\"count\":101,\"datacenterId\":" + dc + ",\"image\":\"x:1\"}");
    assertThat(fields(tooMany)).containsExactly("count");
    ResponseEntity<Map> noTemplate = post("/api/groups/" + group + "/scale-out",
        "{\"count\":2,\"datacenterId\":" + dc + ",\"image\":\"x:1\"}");
    assertThat(noTemplate.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(fields(noTemplate)).containsExactly("template");

    ResponseEntity<Map> moreThanThere = post("/api/groups/" + group + "/scale-in", "{\"count\":1,\"datacenterId\":" + dc + "}");
    assertThat(moreThanThere.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(fields(moreThanThere)).containsExactly("count");
    assertThat(post("/api/groups/" + group + "/scale-in", "{\"count\":\"two\"}").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);

    assertThat(started()).isEqualTo(before);
  }
}
