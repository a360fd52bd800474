package org.elasticcloud.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordTableTest {
  @Test
  void columnsAreSnakeCaseOfComponents() {
    assertThat(RecordTable.column("memoryMb")).isEqualTo("memory_mb");
    assertThat(RecordTable.column("name")).isEqualTo("name");
    assertThat(RecordTable.column("engineEndpoint")).isEqualTo("engine_endpoint");
  }
}
