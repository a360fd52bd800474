package org.elasticcloud.webapp.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.elasticcloud.core.inventory.AppGroup;
import org.elasticcloud.core.inventory.Application;
import org.elasticcloud.core.inventory.Datacenter;
import org.elasticcloud.core.inventory.Department;
import org.elasticcloud.core.inventory.Environment;
import org.elasticcloud.core.inventory.NetworkSwitch;
import org.elasticcloud.core.inventory.Owner;
import org.elasticcloud.core.inventory.Spec;
import org.elasticcloud.db.Inventory;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The plain inventory resources; hosts have their own controller (registration is a process). */
final class InventoryControllers {
  private InventoryControllers() {
  }

  @RestController
  @RequestMapping("/api/datacenters")
  @Tag(name = "Datacenters")
  static class Datacenters extends InventoryController<Datacenter> {
    Datacenters(Inventory inventory) {
      super(inventory, Datacenter.class, "datacenter");
    }
  }

  @RestController
  @RequestMapping("/api/switches")
  @Tag(name = "Switches")
  static class Switches extends InventoryController<NetworkSwitch> {
    Switches(Inventory inventory) {
      super(inventory, NetworkSwitch.class, "switch");
    }
  }

  @RestController
  @RequestMapping("/api/departments")
  @Tag(name = "Departments")
  static class Departments extends InventoryController<Department> {
    Departments(Inventory inventory) {
      super(inventory, Department.class, "department");
    }
  }

  @RestController
  @RequestMapping("/api/owners")
  @Tag(name = "Owners")
  static class Owners extends InventoryController<Owner> {
    Owners(Inventory inventory) {
      super(inventory, Owner.class, "owner");
    }
  }

  @RestController
  @RequestMapping("/api/applications")
  @Tag(name = "Applications")
  static class Applications extends InventoryController<Application> {
    Applications(Inventory inventory) {
      super(inventory, Application.class, "application");
    }
  }

  @RestController
  @RequestMapping("/api/environments")
  @Tag(name = "Environments")
  static class Environments extends InventoryController<Environment> {
    Environments(Inventory inventory) {
      super(inventory, Environment.class, "environment");
    }
  }

  @RestController
  @RequestMapping("/api/groups")
  @Tag(name = "Groups")
  static class Groups extends InventoryController<AppGroup> {
    Groups(Inventory inventory) {
      super(inventory, AppGroup.class, "group");
    }
  }

  @RestController
  @RequestMapping("/api/specs")
  @Tag(name = "Specs")
  static class Specs extends InventoryController<Spec> {
    Specs(Inventory inventory) {
      super(inventory, Spec.class, "spec");
    }
  }
}
