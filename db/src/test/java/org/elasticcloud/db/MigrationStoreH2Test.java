package org.elasticcloud.db;

import org.junit.jupiter.api.BeforeEach;

/** The migration store on H2, the embedded default. */
class MigrationStoreH2Test extends MigrationStoreContract {
  @BeforeEach
  void freshDatabase() {
    useDataSource(TestDatabases.migratedH2());
  }
}
