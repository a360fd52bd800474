package org.elasticcloud.agent.hardware;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticcloud.agent.collect.ProcFiles;
import org.elasticcloud.core.metrics.HostCondition;

/**
 * File systems the kernel remounted read-only (what ext4 does on errors with
 * {@code errors=remount-ro}): every configured mount point found {@code ro} in
 * {@code <proc>/mounts} (the last entry of a mount point counts: it is the one on top).
 */
public class ReadOnlyFsCheck implements HardwareCheck {
  public static final String NAME = "readonly-fs";
  private final Path mounts;
  private final List<String> mountPoints;

  public ReadOnlyFsCheck(Path procRoot, List<String> mountPoints) {
    this.mounts = procRoot.resolve("mounts");
    this.mountPoints = List.copyOf(mountPoints);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostCondition check(Instant now) {
    if (mountPoints.isEmpty()) {
      return new HostCondition(NAME, true, "no mount points configured");
    }
    Optional<List<String>> lines = ProcFiles.lines(mounts);
    if (lines.isEmpty()) {
      return new HostCondition(NAME, true, "not checked: " + mounts + " unreadable");
    }
    Map<String, String[]> top = new HashMap<>();
    for (String line : lines.get()) {
      String[] f = line.split(" ");
      if (f.length >= 4) {
        top.put(unescape(f[1]), f);
      }
    }
    List<String> readOnly = new ArrayList<>();
    List<String> fine = new ArrayList<>();
    for (String mp : mountPoints) {
      String[] f = top.get(mp);
      if (f == null) {
        fine.add(mp + " not mounted");
      } else if (Arrays.asList(f[3].split(",")).contains("ro")) {
        readOnly.add(mp + " read-only (" + f[0] + " " + f[2] + ")");
      } else {
        fine.add(mp + " rw");
      }
    }
    if (!readOnly.isEmpty()) {
      return new HostCondition(NAME, false, String.join("; ", readOnly));
    }
    return new HostCondition(NAME, true, String.join("; ", fine));
  }

  /** Mount points escape space, tab, newline and backslash as octal ({@code \040}). */
  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
