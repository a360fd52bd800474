package org.elasticcloud.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.elasticcloud.core.metrics.HostCondition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardware checks on a fake machine (its /proc, /sys and kernel log in a temporary directory),
 * healthy and then faulty: EDAC counters rising, a file system remounted read-only, kernel error
 * lines, a disk whose SMART health fails.
 */
class HardwareChecksTest {
  private static final Pattern PATTERNS =
      Pattern.compile("Hardware Error|Machine check|I/O error|EXT4-fs error|Buffer I/O error");
  private static final Duration HOLD = Duration.ofMinutes(10);
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

  @TempDir
  Path dir;
  Path proc;
  Path sys;
  Path kernLog;

  @BeforeEach
  void healthyMachine() throws IOException {
    proc = dir.resolve("proc");
    sys = dir.resolve("sys");
    kernLog = dir.resolve("kern.log");
    write(proc.resolve("mounts"), mounts("rw", "rw"));
    for (String mc : new String[] {"mc0", "mc1"}) {
      write(sys.resolve("devices/system/edac/mc/" + mc + "/ce_count"), "2\n");
      write(sys.resolve("devices/system/edac/mc/" + mc + "/ue_count"), "0\n");
    }
    Files.createDirectories(sys.resolve("block/sda"));
    Files.createDirectories(sys.resolve("block/loop0"));
    write(kernLog, "Nov 26 11:00:00 vm kernel: [    0.000000] Linux version 6.1.0\n"
        + "Nov 26 11:00:01 vm kernel: [    1.000000] EXT4-fs (sda1): mounted filesystem\n");
  }

  private static String mounts(String root, String data) {
    return "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
        + "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
        + "/dev/sda1 / ext4 " + root + ",relatime,errors=remount-ro 0 0\n"
        + "/dev/sdb1 /srv/my\\040data xfs " + data + ",relatime 0 0\n";
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.APPEND);
  }

  /** A stand-in for smartctl (no disk here has SMART): prints what smartctl prints, exits as it does. */
  private Path smartctl(String result, int exit) throws IOException {
    Path script = dir.resolve("bin/smartctl");
    write(script, "#!/bin/sh\necho \"smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0] (local build)\"\n"
        + "echo \"=== START OF READ SMART DATA SECTION ===\"\n"
        + "echo \"SMART overall-health self-assessment test result: " + result + "\"\n"
        + "echo \"$@\" >> " + dir.resolve("smartctl.calls") + "\nexit " + exit + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private HardwareChecks checks(Path smart) {
    return new HardwareChecks(List.of(
        new EdacCheck(sys, HOLD),
        new SmartCheck(List.of(smart.toString(), "-H"), sys, Duration.ofMinutes(30)),
        new KernelLogCheck(kernLog, PATTERNS, HOLD),
        new ReadOnlyFsCheck(proc, List.of("/", "/srv/my data"))));
  }

  private static Map<String, HostCondition> byName(List<HostCondition> conditions) {
    return conditions.stream().collect(Collectors.toMap(HostCondition::check, c -> c));
  }

  @Test
  void aHealthyMachine_passesEveryCheck() throws IOException {
    HardwareChecks checks = checks(smartctl("PASSED", 0));
    List<HostCondition> first = checks.run(T0);
    List<HostCondition> later = checks.run(T0.plusSeconds(10));
    assertThat(first).extracting(HostCondition::check).containsExactly("edac", "smart", "kernel", "readonly-fs");
    assertThat(first).allMatch(HostCondition::healthy);
    assertThat(later).allMatch(HostCondition::healthy);
    assertThat(byName(later).get("smart").detail()).isEqualTo("sda: passed");
    assertThat(byName(later).get("readonly-fs").detail()).isEqualTo("/ rw; /srv/my data rw");
    assertThat(byName(later).get("edac").detail()).contains("2 memory controller(s), 4 correctable");
    assertThat(Files.readAllLines(dir.resolve("smartctl.calls"))).as("once per interval, loop devices skipped")
        .containsExactly("-H /dev/sda");
  }

  @Test
  void aFaultyMachine_isReportedByEachCheck() throws IOException {
    HardwareChecks checks = checks(smartctl("FAILED!", 8 | 32));
    Map<String, HostCondition> before = byName(checks.run(T0));
    assertThat(before.get("smart").healthy()).isFalse();
    assertThat(before.get("smart").detail()).contains("sda").contains("FAILED");
    assertThat(before.get("edac").healthy()).as("counters seen for the first time are a baseline").isTrue();
    assertThat(before.get("kernel").healthy()).as("what was logged before the agent started").isTrue();

    write(sys.resolve("devices/system/edac/mc/mc1/ce_count"), "7\n");
    write(proc.resolve("mounts"), mounts("ro", "rw"));
    append(kernLog, "Nov 26 12:00:05 vm kernel: [ 3605.1] mce: [Hardware Error]: Machine check events logged\n"
        + "Nov 26 12:00:06 vm kernel: [ 3606.2] blk_update_request: I/O error, dev sda, sector 2048 op 0x1\n");
    Map<String, HostCondition> after = byName(checks.run(T0.plusSeconds(10)));
    assertThat(after.get("edac").healthy()).isFalse();
    assertThat(after.get("edac").detail()).contains("mc1: correctable 2 -> 7");
    assertThat(after.get("readonly-fs").healthy()).isFalse();
    assertThat(after.get("readonly-fs").detail()).isEqualTo("/ read-only (/dev/sda1 ext4)");
    assertThat(after.get("kernel").healthy()).isFalse();
    assertThat(after.get("kernel").detail()).startsWith("2 kernel error line(s)").contains("I/O error, dev sda");

    // the counters stop rising and no new line is logged: the faults are held, then clear
    Map<String, HostCondition> held = byName(checks.run(T0.plusSeconds(10 + 540)));
    assertThat(held.get("edac").healthy()).isFalse();
    assertThat(held.get("kernel").healthy()).isFalse();
    write(proc.resolve("mounts"), mounts("rw", "rw"));
    Map<String, HostCondition> cleared = byName(checks.run(T0.plusSeconds(10 + 600)));
    assertThat(cleared.get("edac").healthy()).isTrue();
    assertThat(cleared.get("kernel").healthy()).isTrue();
    assertThat(cleared.get("readonly-fs").healthy()).isTrue();
  }

  @Test
  void uncorrectableErrors_areAFaultFromTheFirstRound() throws IOException {
    write(sys.resolve("devices/system/edac/mc/mc0/ue_count"), "1\n");
    HostCondition edac = new EdacCheck(sys, HOLD).check(T0);
    assertThat(edac.healthy()).isFalse();
    assertThat(edac.detail()).contains("mc0: 1 uncorrectable");
  }

  @Test
  void theKernelLogIsReadIncrementally_andFromTheStartAfterRotation() throws IOException {
    KernelLogCheck check = new KernelLogCheck(kernLog, PATTERNS, Duration.ofSeconds(5));
    assertThat(check.check(T0).healthy()).isTrue();
    append(kernLog, "Nov 26 12:00:01 vm kernel: EXT4-fs error (device sdb1): ext4_find_entry:1455: inode #2: comm ls: "
        + "reading directory lblock 0\nNov 26 12:00:02 vm kernel: Buffer I/O error on dev sdb1, logical bl");
    HostCondition seen = check.check(T0.plusSeconds(1));
    assertThat(seen.healthy()).isFalse();
    assertThat(seen.detail()).startsWith("1 kernel error line(s)").contains("EXT4-fs error (device sdb1)");
    // the partial line is read when it is complete; a line seen once is not counted again
    append(kernLog, "ock 0, lost async page write\n");
    assertThat(check.check(T0.plusSeconds(2)).detail()).startsWith("2 kernel error line(s)").endsWith("lost async page write");
    assertThat(check.check(T0.plusSeconds(10)).healthy()).isTrue();
    // rotated: a new, shorter file; its error is found
    Files.delete(kernLog);
    write(kernLog, "Nov 26 12:01:00 vm kernel: Machine check: Processor context corrupt\n");
    assertThat(check.check(T0.plusSeconds(11)).healthy()).isFalse();
  }

  @Test
  void withoutSmartctlOrKernelLog_theChecksSaySoAndStayHealthy() {
    HostCondition smart = new SmartCheck(List.of(dir.resolve("no/such/smartctl").toString(), "-H"), sys,
        Duration.ofMinutes(30)).check(T0);
    assertThat(smart).isEqualTo(new HostCondition("smart", true, "smartctl not installed"));
    HostCondition kernel = new KernelLogCheck(dir.resolve("absent.log"), PATTERNS, HOLD).check(T0);
    assertThat(kernel.healthy()).isTrue();
    assertThat(kernel.detail()).startsWith("not checked:").contains("absent.log not found");
    HostCondition edac = new EdacCheck(dir.resolve("empty-sys"), HOLD).check(T0);
    assertThat(edac.healthy()).isTrue();
    assertThat(edac.detail()).startsWith("no EDAC memory controllers");
  }
}
