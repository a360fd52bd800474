package org.elasticcloud.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.elasticcloud.agent.collect.ProcFiles.ConnectionSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers on files in the kernel's formats, and on this machine's own /proc. */
class ProcFilesTest {
  @TempDir
  Path dir;

  @Test
  void establishedConnections_fromTheCounterOrFromTheTables() {
    Path net = dir.resolve("net");
    FakeMachine.write(net.resolve("snmp"), FakeMachine.snmpText(7));
    FakeMachine.write(net.resolve("tcp"), FakeMachine.tcpText(3, 2, false));
    FakeMachine.write(net.resolve("tcp6"), FakeMachine.tcpText(1, 1, true));
    assertThat(ProcFiles.establishedTcp(net, ConnectionSource.SNMP)).hasValue(7);
    assertThat(ProcFiles.establishedTcp(net, ConnectionSource.TABLES)).as("state 01 lines of tcp and tcp6").hasValue(4);
    assertThat(ProcFiles.establishedTcp(dir.resolve("none"), ConnectionSource.SNMP)).isEmpty();
    assertThat(ProcFiles.establishedTcp(dir.resolve("none"), ConnectionSource.TABLES)).isEmpty();
  }

  @Test
  void thisMachinesProcFilesAreRead() {
    OptionalLong counter = ProcFiles.establishedTcp(Path.of("/proc/self/net"), ConnectionSource.SNMP);
    OptionalLong tables = ProcFiles.establishedTcp(Path.of("/proc/self/net"), ConnectionSource.TABLES);
    assertThat(counter).isPresent();
    assertThat(tables).isPresent();
    assertThat(ProcFiles.keyed(Path.of("/proc/meminfo"), "MemTotal").orElseThrow()).isGreaterThan(1L << 20);
    assertThat(ProcFiles.netDev(Path.of("/proc/self/net/dev"))).isPresent();
    assertThat(ProcFiles.taskState(Path.of("/proc/thread-self/stat"))).as("this thread, reading").hasValue('R');
  }
}
