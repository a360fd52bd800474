package org.elasticcloud.integrations.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenTsdbTagsTest {
  /** What OpenTSDB 2.4 accepts in a tag value (net.opentsdb.core.Tags.validateString), BMP letters. */
  private static final Pattern TSDB_ALPHABET = Pattern.compile("[a-zA-Z0-9\\-_./\\p{L}]+");
  private static final List<String> SAMPLES = List.of("web-1", "app.env/group", "a_b", "_", "__", "___", "_41",
      "web 1", "Grüße", "Zürich-dc", "naïve café", "日本語", "x:y@z", "🚀 rocket", "tab\there", "percent%20",
      "emoji🚀_mix ü", "-", ".", "/", " ", "\u0000", "ends with _", "A_5F", "é", "\uD83D", "ok\uDC00");

  @Test
  void plainNamesStayAsTheyAre() {
    assertThat(OpenTsdbTags.encode("shop-prod-web-1")).isEqualTo("shop-prod-web-1");
    assertThat(OpenTsdbTags.encode("dc1.eu/rack-2")).isEqualTo("dc1.eu/rack-2");
    assertThat(OpenTsdbTags.encode("Zürich")).isEqualTo("Zürich");
  }

  @Test
  void otherCharactersBecomeTheirUtf8BytesAndTheEscapeCharacterIsEscapedToo() {
    assertThat(OpenTsdbTags.encode("web 1")).isEqualTo("web_201");
    assertThat(OpenTsdbTags.encode("a_b")).isEqualTo("a_5Fb");
    assertThat(OpenTsdbTags.encode("x:y")).isEqualTo("x_3Ay");
    assertThat(OpenTsdbTags.encode("🚀")).isEqualTo("_F0_9F_9A_80");
    assertThat(OpenTsdbTags.encode("€5")).as("a non-letter outside ASCII").isEqualTo("_E2_82_AC5");
  }

  @Test
  void nullAndEmptyHaveTheirOwnValues() {
    assertThat(OpenTsdbTags.encode(null)).isEqualTo(OpenTsdbTags.NULL);
    assertThat(OpenTsdbTags.encode("")).isEqualTo(OpenTsdbTags.EMPTY);
    assertThat(OpenTsdbTags.decode(OpenTsdbTags.NULL)).isNull();
    assertThat(OpenTsdbTags.decode(OpenTsdbTags.EMPTY)).isEmpty();
    assertThat(OpenTsdbTags.encode("_")).isNotIn(OpenTsdbTags.NULL, OpenTsdbTags.EMPTY);
    assertThat(OpenTsdbTags.encode("__")).isNotIn(OpenTsdbTags.NULL, OpenTsdbTags.EMPTY);
  }

  @Test
  void everyEncodingIsAcceptedByOpenTsdbAndDecodesBackAndNoTwoCollide() {
    Set<String> encoded = new HashSet<>();
    for (String s : SAMPLES) {
      String e = OpenTsdbTags.encode(s);
      assertThat(e).as("encoding of %s", s).matches(TSDB_ALPHABET);
      if (!s.contains("\uD83D") && !s.contains("\uDC00")) { // lone surrogates are not text: UTF-8 replaces them
        assertThat(OpenTsdbTags.decode(e)).as("round trip of %s", s).isEqualTo(s);
      }
      assertThat(encoded.add(e)).as("%s encodes like another sample", s).isTrue();
    }
    encoded.add(OpenTsdbTags.encode(null));
    encoded.add(OpenTsdbTags.encode(""));
    assertThat(encoded).hasSize(SAMPLES.size() + 2);
  }

  @Test
  void aValueThatNoEncodingGivesIsRefused() {
    assertThatThrownBy(() -> OpenTsdbTags.decode("web_2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenTsdbTags.decode("web_ZZ")).isInstanceOf(IllegalArgumentException.class);
  }
}
