package dev.ccm4j.kubeapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, decoded as apimachinery's parameter codec decodes them: every repetition is kept,
 * a scalar option reads the first value, and a boolean is true for anything but {@code false} (any case) or
 * {@code 0}, so {@code watch=True} and a bare {@code watch} start a watch as they do on the real server.
 */
final class QueryParams {
  private final Map<String, List<String>> values;

  private QueryParams(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Parses a raw (still percent-encoded) query string; null or empty gives no parameters. */
  static QueryParams parse(String raw) {
    Map<String, List<String>> out = new HashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        out.computeIfAbsent(decode(k), x -> new ArrayList<>(1)).add(decode(v));
      }
    }
    return new QueryParams(out);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // Go's url.ParseQuery drops a malformed pair; keeping the raw text is the nearest harmless reading
      return s;
    }
  }

  /** The first value, or null when the parameter is absent. */
  String first(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Every value, in order; empty when absent. */
  List<String> all(String name) {
    List<String> v = values.get(name);
    return v == null ? List.of() : v;
  }

  /** Whether the parameter is present at all. */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** apimachinery's string-to-bool conversion: absent, {@code 0} and {@code false} (any case) are false. */
  boolean bool(String name) {
    String v = first(name);
    return v != null && !v.equals("0") && !v.equalsIgnoreCase("false");
  }

  /** An optional boolean: null when absent, else as {@link #bool}. */
  Boolean optionalBool(String name) {
    return has(name) ? bool(name) : null;
  }

  /** A 64-bit integer option; 0 when absent or empty, 400 when not a number, worded as Go's strconv. */
  long int64(String name) {
    String v = first(name);
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("strconv.ParseInt: parsing " + GoQuote.quote(v) + ": invalid syntax");
    }
  }
}
