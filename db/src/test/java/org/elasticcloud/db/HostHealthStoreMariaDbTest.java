package org.elasticcloud.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The host health store on the real MariaDB that {@code lab/test.sh} starts. */
class HostHealthStoreMariaDbTest extends HostHealthStoreContract {
  private TestDatabases.Scratch scratch;

  @BeforeEach
  void freshSchema() {
    scratch = TestDatabases.migratedMySql();
    useDataSource(scratch.dataSource());
  }

  @AfterEach
  void dropSchema() {
    if (scratch != null) {
      scratch.drop();
    }
  }
}
