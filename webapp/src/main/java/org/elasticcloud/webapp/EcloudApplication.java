package org.elasticcloud.webapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Elastic Cloud: starts the platform node. */
@SpringBootApplication(scanBasePackages = {"org.elasticcloud.webapp", "org.elasticcloud.delegates"})
public class EcloudApplication {
  public static void main(String[] args) {
    SpringApplication.run(EcloudApplication.class, args);
  }
}
