package org.elasticcloud.integrations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** File helpers for the lab tests. */
public final class TestFiles {
  private TestFiles() {
  }

  /** A new directory in the lab's directory, which every simulated host sees. */
  public static Path labTempDir(String prefix) throws IOException {
    Path labDir = Path.of(System.getenv().getOrDefault("ECLOUD_LAB_DIR", "/var/tmp/ecloud-lab"));
    Files.createDirectories(labDir);
    return Files.createTempDirectory(labDir, prefix);
  }

  /** Deletes the directory and everything below it. */
  public static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
