package dev.ccm4j.kubeapi;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A parsed label or field selector, matched against stored objects. Immutable. */
final class Selector {
  /** Matches everything. */
  static final Selector ALL = new Selector(List.of());

  private static final Pattern LABEL_KEY =
      Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

  private enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS }

  private record Requirement(boolean field, String key, Op op, Set<String> values) {}

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

  /** Parses a {@code labelSelector} query value; throws a 400 ApiError when it is malformed. */
  static Selector labels(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String part : splitTopLevel(text)) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw ApiError.badRequest("unable to parse requirement: found '', expected: identifier");
      }
      reqs.add(parseLabelRequirement(p));
    }
    return new Selector(reqs);
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
        throw ApiError.badRequest("invalid field selector: '" + p + "'");
      }
      String key = p.substring(0, idx).trim();
      if (!type.supportsField(key)) {
        throw ApiError.badRequest("field label not supported: " + key);
      }
      reqs.add(new Requirement(true, key, op, Set.of(p.substring(idx + len).trim())));
    }
    return new Selector(reqs);
  }

  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static Requirement parseLabelRequirement(String p) {
    if (p.startsWith("!")) {
      return new Requirement(false, checkKey(p.substring(1).trim()), Op.NOT_EXISTS, Set.of());
    }
    String[] setOps = {" notin ", " in "};
    for (String setOp : setOps) {
      int idx = p.indexOf(setOp);
      if (idx > 0) {
        String rest = p.substring(idx + setOp.length()).trim();
        if (!rest.startsWith("(") || !rest.endsWith(")")) {
          throw ApiError.badRequest("unable to parse requirement: found '" + rest + "', expected: '('");
        }
        Set<String> values = new java.util.LinkedHashSet<>();
        for (String v : rest.substring(1, rest.length() - 1).split(",")) {
          values.add(v.trim());
        }
        return new Requirement(false, checkKey(p.substring(0, idx).trim()),
            setOp.equals(" in ") ? Op.IN : Op.NOT_IN, values);
      }
    }
    int idx;
    if ((idx = p.indexOf("!=")) > 0) {
      return new Requirement(false, checkKey(p.substring(0, idx).trim()), Op.NOT_EQUALS,
          Set.of(p.substring(idx + 2).trim()));
    }
    if ((idx = p.indexOf("==")) > 0) {
      return new Requirement(false, checkKey(p.substring(0, idx).trim()), Op.EQUALS,
          Set.of(p.substring(idx + 2).trim()));
    }
    if ((idx = p.indexOf('=')) > 0) {
      return new Requirement(false, checkKey(p.substring(0, idx).trim()), Op.EQUALS,
          Set.of(p.substring(idx + 1).trim()));
    }
    return new Requirement(false, checkKey(p), Op.EXISTS, Set.of());
  }

  private static String checkKey(String key) {
    if (!LABEL_KEY.matcher(key).matches()) {
      throw ApiError.badRequest("unable to parse requirement: invalid label key \"" + key + "\"");
    }
    return key;
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
      default:
        throw new IllegalStateException(r.op().name());
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
