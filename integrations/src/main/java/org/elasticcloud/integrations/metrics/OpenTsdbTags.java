package org.elasticcloud.integrations.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Subject fields as OpenTSDB tag values, reversibly. OpenTSDB accepts only {@code a-z A-Z 0-9 - _
 * . /} and (BMP) Unicode letters in a tag value, never an empty one, and has no null. So:
 * <ul>
 *   <li>those characters stay as they are, except {@code _}, the escape character;</li>
 *   <li>every other character, {@code _} included, becomes its UTF-8 bytes as {@code _HH} each
 *       (upper-case hex): {@code "web 1"} is {@code "web_201"}, {@code "a_b"} is {@code "a_5Fb"};</li>
 *   <li>null is {@value #NULL} and the empty string {@value #EMPTY}: an encoded value never ends
 *       with a bare {@code _}, so neither can be mistaken for an encoded string.</li>
 * </ul>
 * Equal strings encode equally and different strings differently, so a literal tag filter on the
 * encoded value selects exactly the subjects with that field.
 */
final class OpenTsdbTags {
  /** The tag value of a null field. */
  static final String NULL = "_";
  /** The tag value of an empty field. */
  static final String EMPTY = "__";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private OpenTsdbTags() {
  }

  static String encode(String value) {
    if (value == null) {
      return NULL;
    }
    if (value.isEmpty()) {
      return EMPTY;
    }
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (keeps(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      int end = i + 1;
      if (Character.isHighSurrogate(c) && end < value.length() && Character.isLowSurrogate(value.charAt(end))) {
        end++; // a supplementary character: its four UTF-8 bytes together
      }
      for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
        out.append('_').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      i = end - 1;
    }
    return out == null ? value : out.toString();
  }

  static String decode(String tagValue) {
    if (tagValue == null || NULL.equals(tagValue)) {
      return null;
    }
    if (EMPTY.equals(tagValue)) {
      return "";
    }
    int escape = tagValue.indexOf('_');
    if (escape < 0) {
      return tagValue;
    }
    StringBuilder out = new StringBuilder(tagValue.length()).append(tagValue, 0, escape);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = escape;
    while (i < tagValue.length()) {
      char c = tagValue.charAt(i);
      if (c == '_') {
        if (i + 2 >= tagValue.length()) {
          throw new IllegalArgumentException("not an encoded tag value (a cut escape): " + tagValue);
        }
        int hi = Character.digit(tagValue.charAt(i + 1), 16);
        int lo = Character.digit(tagValue.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("not an encoded tag value (bad escape): " + tagValue);
        }
        bytes.write(hi << 4 | lo);
        i += 3;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(c);
      i++;
    }
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** The characters OpenTSDB accepts in a tag value, but the escape character. */
  private static boolean keeps(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '/' || (c > 127 && Character.isLetter(c));
  }
}
