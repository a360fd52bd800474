package org.elasticcloud.core.config;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.elasticcloud.core.validation.Checks;

/**
 * One version of a group's configuration: string properties, who wrote it and why. The same image
 * runs in every environment; what differs is here.
 */
public record ConfigSet(long groupId, int version, Map<String, String> properties, String author, String comment,
    Instant createdAt) {
  public static final int MAX_PROPERTIES = 500;
  public static final int MAX_VALUE_LENGTH = 4000;
  public static final int MAX_TOTAL_LENGTH = 60_000;
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

  public ConfigSet {
    properties = new TreeMap<>(properties);
  }

  /** Checks properties a client proposes: key syntax, no line breaks, sizes. */
  public static void validate(Map<String, String> properties, String comment) {
    Checks checks = new Checks();
    if (properties == null) {
      checks.add("properties", "must be given");
    } else {
      checks.isTrue(properties.size() <= MAX_PROPERTIES, "properties", "must hold at most " + MAX_PROPERTIES + " entries");
      for (Map.Entry<String, String> e : properties.entrySet()) {
        String field = "properties." + e.getKey();
        if (!KEY.matcher(e.getKey()).matches()) {
          checks.add(field, "is not a valid key (letters, digits, '.', '-', '_'; starting with a letter or '_')");
        }
        if (e.getValue() == null) {
          checks.add(field, "must not be null");
        } else if (e.getValue().length() > MAX_VALUE_LENGTH || e.getValue().contains("\n") || e.getValue().contains("\r")) {
          checks.add(field, "must be one line of at most " + MAX_VALUE_LENGTH + " characters");
        }
      }
      checks.isTrue(render(properties).length() <= MAX_TOTAL_LENGTH, "properties",
          "must render to at most " + MAX_TOTAL_LENGTH + " characters");
    }
    checks.text("comment", comment, 500, false);
    checks.throwIfAny();
  }

  /** {@code key=value} lines, sorted by key: what a container reads at start. */
  public static String render(Map<String, String> properties) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(properties).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  /** The inverse of {@link #render}. */
  public static Map<String, String> parse(String content) {
    Map<String, String> out = new TreeMap<>();
    for (String line : content.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }
}
