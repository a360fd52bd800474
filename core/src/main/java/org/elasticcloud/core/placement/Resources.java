package org.elasticcloud.core.placement;

import java.util.Objects;
import org.elasticcloud.core.inventory.Host;
import org.elasticcloud.core.inventory.Spec;

/**
 * An amount of cores, memory (MB) and disk (GB): a host's capacity, what a container's spec uses,
 * or what is left on a host. A difference may be negative (an over-committed host); nothing fits
 * in a negative amount.
 */
public record Resources(int cores, long memoryMb, long diskGb) {
  public static final Resources ZERO = new Resources(0, 0, 0);

  /** What one container of {@code spec} uses. */
  public static Resources of(Spec spec) {
    Objects.requireNonNull(spec, "spec");
    return new Resources(require(spec.cores(), "spec.cores"), require(spec.memoryMb(), "spec.memoryMb"),
        require(spec.diskGb(), "spec.diskGb"));
  }

  /** What {@code host} has in all, before any container. */
  public static Resources capacityOf(Host host) {
    Objects.requireNonNull(host, "host");
    return new Resources(require(host.cores(), "host.cores"), require(host.memoryMb(), "host.memoryMb"),
        require(host.diskGb(), "host.diskGb"));
  }

  public Resources plus(Resources other) {
    return new Resources(cores + other.cores, memoryMb + other.memoryMb, diskGb + other.diskGb);
  }

  public Resources minus(Resources other) {
    return new Resources(cores - other.cores, memoryMb - other.memoryMb, diskGb - other.diskGb);
  }

  /** True when no component is negative. */
  public boolean isNonNegative() {
    return cores >= 0 && memoryMb >= 0 && diskGb >= 0;
  }

  /**
   * How many containers of {@code each} fit in this amount: the smallest quotient over cores,
   * memory and disk. A component that {@code each} does not use (0) does not limit; a negative
   * component of this amount fits nothing.
   */
  public int fitCount(Resources each) {
    long n = Math.min(quotient(cores, each.cores), Math.min(quotient(memoryMb, each.memoryMb),
        quotient(diskGb, each.diskGb)));
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  @Override
  public String toString() {
    return cores + " cores/" + memoryMb + " MB/" + diskGb + " GB";
  }

  private static long quotient(long have, long each) {
    if (have < 0) {
      return 0;
    }
    return each <= 0 ? Long.MAX_VALUE : have / each;
  }

  private static <N extends Number> N require(N value, String what) {
    return Objects.requireNonNull(value, () -> what + " must be given");
  }
}
