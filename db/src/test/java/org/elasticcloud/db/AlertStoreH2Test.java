package org.elasticcloud.db;

import org.junit.jupiter.api.BeforeEach;

/** The alert store on H2, the embedded default. */
class AlertStoreH2Test extends AlertStoreContract {
  @BeforeEach
  void freshDatabase() {
    useDataSource(TestDatabases.migratedH2());
  }
}
