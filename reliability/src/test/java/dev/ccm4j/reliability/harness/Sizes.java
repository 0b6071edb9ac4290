package dev.ccm4j.reliability.harness;

import dev.ccm4j.core.clock.GoDuration;
import java.time.Duration;

/**
 * Scenario sizes from system properties: the module's pom sets the small CI defaults, and a full-size run overrides
 * them on the command line ({@code -Dreliability.failover.services=1000}); docs/reliability.md lists them.
 */
public final class Sizes {
  private Sizes() {}

  /**
   * An integer size.
   *
   * @param property the system property
   * @param fallback the value when it is not set (a run outside Maven)
   * @return the size
   * @throws IllegalArgumentException naming the property when the value is not a positive integer
   */
  public static int count(String property, int fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + " must be a positive integer");
    }
  }

  /**
   * A duration size, as a Go duration ({@code 10s}, {@code 1m}).
   *
   * @param property the system property
   * @param fallback the value when it is not set
   * @return the duration
   * @throws IllegalArgumentException naming the property when the value is not a duration
   */
  public static Duration duration(String property, Duration fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return GoDuration.parse(v.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(property + " must be a duration such as 10s or 1m");
    }
  }
}
