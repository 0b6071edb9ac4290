package dev.ccm4j.kubeapi.typed;

import dev.ccm4j.kubeapi.ApiError;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code resource.Quantity} in its canonical form, as the real server writes it ({@code 1000m} → {@code 1},
 * {@code 1024Ki} → {@code 1Mi}, {@code 0.5} → {@code 500m}), formatted by client-java's {@link Quantity}. Clusters
 * use few distinct quantities, so the canonical forms are cached.
 */
final class Quantities {
  static final String FORMAT_ERROR =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  private static final int CACHE_LIMIT = 4096;
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private Quantities() {}

  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  /**
   * client-java writes a binary-SI quantity that is not a whole number of its unit in plain bytes
   * ({@code 1.5Gi} → {@code 1610612736}); Go writes the largest exact binary unit ({@code 1536Mi}).
   */
  private static String binary(String input, String formatted) {
    if (!input.endsWith("i") || formatted.isEmpty() || !formatted.chars().allMatch(Character::isDigit)) {
      return formatted;
    }
    java.math.BigInteger n = new java.math.BigInteger(formatted);
    java.math.BigInteger k = java.math.BigInteger.valueOf(1024);
    if (n.compareTo(k) < 0) {
      return formatted;
    }
    int unit = 0;
    while (unit < BINARY.length - 1 && n.mod(k).signum() == 0) {
      n = n.divide(k);
      unit++;
    }
    return n + BINARY[unit];
  }

  static String canonical(String s, String errorPrefix) {
    String c = CACHE.get(s);
    if (c != null) {
      return c;
    }
    try {
      c = binary(s, new Quantity(s).toSuffixedString());
    } catch (QuantityFormatException | NumberFormatException | ArithmeticException e) {
      throw ApiError.badRequest(errorPrefix + FORMAT_ERROR);
    }
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.put(s, c);
    }
    return c;
  }
}
