package dev.ccm4j.kubeapi.typed;

import dev.ccm4j.kubeapi.ApiError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code metav1.Time} and {@code metav1.MicroTime} as the real server writes them: RFC 3339 in UTC, truncated to
 * seconds ({@code 2026-01-02T03:04:05Z}) or to microseconds ({@code 2026-01-02T03:04:05.123456Z}).
 */
final class Times {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

  private Times() {}

  static String seconds(String s, String errorPrefix) {
    if (isCanonicalSeconds(s)) {
      return s;
    }
    return parse(s, errorPrefix, "2006-01-02T15:04:05Z07:00").truncatedTo(ChronoUnit.SECONDS).format(SECONDS);
  }

  static String micro(String s, String errorPrefix) {
    if (s.length() == 27 && s.charAt(19) == '.' && isCanonicalSeconds(s.substring(0, 19) + "Z")
        && s.charAt(26) == 'Z' && digits(s, 20, 26)) {
      return s;
    }
    return parse(s, errorPrefix, "2006-01-02T15:04:05.000000Z07:00").truncatedTo(ChronoUnit.MICROS).format(MICROS);
  }

  private static OffsetDateTime parse(String s, String errorPrefix, String layout) {
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // Go's time.Parse error, shortened: the real one also names the layout element that failed
      throw ApiError.badRequest(errorPrefix + "parsing time \"" + s + "\" as \"" + layout + "\": cannot parse \""
          + s + "\" as \"" + layout + "\"");
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ssZ} with digits where digits go: the common case, kept without parsing. */
  private static boolean isCanonicalSeconds(String s) {
    return s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
        && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == 'Z' && digits(s, 0, 4) && digits(s, 5, 7)
        && digits(s, 8, 10) && digits(s, 11, 13) && digits(s, 14, 16) && digits(s, 17, 19)
        && s.charAt(5) <= '1' && s.charAt(8) <= '3' && s.charAt(11) <= '2' && s.charAt(14) <= '5'
        && s.charAt(17) <= '5' && !s.startsWith("00", 5) && !s.startsWith("00", 8);
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
