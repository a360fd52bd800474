package org.elasticcloud.db;

import org.junit.jupiter.api.BeforeEach;

/** The inventory contract on H2, the embedded default. */
class InventoryH2Test extends InventoryContract {
  @BeforeEach
  void freshDatabase() {
    useDataSource(TestDatabases.migratedH2());
  }
}
