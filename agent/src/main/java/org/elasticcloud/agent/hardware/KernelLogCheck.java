package org.elasticcloud.agent.hardware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.elasticcloud.core.metrics.HostCondition;

/**
 * Kernel error lines ({@code Hardware Error}, {@code Machine check}, {@code I/O error}, ...) in a
 * kernel log file, read incrementally: the first round starts at the file's end (what was logged
 * before the agent started was someone else's to see), every round reads what was appended since,
 * and a file that shrank or was replaced (rotation) is read from its start. A matching line is a
 * fault for {@code hold} after it was seen.
 */
public class KernelLogCheck implements HardwareCheck {
  public static final String NAME = "kernel";
  /** At most this much is read in one round; a flood of log lines is read over several rounds. */
  private static final int MAX_READ = 4 << 20;
  private final Path file;
  private final Pattern faults;
  private final Duration hold;
  private long position = -1;
  private Object fileKey;
  private Instant lastFault;
  private String faultLine;
  private long faultLines;

  public KernelLogCheck(Path file, Pattern faults, Duration hold) {
    this.file = file;
    this.faults = faults;
    this.hold = hold;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostCondition check(Instant now) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      position = 0; // when it appears, all of it is new
      return report(now, "not checked: " + file + " not found");
    }
    long size = attrs.size();
    Object key = attrs.fileKey();
    if (position < 0) {
      position = size;
    } else if (size < position || (fileKey != null && !fileKey.equals(key))) {
      position = 0;
    }
    fileKey = key;
    if (size > position) {
      try {
        scan(now, size);
      } catch (IOException e) {
        return report(now, "not checked: " + file + ": " + e.getMessage());
      }
    }
    return report(now, "no kernel errors in " + file);
  }

  private void scan(Instant now, long size) throws IOException {
    int length = (int) Math.min(MAX_READ, size - position);
    ByteBuffer buf = ByteBuffer.allocate(length);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (buf.hasRemaining() && ch.read(buf, position + buf.position()) > 0) {
        // read until the buffer is full or the file ends
      }
    }
    byte[] bytes = new byte[buf.position()];
    buf.flip().get(bytes);
    int lastNewline = -1;
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        lastNewline = i;
        break;
      }
    }
    if (lastNewline < 0) {
      if (bytes.length == MAX_READ) {
        position += bytes.length; // one enormous line: skip it rather than stall
      }
      return; // a partial line: read it whole next round
    }
    String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
    position += lastNewline + 1;
    for (String line : text.split("\n")) {
      if (faults.matcher(line).find()) {
        lastFault = now;
        faultLine = line.strip();
        faultLines++;
      }
    }
  }

  private HostCondition report(Instant now, String healthyDetail) {
    if (lastFault != null && now.isBefore(lastFault.plus(hold))) {
      return new HostCondition(NAME, false, faultLines + " kernel error line(s), last: " + faultLine);
    }
    faultLines = 0;
    return new HostCondition(NAME, true, healthyDetail);
  }
}
