package org.elasticcloud.webapp.web;

import org.elasticcloud.core.inventory.HostState;
import org.elasticcloud.db.Inventory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: what is in the inventory and where to go next. */
@Controller
public class HomeController {
  private final Inventory inventory;

  public HomeController(Inventory inventory) {
    this.inventory = inventory;
  }

  @GetMapping("/")
  public String home(Model model) {
    model.addAttribute("datacenters", inventory.datacenters.count());
    model.addAttribute("hosts", inventory.hosts.count());
    model.addAttribute("readyHosts", inventory.hosts.countBy("state", HostState.READY));
    model.addAttribute("applications", inventory.applications.count());
    model.addAttribute("groups", inventory.groups.count());
    model.addAttribute("containers", inventory.containers.count());
    return "home";
  }
}
