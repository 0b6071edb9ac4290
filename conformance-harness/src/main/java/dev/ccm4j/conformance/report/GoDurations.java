package dev.ccm4j.conformance.report;

import java.math.BigDecimal;
import java.time.Duration;

/** Formats durations as Go's {@code time.Duration.String} does, as Ginkgo's summary line prints them. */
final class GoDurations {
  private static final long SECOND = 1_000_000_000L;

  private GoDurations() {}

  static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    if (n < 0) {
      return "-" + format(d.negated());
    }
    if (n < 1_000L) {
      return n + "ns";
    }
    if (n < 1_000_000L) {
      return decimal(n, 3) + "µs";
    }
    if (n < SECOND) {
      return decimal(n, 6) + "ms";
    }
    long hours = n / (3600 * SECOND);
    long minutes = n % (3600 * SECOND) / (60 * SECOND);
    long rest = n % (60 * SECOND);
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(decimal(rest, 9)).append('s').toString();
  }

  private static String decimal(long value, int shift) {
    return new BigDecimal(value).movePointLeft(shift).stripTrailingZeros().toPlainString();
  }
}
