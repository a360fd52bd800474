package org.elasticcloud.db;

import org.junit.jupiter.api.BeforeEach;

/** The host health store on H2, the embedded default. */
class HostHealthStoreH2Test extends HostHealthStoreContract {
  @BeforeEach
  void freshDatabase() {
    useDataSource(TestDatabases.migratedH2());
  }
}
