package org.elasticcloud.webapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on its embedded defaults (H2 file database and in-process ZooKeeper in a
 * fresh data directory), on a random port. Subclasses share one running application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"ecloud.admin.user=admin", "ecloud.admin.password=test-admin-secret"})
public abstract class ApiTestBase {
  protected static final String ADMIN = "admin";
  protected static final String PASSWORD = "test-admin-secret";
  private static final Path DATA_DIR;

  static {
    try {
      DATA_DIR = Files.createTempDirectory("ecloud-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("ecloud.data-dir", DATA_DIR::toString);
  }

  @Autowired
  protected TestRestTemplate anonymous;

  protected TestRestTemplate admin() {
    return anonymous.withBasicAuth(ADMIN, PASSWORD);
  }

  protected ResponseEntity<Map> post(String path, String json) {
    return send(HttpMethod.POST, path, json);
  }

  protected ResponseEntity<Map> put(String path, String json) {
    return send(HttpMethod.PUT, path, json);
  }

  protected ResponseEntity<Map> send(HttpMethod method, String path, String json) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return admin().exchange(path, method, new HttpEntity<>(json, headers), Map.class);
  }

  protected long idOf(ResponseEntity<Map> created) {
    return ((Number) created.getBody().get("id")).longValue();
  }

  protected static String labEngine() {
    String endpoint = System.getenv("ECLOUD_LAB_DOCKER_1");
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalStateException("ECLOUD_LAB_DOCKER_1 is not set: run the tests with lab/test.sh");
    }
    return endpoint;
  }
}
