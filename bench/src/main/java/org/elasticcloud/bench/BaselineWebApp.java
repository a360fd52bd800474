package org.elasticcloud.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The floor of the start-up benchmark: Spring Boot with Tomcat and Actuator and nothing else, run
 * with the same JVM options as the platform. The platform's cost is measured as a ratio to it.
 */
@SpringBootApplication
public class BaselineWebApp {
  public static void main(String[] args) {
    SpringApplication.run(BaselineWebApp.class, args);
  }
}
