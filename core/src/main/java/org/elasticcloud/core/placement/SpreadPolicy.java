package org.elasticcloud.core.placement;

/**
 * How much of a group one host and one switch may hold, as a share of the group's size.
 *
 * <p><b>The rule.</b> For a group of {@code size} containers, one host may hold at most
 * {@code max(1, floor(maxSharePerHost × size))} of them and one switch at most
 * {@code max(1, floor(maxSharePerSwitch × size))}. The floor keeps the share at or under the
 * configured one ("never more than half on one host"); the {@code max(1, …)} lets small groups
 * exist at all (a group of one would otherwise fit nowhere). A tiny epsilon (1e-9) absorbs
 * floating-point error, so that 0.57 × 100 gives 57, not 56.
 *
 * <p>With the default (0.5 per host, 0.67 per switch): a group of 1 or 2 or 3 needs a host per
 * container; 4 or 5 allow 2 per host; a group of 2 needs two switches, 3 allow 2 per switch. A
 * datacenter with one switch therefore needs {@code maxSharePerSwitch = 1.0}.
 *
 * @param maxSharePerHost   in (0, 1]
 * @param maxSharePerSwitch in (0, 1]
 */
public record SpreadPolicy(double maxSharePerHost, double maxSharePerSwitch) {
  /** Half of a group per host, two thirds per switch. */
  public static final SpreadPolicy DEFAULT = new SpreadPolicy(0.5, 0.67);
  /** No spread limit at all: the whole group may sit on one host. */
  public static final SpreadPolicy UNLIMITED = new SpreadPolicy(1.0, 1.0);

  private static final double EPSILON = 1e-9;

  public SpreadPolicy {
    checkShare("maxSharePerHost", maxSharePerHost);
    checkShare("maxSharePerSwitch", maxSharePerSwitch);
  }

  /** The most containers of a group of {@code groupSize} that one host may hold. */
  public int hostLimit(int groupSize) {
    return limit(maxSharePerHost, groupSize);
  }

  /** The most containers of a group of {@code groupSize} that one switch may hold. */
  public int switchLimit(int groupSize) {
    return limit(maxSharePerSwitch, groupSize);
  }

  private static int limit(double share, int groupSize) {
    if (groupSize < 0) {
      throw new IllegalArgumentException("groupSize must not be negative: " + groupSize);
    }
    return Math.max(1, (int) Math.floor(share * groupSize + EPSILON));
  }

  private static void checkShare(String name, double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1]: " + share);
    }
  }
}
