package dev.ccm4j.kubeapi;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A parsed label or field selector, matched against stored objects. Immutable. */
final class Selector {
  /** Matches everything. */
  static final Selector ALL = new Selector(List.of());

  enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS, GREATER_THAN, LESS_THAN }

  record Requirement(boolean field, String key, Op op, Set<String> values) {}

  private final List<Requirement> requirements;

  private Selector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** Whether this selector matches everything. */
  boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** Combines two selectors: an object must match both. */
  Selector and(Selector other) {
    List<Requirement> all = new ArrayList<>(requirements);
    all.addAll(other.requirements);
    return new Selector(all);
  }

  /**
   * Parses a {@code labelSelector} query value as apimachinery's {@code labels.Parse} does; throws a 400 ApiError
   * worded as the real server's ({@code unable to parse requirement: ...}) when it is malformed or names an invalid
   * key or value.
   */
  static Selector labels(String text) {
    if (text == null || text.isEmpty()) {
      return ALL;
    }
    try {
      List<Requirement> reqs = new LabelParser(text).parse();
      return reqs.isEmpty() ? ALL : new Selector(reqs);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  /** Parses a {@code fieldSelector} query value against the labels the resource supports. */
  static Selector fields(String text, ResourceType type) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      Op op;
      int idx;
      int len;
      if ((idx = p.indexOf("!=")) > 0) {
        op = Op.NOT_EQUALS;
        len = 2;
      } else if ((idx = p.indexOf("==")) > 0) {
        op = Op.EQUALS;
        len = 2;
      } else if ((idx = p.indexOf('=')) > 0) {
        op = Op.EQUALS;
        len = 1;
      } else {
        throw ApiError.badRequest("invalid selector: '" + text + "'; can't understand '" + p + "'");
      }
      String key = p.substring(0, idx).trim();
      if (!type.supportsField(key)) {
        throw ApiError.badRequest("field label not supported: " + key);
      }
      reqs.add(new Requirement(true, key, op, Set.of(p.substring(idx + len).trim())));
    }
    return new Selector(reqs);
  }

  /** Whether the object satisfies every requirement. */
  boolean matches(JsonObject object) {
    for (Requirement r : requirements) {
      String value = r.field() ? fieldValue(object, r.key()) : labelValue(object, r.key());
      if (!satisfies(r, value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean satisfies(Requirement r, String value) {
    switch (r.op()) {
      case EQUALS:
        return value != null && r.values().contains(value);
      case NOT_EQUALS:
        return value == null || !r.values().contains(value);
      case IN:
        return value != null && r.values().contains(value);
      case NOT_IN:
        return value == null || !r.values().contains(value);
      case EXISTS:
        return value != null;
      case NOT_EXISTS:
        return value == null;
      case GREATER_THAN:
      case LESS_THAN:
        return compares(r, value);
      default:
        throw new IllegalStateException(r.op().name());
    }
  }

  /** {@code key>n} and {@code key<n}: the label must exist and be an integer on the right side of the bound. */
  private static boolean compares(Requirement r, String value) {
    if (value == null) {
      return false;
    }
    try {
      long have = Long.parseLong(value);
      long bound = Long.parseLong(r.values().iterator().next());
      return r.op() == Op.GREATER_THAN ? have > bound : have < bound;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String labelValue(JsonObject object, String key) {
    JsonObject meta = object.getAsJsonObject("metadata");
    JsonElement labels = meta == null ? null : meta.get("labels");
    if (labels == null || !labels.isJsonObject()) {
      return null;
    }
    JsonElement v = labels.getAsJsonObject().get(key);
    return v == null || v.isJsonNull() ? null : v.getAsString();
  }

  /** A field's value as the API server's field set renders it: missing fields are the empty string. */
  private static String fieldValue(JsonObject object, String path) {
    JsonElement cur = object;
    for (String segment : path.split("\\.")) {
      if (cur == null || !cur.isJsonObject()) {
        return "";
      }
      cur = cur.getAsJsonObject().get(segment);
    }
    if (cur == null || cur.isJsonNull()) {
      return "";
    }
    return cur.isJsonPrimitive() ? cur.getAsString() : cur.toString();
  }
}
