package org.elasticcloud.db;

import org.junit.jupiter.api.BeforeEach;

/** The reconciliation store on H2, the embedded default. */
class ReconciliationStoreH2Test extends ReconciliationStoreContract {
  @BeforeEach
  void freshDatabase() {
    useDataSource(TestDatabases.migratedH2());
  }
}
