package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.elasticcloud.core.port.ClusterRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The live platform nodes and host agents, as registered in ZooKeeper. */
@RestController
@RequestMapping("/api/cluster")
@Tag(name = "Cluster")
public class ClusterController {
  private final ClusterRegistry registry;

  public ClusterController(ClusterRegistry registry) {
    this.registry = registry;
  }

  @GetMapping
  public List<ClusterRegistry.Member> members() {
    return registry.members();
  }
}
