package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Field sets as structured-merge-diff keeps them, held directly in their {@code FieldsV1} form so that the stored
 * {@code managedFields} need no decoding: a JSON object per path element, keyed {@code f:<field>},
 * {@code k:{"port":80,"protocol":"TCP"}}, {@code v:<value>} or {@code i:<index>}; a node is a member of the set when
 * it is empty or holds the {@code "."} key. The root is never a member.
 *
 * <p>Sets produced here are canonical as the real server writes them: keys in path element order ({@code f:} by
 * name, then {@code k:}, {@code v:}, {@code i:}), {@code "."} first, a member without children as {@code {}}.
 * Operations share unchanged subtrees and return their first argument when nothing changes, so the common write
 * (a heartbeat that touches fields its manager already owns) allocates nothing here.
 */
final class FieldSets {
  static final String SELF = ".";

  /** Orders path element keys as structured-merge-diff's {@code PathElement.Compare}. */
  static final Comparator<String> ORDER = FieldSets::compareElements;

  private FieldSets() {}

  static boolean isMember(JsonObject node) {
    return node.size() == 0 || node.has(SELF);
  }

  /** The union of a canonical set and any set, canonical; {@code a} itself when {@code b} adds nothing. */
  static JsonObject union(JsonObject a, JsonObject b) {
    JsonObject out = unionNode(a, b, true);
    return out == null ? new JsonObject() : out;
  }

  /** {@code b} in canonical form. */
  static JsonObject canonical(JsonObject b) {
    return union(new JsonObject(), b);
  }

  /** {@code a} without the members of {@code b} (not recursive, as {@code Set.Difference}); {@code a} if unchanged. */
  static JsonObject subtract(JsonObject a, JsonObject b) {
    JsonObject out = subtractNode(a, b, true, false);
    return out == null ? new JsonObject() : out;
  }

  /** {@code a} without {@code b}'s members and everything under them ({@code Set.RecursiveDifference}). */
  static JsonObject subtractRecursive(JsonObject a, JsonObject b) {
    JsonObject out = subtractNode(a, b, true, true);
    return out == null ? new JsonObject() : out;
  }

  /** True when the sets share a member. */
  static boolean intersects(JsonObject a, JsonObject b) {
    for (Map.Entry<String, JsonElement> e : b.entrySet()) {
      if (e.getKey().equals(SELF)) {
        continue;
      }
      JsonElement ac = a.get(e.getKey());
      if (ac == null || !ac.isJsonObject()) {
        continue;
      }
      JsonObject an = ac.getAsJsonObject();
      JsonObject bn = e.getValue().getAsJsonObject();
      if (isMember(an) && isMember(bn)) {
        return true;
      }
      if (intersects(an, bn)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The members both sets hold, as paths in structured-merge-diff's iteration order (a level's members before its
   * children's, each in path element order), each path a list of element keys.
   */
  static List<List<String>> intersection(JsonObject a, JsonObject b) {
    List<List<String>> out = new ArrayList<>();
    intersect(a, b, new ArrayList<>(), out);
    return out;
  }

  private static void intersect(JsonObject a, JsonObject b, List<String> prefix, List<List<String>> out) {
    List<String> keys = new ArrayList<>();
    for (String k : b.keySet()) {
      if (!k.equals(SELF) && a.has(k) && a.get(k).isJsonObject()) {
        keys.add(k);
      }
    }
    keys.sort(ORDER);
    for (String k : keys) {
      if (isMember(a.getAsJsonObject(k)) && isMember(b.getAsJsonObject(k))) {
        List<String> p = new ArrayList<>(prefix);
        p.add(k);
        out.add(p);
      }
    }
    for (String k : keys) {
      prefix.add(k);
      intersect(a.getAsJsonObject(k), b.getAsJsonObject(k), prefix, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  private static boolean member(JsonObject node, boolean root) {
    return !root && node != null && isMember(node);
  }

  private static JsonObject unionNode(JsonObject a, JsonObject b, boolean root) {
    if (b == null) {
      return a;
    }
    boolean aMember = member(a, root);
    boolean isMember = aMember || member(b, root);
    boolean changed = a == null || isMember != aMember;
    List<String> replacedKeys = null;
    List<JsonObject> replaced = null;
    for (Map.Entry<String, JsonElement> e : b.entrySet()) {
      String key = e.getKey();
      if (key.equals(SELF) || !e.getValue().isJsonObject()) {
        continue;
      }
      JsonElement ac = a == null ? null : a.get(key);
      JsonObject an = ac != null && ac.isJsonObject() ? ac.getAsJsonObject() : null;
      JsonObject u = unionNode(an, e.getValue().getAsJsonObject(), false);
      if (u != an) {
        changed = true;
        if (replacedKeys == null) {
          replacedKeys = new ArrayList<>();
          replaced = new ArrayList<>();
        }
        replacedKeys.add(key);
        replaced.add(u);
      }
    }
    if (!changed) {
      return a;
    }
    List<String> keys = new ArrayList<>();
    List<JsonElement> values = new ArrayList<>();
    if (a != null) {
      for (Map.Entry<String, JsonElement> e : a.entrySet()) {
        if (!e.getKey().equals(SELF)) {
          int i = replacedKeys == null ? -1 : replacedKeys.indexOf(e.getKey());
          keys.add(e.getKey());
          values.add(i < 0 ? e.getValue() : replaced.get(i));
        }
      }
    }
    if (replacedKeys != null) {
      for (int i = 0; i < replacedKeys.size(); i++) {
        if (a == null || !a.has(replacedKeys.get(i))) {
          keys.add(replacedKeys.get(i));
          values.add(replaced.get(i));
        }
      }
    }
    return build(isMember, keys, values);
  }

  private static JsonObject build(boolean isMember, List<String> keys, List<JsonElement> values) {
    Integer[] order = new Integer[keys.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> compareElements(keys.get(x), keys.get(y)));
    JsonObject out = new JsonObject();
    if (isMember && !keys.isEmpty()) {
      out.add(SELF, new JsonObject());
    }
    for (Integer i : order) {
      out.add(keys.get(i), values.get(i));
    }
    return out;
  }

  /**
   * One walk for both differences: with {@code recursive}, a node {@code b} owns goes with everything under it;
   * without, only the membership of each node {@code b} names is removed.
   */
  private static JsonObject subtractNode(JsonObject a, JsonObject b, boolean root, boolean recursive) {
    if (recursive && member(b, root)) {
      return null;
    }
    boolean aMember = member(a, root);
    boolean isMember = aMember && !member(b, root);
    boolean changed = isMember != aMember;
    List<String> changedKeys = null;
    List<JsonObject> changedValues = null;
    for (Map.Entry<String, JsonElement> e : b.entrySet()) {
      String key = e.getKey();
      if (key.equals(SELF) || !e.getValue().isJsonObject()) {
        continue;
      }
      JsonElement ac = a.get(key);
      if (ac == null || !ac.isJsonObject()) {
        continue;
      }
      JsonObject an = ac.getAsJsonObject();
      JsonObject r = subtractNode(an, e.getValue().getAsJsonObject(), false, recursive);
      if (r != an) {
        changed = true;
        if (changedKeys == null) {
          changedKeys = new ArrayList<>();
          changedValues = new ArrayList<>();
        }
        changedKeys.add(key);
        changedValues.add(r);
      }
    }
    if (!changed) {
      return a;
    }
    return rebuild(a, isMember, changedKeys, changedValues);
  }

  /** {@code a} with some children replaced (null: removed); null when nothing is left of a non-member node. */
  private static JsonObject rebuild(JsonObject a, boolean isMember, List<String> changedKeys,
      List<JsonObject> changedValues) {
    JsonObject out = new JsonObject();
    int children = 0;
    for (Map.Entry<String, JsonElement> e : a.entrySet()) {
      String key = e.getKey();
      if (key.equals(SELF)) {
        continue;
      }
      int i = changedKeys == null ? -1 : changedKeys.indexOf(key);
      JsonElement v = i < 0 ? e.getValue() : changedValues.get(i);
      if (v != null) {
        if (children == 0 && isMember) {
          out.add(SELF, new JsonObject());
        }
        out.add(key, v);
        children++;
      }
    }
    if (children == 0) {
      return isMember ? new JsonObject() : null;
    }
    return out;
  }

  // ---- path elements

  /** The key of a struct field or map entry. */
  static String field(String name) {
    return "f:" + name;
  }

  /** The key of a set item. */
  static String value(JsonElement v) {
    StringBuilder sb = new StringBuilder("v:");
    writeJson(sb, v);
    return sb.toString();
  }

  /** The key of an atomic list item (used only inside sets that name list items by index). */
  static String index(int i) {
    return "i:" + i;
  }

  /** The key of an associative list item, its keys in name order as the real server sorts them. */
  static String key(String[] names, JsonElement[] values) {
    Integer[] order = new Integer[names.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (names.length > 1) {
      java.util.Arrays.sort(order, (x, y) -> names[x].compareTo(names[y]));
    }
    StringBuilder sb = new StringBuilder("k:{");
    boolean first = true;
    for (Integer i : order) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      writeString(sb, names[i]);
      sb.append(':');
      writeJson(sb, values[i]);
    }
    return sb.append('}').toString();
  }

  static void writeJson(StringBuilder sb, JsonElement v) {
    if (v == null || v.isJsonNull()) {
      sb.append("null");
    } else if (v.isJsonPrimitive()) {
      JsonPrimitive p = v.getAsJsonPrimitive();
      if (p.isString()) {
        writeString(sb, p.getAsString());
      } else {
        sb.append(p.getAsString());
      }
    } else {
      sb.append(v);
    }
  }

  private static void writeString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static int rank(String k) {
    if (k.isEmpty()) {
      return 4;
    }
    return switch (k.charAt(0)) {
      case 'f' -> 0;
      case 'k' -> 1;
      case 'v' -> 2;
      case 'i' -> 3;
      default -> 4;
    };
  }

  static int compareElements(String x, String y) {
    int rx = rank(x);
    int ry = rank(y);
    if (rx != ry) {
      return Integer.compare(rx, ry);
    }
    switch (rx) {
      case 0 -> {
        return x.compareTo(y);
      }
      case 3 -> {
        try {
          return Long.compare(Long.parseLong(x.substring(2)), Long.parseLong(y.substring(2)));
        } catch (NumberFormatException e) {
          return x.compareTo(y);
        }
      }
      case 1, 2 -> {
        return compareJsonText(x.substring(2), y.substring(2));
      }
      default -> {
        return x.compareTo(y);
      }
    }
  }

  /**
   * Compares two canonical JSON texts as structured-merge-diff compares values: objects (associative keys) field by
   * field, name then value; numbers numerically; strings as strings; otherwise by text. Hand-rolled to stay cheap:
   * it runs only when a new key is sorted into a set.
   */
  private static int compareJsonText(String x, String y) {
    if (x.equals(y)) {
      return 0;
    }
    if (x.startsWith("{") && y.startsWith("{")) {
      JsonObject ox = com.google.gson.JsonParser.parseString(x).getAsJsonObject();
      JsonObject oy = com.google.gson.JsonParser.parseString(y).getAsJsonObject();
      var ix = ox.entrySet().iterator();
      var iy = oy.entrySet().iterator();
      while (ix.hasNext() && iy.hasNext()) {
        var ex = ix.next();
        var ey = iy.next();
        int c = ex.getKey().compareTo(ey.getKey());
        if (c != 0) {
          return c;
        }
        c = compareValues(ex.getValue(), ey.getValue());
        if (c != 0) {
          return c;
        }
      }
      return Boolean.compare(ix.hasNext(), iy.hasNext());
    }
    return compareValues(com.google.gson.JsonParser.parseString(x), com.google.gson.JsonParser.parseString(y));
  }

  private static int compareValues(JsonElement x, JsonElement y) {
    if (x.isJsonPrimitive() && y.isJsonPrimitive()) {
      JsonPrimitive px = x.getAsJsonPrimitive();
      JsonPrimitive py = y.getAsJsonPrimitive();
      if (px.isNumber() && py.isNumber()) {
        return Double.compare(px.getAsDouble(), py.getAsDouble());
      }
      if (px.isString() && py.isString()) {
        return px.getAsString().compareTo(py.getAsString());
      }
      return Integer.compare(primitiveRank(px), primitiveRank(py));
    }
    return x.toString().compareTo(y.toString());
  }

  private static int primitiveRank(JsonPrimitive p) {
    if (p.isBoolean()) {
      return 0;
    }
    return p.isNumber() ? 1 : 2;
  }

  /** A path as the real server prints it in conflicts: {@code .spec.ports[port=80,protocol="TCP"].targetPort}. */
  static String pathString(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (String k : path) {
      switch (rank(k)) {
        case 0 -> sb.append('.').append(k, 2, k.length());
        case 1 -> {
          JsonObject o = com.google.gson.JsonParser.parseString(k.substring(2)).getAsJsonObject();
          sb.append('[');
          boolean first = true;
          for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!first) {
              sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append('=').append(goString(e.getValue()));
          }
          sb.append(']');
        }
        case 2 -> sb.append("[=").append(goString(com.google.gson.JsonParser.parseString(k.substring(2)))).append(']');
        case 3 -> sb.append('[').append(k, 2, k.length()).append(']');
        default -> sb.append(k);
      }
    }
    return sb.toString();
  }

  /** A value as structured-merge-diff's {@code value.ToString} prints it: strings Go-quoted, the rest as JSON. */
  private static String goString(JsonElement v) {
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
      StringBuilder sb = new StringBuilder();
      writeString(sb, v.getAsString());
      return sb.toString();
    }
    return v.toString();
  }
}
