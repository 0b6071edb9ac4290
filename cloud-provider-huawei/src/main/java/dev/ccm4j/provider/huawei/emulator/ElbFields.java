package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed reads of ELB request bodies. A field of the wrong JSON type or out of range is Huawei's 400
 * {@code ELB.8902} naming the field, the way the real API answers a bad parameter; an explicit JSON {@code null}
 * reads as absent.
 */
final class ElbFields {
  /** Huawei's code for an invalid parameter (seen on real ELB v3 answers). */
  static final String INVALID = "ELB.8902";
  /** Huawei's code for a resource that is not found (seen on real ELB v3 404 answers). */
  static final String NOT_FOUND = "ELB.8904";
  /**
   * Huawei's code for a conflict: a duplicate, a resource still in use, or a load balancer whose provisioning status
   * is PENDING_* and therefore immutable (seen on real 409 answers for both).
   */
  static final String CONFLICT = "ELB.8907";

  private ElbFields() {}

  static HuaweiApiError invalid(String message) {
    return HuaweiApiError.badRequest(INVALID, message);
  }

  static HuaweiApiError notFound(String what, String id) {
    return new HuaweiApiError(404, NOT_FOUND, what + " " + id + " could not be found.");
  }

  static HuaweiApiError conflict(String message) {
    return HuaweiApiError.conflict(CONFLICT, message);
  }

  /**
   * The wrapped object of a request body, e.g. {@code body.loadbalancer}.
   *
   * @throws HuaweiApiError 400 when absent or not an object
   */
  static JsonObject wrapped(JsonObject body, String key) {
    JsonElement e = body.get(key);
    if (e == null || !e.isJsonObject()) {
      throw invalid("The request body must be a JSON object with the key '" + key + "'.");
    }
    return e.getAsJsonObject();
  }

  static boolean present(JsonObject o, String name) {
    JsonElement e = o.get(name);
    return e != null && !e.isJsonNull();
  }

  static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw invalid("Invalid input for field/attribute " + name + ": it must be a string.");
    }
    return Optional.of(e.getAsString());
  }

  static String requiredString(JsonObject o, String name) {
    return string(o, name).filter(s -> !s.isBlank())
        .orElseThrow(() -> invalid("Invalid input for field/attribute " + name + ": it is required."));
  }

  static Optional<String> maxLength(JsonObject o, String name, int max) {
    Optional<String> s = string(o, name);
    if (s.isPresent() && s.get().length() > max) {
      throw invalid("Invalid input for field/attribute " + name + ": at most " + max + " characters.");
    }
    return s;
  }

  static String oneOf(JsonObject o, String name, Set<String> allowed, String fallback) {
    Optional<String> s = string(o, name);
    if (s.isEmpty()) {
      if (fallback == null) {
        throw invalid("Invalid input for field/attribute " + name + ": it is required; use one of "
            + sorted(allowed) + ".");
      }
      return fallback;
    }
    if (!allowed.contains(s.get())) {
      throw invalid("Invalid input for field/attribute " + name + ". Value: " + s.get() + ". Use one of "
          + sorted(allowed) + ".");
    }
    return s.get();
  }

  static Optional<Integer> integer(JsonObject o, String name, long min, long max) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    BigDecimal value = null;
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      value = e.getAsBigDecimal();
    }
    if (value == null || value.stripTrailingZeros().scale() > 0) {
      throw invalid("Invalid input for field/attribute " + name + ": it must be an integer.");
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw invalid("Invalid input for field/attribute " + name + ". Value: " + value.toPlainString()
          + ". It must be between " + min + " and " + max + ".");
    }
    return Optional.of(value.intValueExact());
  }

  static int requiredInteger(JsonObject o, String name, long min, long max) {
    return integer(o, name, min, max)
        .orElseThrow(() -> invalid("Invalid input for field/attribute " + name + ": it is required."));
  }

  static Optional<Boolean> bool(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw invalid("Invalid input for field/attribute " + name + ": it must be true or false.");
    }
    return Optional.of(e.getAsBoolean());
  }

  static Optional<JsonObject> object(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonObject()) {
      throw invalid("Invalid input for field/attribute " + name + ": it must be an object.");
    }
    return Optional.of(e.getAsJsonObject());
  }

  static Optional<List<String>> strings(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonArray()) {
      throw invalid("Invalid input for field/attribute " + name + ": it must be an array of strings.");
    }
    List<String> out = new ArrayList<>();
    for (JsonElement item : e.getAsJsonArray()) {
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        throw invalid("Invalid input for field/attribute " + name + ": it must be an array of strings.");
      }
      out.add(item.getAsString());
    }
    return Optional.of(out);
  }

  /** {@code [{"id": ...}, ...]}, the reference lists of every ELB object. */
  static JsonArray refs(List<String> ids) {
    JsonArray a = new JsonArray();
    for (String id : ids) {
      JsonObject ref = new JsonObject();
      ref.addProperty("id", id);
      a.add(ref);
    }
    return a;
  }

  static JsonArray array(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(v -> a.add(new JsonPrimitive(v)));
    return a;
  }

  private static String sorted(Set<String> values) {
    return String.join(", ", values.stream().sorted().toList());
  }
}
