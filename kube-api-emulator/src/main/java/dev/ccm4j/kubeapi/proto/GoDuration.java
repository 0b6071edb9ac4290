package dev.ccm4j.kubeapi.proto;

/** Go's {@code time.Duration} text form, which {@code meta.v1.Duration} uses in JSON ({@code 1h0m0s}, {@code 1.5s}). */
final class GoDuration {
  private GoDuration() {}

  private static final long MICRO = 1_000L;
  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  /** Formats nanoseconds as Go's {@code Duration.String()} does. */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    // Long.MIN_VALUE has no positive counterpart: work on the unsigned magnitude
    boolean negative = nanos < 0;
    long u = negative ? -nanos : nanos;
    if (negative && u < 0) {
      return "-2562047h47m16.854775808s";
    }
    if (u < SECOND) {
      String unit;
      long scale;
      if (u < MICRO) {
        return (negative ? "-" : "") + u + "ns";
      } else if (u < MILLI) {
        unit = "µs";
        scale = MICRO;
      } else {
        unit = "ms";
        scale = MILLI;
      }
      out.append(fraction(u, scale)).append(unit);
    } else {
      long hours = u / HOUR;
      long minutes = (u % HOUR) / MINUTE;
      long rest = u % MINUTE;
      if (hours > 0) {
        out.append(hours).append('h');
      }
      if (hours > 0 || minutes > 0) {
        out.append(minutes).append('m');
      }
      out.append(fraction(rest, SECOND)).append('s');
    }
    return negative ? "-" + out : out.toString();
  }

  private static String fraction(long value, long scale) {
    long whole = value / scale;
    long frac = value % scale;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(scale + frac).substring(1);
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + digits.substring(0, end);
  }

  /** Parses Go's {@code time.ParseDuration} syntax ({@code 1h30m}, {@code 1.5s}, {@code -2ms}). */
  static long parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
    boolean negative = false;
    int i = 0;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return 0;
    }
    double total = 0;
    boolean any = false;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
      }
      double number = Double.parseDouble(s.substring(start, i));
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = switch (s.substring(unitStart, i)) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> MICRO;
        case "ms" -> MILLI;
        case "s" -> SECOND;
        case "m" -> MINUTE;
        case "h" -> HOUR;
        default -> throw new IllegalArgumentException("time: missing or unknown unit in duration \"" + text + "\"");
      };
      total += number * unit;
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
    long nanos = Math.round(total);
    return negative ? -nanos : nanos;
  }
}
