package org.elasticcloud.db;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The migration store on the real MariaDB that {@code lab/test.sh} starts. */
class MigrationStoreMariaDbTest extends MigrationStoreContract {
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
