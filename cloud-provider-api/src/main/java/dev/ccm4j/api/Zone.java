package dev.ccm4j.api;

import java.util.Objects;

/**
 * A failure domain and the region that contains it, as returned by the deprecated {@link Zones} capability.
 *
 * @param failureDomain the zone, written to {@code topology.kubernetes.io/zone}; may be empty
 * @param region the region, written to {@code topology.kubernetes.io/region}; may be empty
 */
public record Zone(String failureDomain, String region) {
  /** Rejects nulls: an unknown part is the empty string. */
  public Zone {
    Objects.requireNonNull(failureDomain, "failureDomain");
    Objects.requireNonNull(region, "region");
  }
}
