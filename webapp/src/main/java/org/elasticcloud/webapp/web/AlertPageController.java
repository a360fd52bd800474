package org.elasticcloud.webapp.web;

import java.util.List;
import org.elasticcloud.core.alerts.AlertState;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.db.AlertStore;
import org.elasticcloud.db.AlertStore.Alert;
import org.elasticcloud.db.Inventory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** An application's alert policies and its open alerts (behind the same authentication as the API). */
@Controller
public class AlertPageController {
  private final Inventory inventory;
  private final AlertStore store;

  public AlertPageController(Inventory inventory, AlertStore store) {
    this.inventory = inventory;
    this.store = store;
  }

  @GetMapping("/applications/{app}/alerts")
  public String alerts(@PathVariable String app, Model model) {
    Application a = inventory.applications.findOneBy("name", app)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no application " + app));
    List<Alert> open = store.list(null, a.name(), 500).stream()
        .filter(x -> x.state() != AlertState.RESOLVED).toList();
    model.addAttribute("application", a.name());
    model.addAttribute("policies", store.policiesOf(a.id()));
    model.addAttribute("alerts", open);
    model.addAttribute("resolved", store.list(AlertState.RESOLVED, a.name(), 10));
    return "alerts";
  }
}
