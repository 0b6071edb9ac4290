package dev.ccm4j.core.clock;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the Go way, as upstream's flags take them: {@code 300ms}, {@code 10s}, {@code 5m},
 * {@code 1h30m}, {@code 1.5h}, {@code 0}. Units: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s},
 * {@code m}, {@code h}.
 */
public final class GoDuration {
  private static final long SECOND = 1_000_000_000L;
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @param text the duration, such as {@code 1h30m}
   * @return the duration
   * @throws IllegalArgumentException if the text is not a Go duration, with the forms it accepts
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.strip();
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("invalid duration \"" + text + "\": expected forms like 300ms, 10s, 5m,"
            + " 1h30m");
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      at = m.end();
    }
    Duration d = Duration.ofNanos(nanos.longValueExact());
    return negative ? d.negated() : d;
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }

  /**
   * Formats a duration as Go's {@code Duration.String()} does: {@code 1h30m0s}, {@code 5m0s}, {@code 250ms},
   * {@code 1.5µs}, {@code 0s}.
   *
   * @param d the duration
   * @return the Go form
   */
  public static String format(Duration d) {
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
