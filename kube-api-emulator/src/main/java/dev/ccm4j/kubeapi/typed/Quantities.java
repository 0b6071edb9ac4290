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

  static String canonical(String s, String errorPrefix) {
    String c = CACHE.get(s);
    if (c != null) {
      return c;
    }
    try {
      c = new Quantity(s).toSuffixedString();
    } catch (QuantityFormatException | NumberFormatException | ArithmeticException e) {
      throw ApiError.badRequest(errorPrefix + FORMAT_ERROR);
    }
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.put(s, c);
    }
    return c;
  }
}
