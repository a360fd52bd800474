package org.elasticcloud.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The platform boots with its engine, webapps, REST, pages and the cluster registry. */
class PlatformSmokeTest extends ApiTestBase {
  @Autowired
  IdentityService identity;
  @Autowired
  RepositoryService repository;

  @Test
  void engineRestRefusesAnonymousCallers() {
    ResponseEntity<String> r = anonymous.getForEntity("/engine-rest/engine", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(r.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
    assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void engineRestAnswersTheAdministrator() {
    ResponseEntity<List> r = admin().getForEntity("/engine-rest/engine", List.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getBody()).containsExactly(Map.of("name", "default"));
  }

  @Test
  void aWrongPasswordIsRefused() {
    if (identity.createUserQuery().userId("mallory").count() == 0) {
      User u = identity.newUser("mallory");
      u.setPassword("right-password");
      identity.saveUser(u);
    }
    assertThat(anonymous.withBasicAuth("mallory", "wrong-password").getForEntity("/api/datacenters", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.withBasicAuth("nobody", "x").getForEntity("/engine-rest/engine", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void apiRefusesAnonymousCallers() {
    assertThat(anonymous.getForEntity("/api/hosts", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void cockpitLoginPageLoads() {
    ResponseEntity<String> r = anonymous.getForEntity("/camunda/app/cockpit/default/", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getBody()).contains("<title>Camunda Cockpit</title>");
  }

  @Test
  void homePageRendersTheInventory() {
    ResponseEntity<String> r = anonymous.getForEntity("/", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getBody()).contains("<h1>Elastic Cloud</h1>").contains("id=\"count-hosts\"")
        .contains("/camunda/app/cockpit/default/");
  }

  @Test
  void healthIsUpWithEngineAndZooKeeper() {
    ResponseEntity<Map> r = anonymous.getForEntity("/actuator/health", Map.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getBody()).containsEntry("status", "UP");
    Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) r.getBody().get("components");
    assertThat(components.get("zookeeper")).containsEntry("status", "UP");
    assertThat(components.get("processEngine")).containsEntry("status", "UP");
  }

  @Test
  void openApiDescribesTheApi() {
    ResponseEntity<Map> r = anonymous.getForEntity("/v3/api-docs", Map.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Object> paths = (Map<String, Object>) r.getBody().get("paths");
    assertThat(paths).containsKeys("/api/datacenters", "/api/hosts", "/api/groups/{id}", "/api/processes/{id}");
    assertThat(((Map<String, Object>) r.getBody().get("info")).get("title")).isEqualTo("Elastic Cloud API");
  }

  @Test
  void theBpmnModelsAreDeployed() {
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("RegisterHostProcess").latestVersion()
        .singleResult()).isNotNull();
  }

  @Test
  void thisNodeIsListedInTheCluster() {
    ResponseEntity<List> r = admin().getForEntity("/api/cluster", List.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getBody()).anySatisfy(m -> assertThat((Map<String, Object>) m).containsEntry("role", "platform"));
  }
}
