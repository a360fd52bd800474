package org.elasticcloud.webapp.config;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads the first administrator from {@code ECLOUD_ADMIN_USER} / {@code ECLOUD_ADMIN_PASSWORD}.
 * Without a password, one is generated for this start ({@code ecloud.admin.generated=true}) and
 * printed once if it is used to create the user: there is no built-in production password.
 */
public class AdminUserEnvironment implements EnvironmentPostProcessor {
  static final String USER = "ecloud.admin.user";
  static final String PASSWORD = "ecloud.admin.password";
  static final String GENERATED = "ecloud.admin.generated";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    Map<String, Object> props = new HashMap<>();
    String user = env.getProperty("ECLOUD_ADMIN_USER", env.getProperty(USER, "admin"));
    String password = env.getProperty("ECLOUD_ADMIN_PASSWORD", env.getProperty(PASSWORD, ""));
    props.put(USER, user);
    if (password.isBlank()) {
      byte[] bytes = new byte[15];
      new SecureRandom().nextBytes(bytes);
      props.put(PASSWORD, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      props.put(GENERATED, "true");
    } else {
      props.put(PASSWORD, password);
      props.put(GENERATED, "false");
    }
    env.getPropertySources().addFirst(new MapPropertySource("ecloudAdminUser", props));
  }
}
