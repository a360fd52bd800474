package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Registering a group's template over REST, confirmed by an operator's task. */
class TemplateApiTest extends ApiTestBase {
  @Autowired
  TaskService tasks;

  private long group(String app) {
    long dept = idOf(post("/api/departments", "{\"name\":\"" + app + "-d\"}"));
    long owner = idOf(post("/api/owners", "{\"name\":\"" + app + "-o\",\"email\":\"o@example.org\",\"departmentId\":" + dept + "}"));
    long appId = idOf(post("/api/applications", "{\"name\":\"" + app + "\",\"ownerId\":" + owner + "}"));
    long spec = idOf(post("/api/specs", "{\"name\":\"" + app + "-s\",\"cores\":1,\"memoryMb\":512,\"diskGb\":5}"));
    return idOf(post("/api/groups", "{\"applicationId\":" + appId + ",\"environmentId\":1,\"name\":\"v2\",\"specId\":"
        + spec + ",\"minInstances\":1,\"maxInstances\":5}"));
  }

  private static final String TEMPLATE = "{\"containerName\":\"tpl-production-v2-0\",\"containerIp\":\"10.211.1.5\","
      + "\"grants\":[{\"server\":\"jdbc:mysql://127.0.0.1:3307/cap\",\"schema\":\"cap\",\"user\":\"cap_app\","
      + "\"privileges\":\"SELECT, INSERT\"}],"
      + "\"vip\":{\"name\":\"cap-v2\",\"address\":\"10.211.14.20\",\"port\":80,\"memberPort\":8080,\"healthPath\":\"/health\"},"
      + "\"monitoring\":{\"metrics\":[\"cpu\",\"memory\"]},\"logging\":{\"paths\":[\"/var/log/app/*.log\"],\"retentionDays\":14}}";

  @Test
  void aTemplateIsRecordedConfirmedAndBecomesTheGroups() {
    long groupId = group("tplok" + System.nanoTime() % 100000);
    ResponseEntity<Map> r = post("/api/groups/" + groupId + "/template", TEMPLATE);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    String pid = (String) r.getBody().get("processInstanceId");
    assertThat((String) r.getBody().get("businessKey")).endsWith("/production/v2");

    await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery().processInstanceId(pid).count() == 1);
    assertThat(admin().getForEntity("/api/groups/" + groupId + "/template", Map.class).getBody())
        .containsEntry("state", "PENDING").containsEntry("registeredBy", ADMIN);
    Task task = tasks.createTaskQuery().processInstanceId(pid).taskCandidateGroup("camunda-admin").singleResult();
    tasks.claim(task.getId(), ADMIN);
    tasks.complete(task.getId(), Map.of("confirmed", true));

    await().atMost(Duration.ofSeconds(30)).until(() ->
        "REGISTERED".equals(admin().getForEntity("/api/groups/" + groupId + "/template", Map.class).getBody().get("state")));
    Map<String, Object> t = admin().getForEntity("/api/groups/" + groupId + "/template", Map.class).getBody();
    assertThat(t).containsEntry("confirmedBy", ADMIN);
    assertThat((List<Map<String, Object>>) t.get("registrations")).extracting(x -> x.get("kind"))
        .containsExactlyInAnyOrder("DB_GRANT", "VIP", "MONITORING", "LOGGING");
  }

  @Test
  void badRegistrationsNameTheirFieldsAndStartNothing() {
    long groupId = group("tplbad" + System.nanoTime() % 100000);
    String bad = TEMPLATE.replace("SELECT, INSERT", "ALL PRIVILEGES").replace("\"port\":80", "\"port\":0")
        .replace("\"cpu\"", "\"temperature\"");
    ResponseEntity<Map> r = post("/api/groups/" + groupId + "/template", bad);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((List<Map<String, String>>) r.getBody().get("errors")).extracting(e -> e.get("field"))
        .contains("grants[0].privileges", "vip.port", "monitoring.metrics");
    assertThat(admin().getForEntity("/api/groups/" + groupId + "/template", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(post("/api/groups/987654/template", TEMPLATE).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }
}
