package dev.ccm4j.core.workqueue;

import java.time.Duration;

/** Duration arithmetic that saturates instead of throwing or wrapping. */
final class Durations {

  private Durations() {
  }

  /**
   * Converts a duration to nanoseconds, clamping values beyond the {@code long} range (about 292 years).
   *
   * @param duration the duration
   * @return the duration in nanoseconds, saturated at {@link Long#MIN_VALUE} or {@link Long#MAX_VALUE}
   */
  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
