package dev.ccm4j.api;

import java.util.Objects;

/**
 * A failure domain and the region that contains it, as returned by the deprecated {@link Zones} capability.
 *
 * <p>Made with {@link #of(String, String)} rather than a builder: upstream's zone has held exactly these two parts
 * since the capability was deprecated, and the private constructor still lets a later part arrive through a new
 * factory with a default. Immutable; two zones are equal when both parts are.
 */
public final class Zone {
  private final String failureDomain;
  private final String region;

  private Zone(String failureDomain, String region) {
    this.failureDomain = Objects.requireNonNull(failureDomain, "failureDomain");
    this.region = Objects.requireNonNull(region, "region");
  }

  /**
   * A zone. Nulls are rejected: an unknown part is the empty string.
   *
   * @param failureDomain the zone, written to {@code topology.kubernetes.io/zone}; may be empty
   * @param region the region, written to {@code topology.kubernetes.io/region}; may be empty
   * @return the zone
   */
  public static Zone of(String failureDomain, String region) {
    return new Zone(failureDomain, region);
  }

  /**
   * The zone, written to {@code topology.kubernetes.io/zone}.
   *
   * @return the failure domain; may be empty
   */
  public String failureDomain() {
    return failureDomain;
  }

  /**
   * The region, written to {@code topology.kubernetes.io/region}.
   *
   * @return the region; may be empty
   */
  public String region() {
    return region;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Zone z && failureDomain.equals(z.failureDomain) && region.equals(z.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(failureDomain, region);
  }

  @Override
  public String toString() {
    return "Zone[failureDomain=" + failureDomain + ", region=" + region + "]";
  }
}
