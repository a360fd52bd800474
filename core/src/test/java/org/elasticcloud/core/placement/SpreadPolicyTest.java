package org.elasticcloud.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpreadPolicyTest {
  @ParameterizedTest(name = "a group of {0} may hold {1} per host and {2} per switch")
  @CsvSource({
      "0, 1, 1",
      "1, 1, 1",
      "2, 1, 1",
      "3, 1, 2",
      "4, 2, 2",
      "5, 2, 3",
      "6, 3, 4",
      "10, 5, 6",
      "100, 50, 67"})
  void defaultLimitsAreTheFlooredShareButAtLeastOne(int groupSize, int perHost, int perSwitch) {
    assertThat(SpreadPolicy.DEFAULT.hostLimit(groupSize)).isEqualTo(perHost);
    assertThat(SpreadPolicy.DEFAULT.switchLimit(groupSize)).isEqualTo(perSwitch);
  }

  @Test
  void floatingPointErrorDoesNotCostAContainer() {
    // 0.57 * 100 is 56.99999999999999 in doubles; the share means 57
    assertThat(new SpreadPolicy(0.57, 0.29).hostLimit(100)).isEqualTo(57);
    assertThat(new SpreadPolicy(0.57, 0.29).switchLimit(100)).isEqualTo(29);
  }

  @Test
  void unlimitedLetsTheWholeGroupShareOneHost() {
    assertThat(SpreadPolicy.UNLIMITED.hostLimit(37)).isEqualTo(37);
    assertThat(SpreadPolicy.UNLIMITED.switchLimit(37)).isEqualTo(37);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.1, 1.01, Double.NaN})
  void sharesOutsideZeroToOneAreRejected(double share) {
    assertThatThrownBy(() -> new SpreadPolicy(share, 0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSharePerHost");
    assertThatThrownBy(() -> new SpreadPolicy(0.5, share)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSharePerSwitch");
  }

  @Test
  void negativeGroupSizesAreAProgrammingError() {
    assertThatThrownBy(() -> SpreadPolicy.DEFAULT.hostLimit(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
