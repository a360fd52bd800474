package org.elasticcloud.agent.collect;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Readers of the kernel's text files (/proc, cgroup). Every reader answers empty when the file is
 * missing or unreadable (a container that just stopped, a kernel without that file): a missing
 * number is left out of a round, never reported as zero.
 */
public final class ProcFiles {
  private ProcFiles() {
  }

  /** Bytes received and sent on every interface but loopback. */
  public record NetBytes(long in, long out) {
  }

  public static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  public static Optional<List<String>> lines(Path file) {
    try {
      return Optional.of(Files.readAllLines(file));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The file's first token as a number ({@code max} and other words answer empty). */
  public static OptionalLong readLong(Path file) {
    Optional<String> text = read(file);
    if (text.isEmpty()) {
      return OptionalLong.empty();
    }
    String t = text.get().trim();
    int space = t.indexOf(' ');
    return parseLong(space < 0 ? t : t.substring(0, space));
  }

  /** The value of the line {@code key value} (memory.stat, cpu.stat) or {@code key: value kB} (meminfo). */
  public static OptionalLong keyed(Path file, String key) {
    Optional<List<String>> lines = lines(file);
    if (lines.isEmpty()) {
      return OptionalLong.empty();
    }
    for (String line : lines.get()) {
      if (line.startsWith(key) && line.length() > key.length()
          && (line.charAt(key.length()) == ' ' || line.charAt(key.length()) == ':')) {
        String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
        OptionalLong v = parseLong(parts[0]);
        if (v.isPresent() && parts.length > 1 && parts[1].equalsIgnoreCase("kB")) {
          return OptionalLong.of(v.getAsLong() * 1024);
        }
        return v;
      }
    }
    return OptionalLong.empty();
  }

  /** Sums of the receive and transmit byte counters in a {@code net/dev} file, loopback excluded. */
  public static Optional<NetBytes> netDev(Path file) {
    Optional<List<String>> lines = lines(file);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long in = 0;
    long out = 0;
    for (String line : lines.get()) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue; // the two header lines
      }
      String iface = line.substring(0, colon).trim();
      if (iface.equals("lo")) {
        continue;
      }
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      if (f.length < 9) {
        continue;
      }
      in += parseLong(f[0]).orElse(0);
      out += parseLong(f[8]).orElse(0);
    }
    return Optional.of(new NetBytes(in, out));
  }

  /** Where the number of established TCP connections of a network namespace is read. */
  public enum ConnectionSource {
    /**
     * The kernel's counter {@code CurrEstab} in {@code net/snmp} (IPv4 and IPv6 alike): about 30 µs
     * a read.
     */
    SNMP,
    /**
     * Counting the lines of state {@code 01} in {@code net/tcp} and {@code net/tcp6}: the kernel
     * walks its whole connection hash table for every read (about 4 ms each on this machine, so
     * 0.8 s a round for 100 containers; see docs/benchmarks.md).
     */
    TABLES
  }

  /** Established TCP connections in the network namespace whose {@code net} directory this is. */
  public static OptionalLong establishedTcp(Path netDir, ConnectionSource source) {
    return source == ConnectionSource.SNMP ? currentlyEstablished(netDir) : establishedTcp(netDir);
  }

  /**
   * {@code CurrEstab} of the {@code Tcp:} lines of {@code snmp} (a line of names, then a line of
   * values): the kernel's count of connections in state ESTABLISHED.
   */
  public static OptionalLong currentlyEstablished(Path netDir) {
    Optional<List<String>> lines = lines(netDir.resolve("snmp"));
    if (lines.isEmpty()) {
      return OptionalLong.empty();
    }
    String[] names = null;
    for (String line : lines.get()) {
      if (!line.startsWith("Tcp:")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (names == null) {
        names = f;
        continue;
      }
      for (int i = 1; i < names.length && i < f.length; i++) {
        if (names[i].equals("CurrEstab")) {
          return parseLong(f[i]);
        }
      }
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * Established TCP sockets in the network namespace whose {@code net} directory this is: lines of
   * {@code tcp} and {@code tcp6} whose state column ({@code st}) is {@code 01}.
   */
  public static OptionalLong establishedTcp(Path netDir) {
    boolean any = false;
    long count = 0;
    for (String name : new String[] {"tcp", "tcp6"}) {
      Optional<List<String>> lines = lines(netDir.resolve(name));
      if (lines.isEmpty()) {
        continue;
      }
      any = true;
      for (String line : lines.get()) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[0].endsWith(":") && f[3].equals("01")) {
          count++;
        }
      }
    }
    return any ? OptionalLong.of(count) : OptionalLong.empty();
  }

  /** The state letter of a task ({@code R} running, {@code S} sleeping, ...) from its {@code stat} file. */
  public static Optional<Character> taskState(Path statFile) {
    Optional<String> text = read(statFile);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String s = text.get();
    int close = s.lastIndexOf(')'); // the command may contain spaces and parentheses
    if (close < 0 || close + 2 >= s.length()) {
      return Optional.empty();
    }
    return Optional.of(s.charAt(close + 2));
  }

  /**
   * Bytes in the files under {@code dir} (not following links; a file that vanishes while walking
   * is skipped). Empty when {@code dir} does not exist.
   */
  public static OptionalLong directorySize(Path dir) {
    if (!Files.isDirectory(dir)) {
      return OptionalLong.empty();
    }
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException gone) {
      return OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.of(total[0]);
    }
    return OptionalLong.of(total[0]);
  }

  static OptionalLong parseLong(String s) {
    try {
      return OptionalLong.of(Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
