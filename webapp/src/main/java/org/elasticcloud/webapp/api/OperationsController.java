package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticcloud.core.port.OperationQueue;
import org.elasticcloud.core.port.OperationQueue.Ticket;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The applications' operation queues: which operation holds each application's lease, which wait (ADR 0009). */
@RestController
@RequestMapping("/api/operations")
@Tag(name = "Cluster")
public class OperationsController {
  private final OperationQueue queue;

  public OperationsController(OperationQueue queue) {
    this.queue = queue;
  }

  @GetMapping
  @Operation(summary = "Every application with queued operations; the first of each holds the application's lease")
  public Map<String, List<Map<String, Object>>> queues() {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    queue.all().forEach((app, tickets) -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < tickets.size(); i++) {
        Ticket t = tickets.get(i);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("operationId", t.operationId());
        row.put("description", t.description());
        row.put("enqueuedAt", t.enqueuedAt());
        row.put("state", i == 0 ? "HOLDS_LEASE" : "WAITING");
        row.put("links", Map.of("process", "/api/processes/" + OperationQueue.owningProcess(t.operationId())));
        rows.add(row);
      }
      out.put(app, rows);
    });
    return out;
  }
}
