package dev.ccm4j.kubeapi.apply;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.ApiError;
import dev.ccm4j.kubeapi.apply.ApplySchema.ListType;
import dev.ccm4j.kubeapi.apply.ApplySchema.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object walks of structured-merge-diff over Gson trees: {@code Compare} (what a write added, modified and
 * removed), {@code ToFieldSet} (what an applied configuration sets), {@code Merge} (an applied configuration into the
 * live object) and {@code RemoveItems} (pruning what a manager stopped applying). Lists are matched as the schema
 * says: associative lists by their keys, sets by value, everything else atomically.
 */
final class ObjectWalks {
  private ObjectWalks() {}

  /** What a write changed: added or modified members, and removed members, as field sets. */
  static final class Diff {
    /** Added and modified fields: the writer becomes their owner. */
    final JsonObject touched = new JsonObject();
    /** Removed fields: nobody owns them any more. */
    final JsonObject removed = new JsonObject();
  }

  // ---- compare

  /**
   * Compares {@code lhs} (the object before the write) and {@code rhs} (after it) as {@code TypedValue.Compare}
   * does: leaves (scalars, atomic lists and maps, empty containers) are added, removed or modified; a list item or
   * map that appears is added, one that disappears removed. {@code metadata.managedFields} is skipped.
   */
  static Diff compare(JsonObject lhs, JsonObject rhs, Node schema) {
    Comparer c = new Comparer();
    c.object(lhs, rhs, lhs, rhs, schema, false);
    return c.diff;
  }

  private static final class Comparer {
    final Diff diff = new Diff();
    String[] path = new String[16];
    boolean[] field = new boolean[16];
    int depth;

    void push(String element, boolean isField) {
      if (depth == path.length) {
        path = java.util.Arrays.copyOf(path, depth * 2);
        field = java.util.Arrays.copyOf(field, depth * 2);
      }
      path[depth] = element;
      field[depth] = isField;
      depth++;
    }

    void pop() {
      depth--;
    }

    void mark(JsonObject root) {
      JsonObject n = root;
      for (int i = 0; i < depth; i++) {
        String key = field[i] ? FieldSets.field(path[i]) : path[i];
        JsonElement c = n.get(key);
        if (c == null) {
          c = new JsonObject();
          n.add(key, c);
        }
        n = c.getAsJsonObject();
      }
      if (depth > 0 && !n.has(FieldSets.SELF)) {
        n.add(FieldSets.SELF, new JsonObject());
      }
    }

    void leaf(JsonElement l, JsonElement r) {
      if (l == null) {
        mark(diff.touched);
      } else if (r == null) {
        mark(diff.removed);
      } else if (!l.equals(r)) {
        mark(diff.touched);
      }
    }

    void post(JsonElement l, JsonElement r) {
      if (depth == 0) {
        return;
      }
      if (l == null) {
        mark(diff.touched);
      } else if (r == null) {
        mark(diff.removed);
      }
    }

    /** Compares two values of a field; {@code l}/{@code r} null when absent (JSON null is a present value). */
    void value(JsonElement l, JsonElement r, Node s) {
      JsonElement lv = l == null || l.isJsonNull() ? null : l;
      JsonElement rv = r == null || r.isJsonNull() ? null : r;
      if (s.atomic || (lv != null && lv.isJsonPrimitive()) || (rv != null && rv.isJsonPrimitive())) {
        leaf(l, r);
      } else if ((lv == null || lv.isJsonObject()) && (rv == null || rv.isJsonObject())) {
        object(l, r, lv == null ? null : lv.getAsJsonObject(), rv == null ? null : rv.getAsJsonObject(), s, true);
      } else if ((lv == null || lv.isJsonArray()) && (rv == null || rv.isJsonArray())) {
        list(l, r, lv == null ? null : lv.getAsJsonArray(), rv == null ? null : rv.getAsJsonArray(), s);
      } else {
        leaf(l, r);
      }
    }

    void object(JsonElement l, JsonElement r, JsonObject lo, JsonObject ro, Node s, boolean hook) {
      if ((lo == null || lo.size() == 0) && (ro == null || ro.size() == 0)) {
        leaf(l, r);
        return;
      }
      boolean root = depth == 0;
      if (lo != null) {
        for (Map.Entry<String, JsonElement> e : lo.entrySet()) {
          String k = e.getKey();
          if (root && k.equals("metadata")) {
            metadata(e.getValue(), ro == null ? null : ro.get(k), s.child(k));
            continue;
          }
          push(k, true);
          value(e.getValue(), ro == null ? null : ro.get(k), s.child(k));
          pop();
        }
      }
      if (ro != null) {
        for (Map.Entry<String, JsonElement> e : ro.entrySet()) {
          String k = e.getKey();
          if (lo != null && lo.has(k)) {
            continue;
          }
          if (root && k.equals("metadata")) {
            metadata(null, e.getValue(), s.child(k));
            continue;
          }
          push(k, true);
          value(null, e.getValue(), s.child(k));
          pop();
        }
      }
      if (hook) {
        post(l, r);
      }
    }

    /** {@code metadata} without {@code managedFields}, which the real server removes before it compares. */
    void metadata(JsonElement l, JsonElement r, Node s) {
      push("metadata", true);
      JsonObject lo = l != null && l.isJsonObject() ? without(l.getAsJsonObject()) : null;
      JsonObject ro = r != null && r.isJsonObject() ? without(r.getAsJsonObject()) : null;
      if ((l != null && !l.isJsonObject()) || (r != null && !r.isJsonObject())) {
        leaf(l, r);
      } else {
        object(lo, ro, lo, ro, s, true);
      }
      pop();
    }

    private static JsonObject without(JsonObject meta) {
      if (!meta.has("managedFields")) {
        return meta;
      }
      JsonObject copy = new JsonObject();
      for (Map.Entry<String, JsonElement> e : meta.entrySet()) {
        if (!e.getKey().equals("managedFields")) {
          copy.add(e.getKey(), e.getValue());
        }
      }
      return copy;
    }

    void list(JsonElement l, JsonElement r, JsonArray la, JsonArray ra, Node s) {
      if ((la == null || la.isEmpty()) && (ra == null || ra.isEmpty()) || s.list == ListType.ATOMIC) {
        leaf(l, r);
        return;
      }
      Map<String, JsonElement> li = index(la, s);
      Map<String, JsonElement> ri = index(ra, s);
      if (li == null || ri == null) {
        leaf(l, r);
        return;
      }
      for (Map.Entry<String, JsonElement> e : li.entrySet()) {
        push(e.getKey(), false);
        item(e.getValue(), ri.get(e.getKey()), s);
        pop();
      }
      for (Map.Entry<String, JsonElement> e : ri.entrySet()) {
        if (li.containsKey(e.getKey())) {
          continue;
        }
        push(e.getKey(), false);
        item(null, e.getValue(), s);
        pop();
      }
      post(l, r);
    }

    void item(JsonElement l, JsonElement r, Node s) {
      if (s.list == ListType.SET) {
        leaf(l, r);
        return;
      }
      JsonObject lo = l == null ? null : l.getAsJsonObject();
      JsonObject ro = r == null ? null : r.getAsJsonObject();
      object(l, r, lo, ro, s, true);
    }
  }

  /** Path element of each list item, first occurrence kept; null when an item cannot be keyed (then: atomic). */
  static Map<String, JsonElement> index(JsonArray list, Node s) {
    Map<String, JsonElement> out = new LinkedHashMap<>();
    if (list == null) {
      return out;
    }
    for (JsonElement item : list) {
      String pe = element(item, s);
      if (pe == null) {
        return null;
      }
      out.putIfAbsent(pe, item);
    }
    return out;
  }

  /** The path element of a list item of a set or associative list, or null when it has none. */
  static String element(JsonElement item, Node s) {
    if (s.list == ListType.SET) {
      return item.isJsonPrimitive() || item.isJsonNull() ? FieldSets.value(item) : null;
    }
    if (!item.isJsonObject()) {
      return null;
    }
    JsonObject o = item.getAsJsonObject();
    JsonElement[] values = new JsonElement[s.keys.length];
    for (int i = 0; i < values.length; i++) {
      JsonElement v = o.get(s.keys[i]);
      if (v == null || v.isJsonNull()) {
        v = s.keyDefaults[i];
      }
      if (v == null || !v.isJsonPrimitive()) {
        return null;
      }
      values[i] = v;
    }
    return FieldSets.key(s.keys, values);
  }

  // ---- to field set

  /**
   * The fields an applied configuration sets, as {@code TypedValue.ToFieldSet}: every leaf, every item of a set or
   * associative list, atomic lists and maps as a whole.
   *
   * @throws ApiError 500 with the real server's words when an associative list item lacks a key
   */
  static JsonObject toFieldSet(JsonObject config, Node schema, String what) {
    JsonObject set = new JsonObject();
    fieldsOf(config, schema, set, "", what);
    return set;
  }

  private static void fieldsOf(JsonObject o, Node s, JsonObject into, String path, String what) {
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      String k = e.getKey();
      Node cs = s.child(k);
      JsonObject child = new JsonObject();
      String cpath = path + "." + k;
      valueFields(e.getValue(), cs, child, cpath, what);
      if (child.size() > 0) {
        into.add(FieldSets.field(k), child.has(FieldSets.SELF) && child.size() == 1 ? new JsonObject() : child);
      }
    }
  }

  /** Fills {@code into} (the field's node) with the field's members; leaves it empty when the field sets nothing. */
  private static void valueFields(JsonElement v, Node s, JsonObject into, String path, String what) {
    if (v.isJsonPrimitive() || v.isJsonNull() || s.atomic) {
      into.add(FieldSets.SELF, new JsonObject());
    } else if (v.isJsonObject()) {
      fieldsOf(v.getAsJsonObject(), s, into, path, what);
    } else {
      JsonArray a = v.getAsJsonArray();
      if (s.list == ListType.ATOMIC) {
        into.add(FieldSets.SELF, new JsonObject());
        return;
      }
      for (JsonElement item : a) {
        String pe = element(item, s);
        if (pe == null) {
          throw missingKey(path, a, item, s, what);
        }
        JsonObject itemNode = new JsonObject();
        itemNode.add(FieldSets.SELF, new JsonObject());
        if (s.list == ListType.MAP) {
          fieldsOf(item.getAsJsonObject(), s, itemNode, path, what);
        }
        into.add(pe, itemNode);
      }
    }
  }

  private static ApiError missingKey(String path, JsonArray list, JsonElement item, Node s, String what) {
    int i = 0;
    for (JsonElement e : list) {
      if (e == item) {
        break;
      }
      i++;
    }
    String detail;
    if (s.list == ListType.MAP && item.isJsonObject()) {
      String missing = s.keys[0];
      for (int k = 0; k < s.keys.length; k++) {
        JsonElement v = item.getAsJsonObject().get(s.keys[k]);
        if ((v == null || v.isJsonNull()) && s.keyDefaults[k] == null) {
          missing = s.keys[k];
          break;
        }
      }
      detail = "associative list with keys has an element that omits key field \"" + missing
          + "\" (and doesn't have default value)";
    } else {
      detail = "expected map, got " + (item.isJsonArray() ? "list" : "scalar");
    }
    return ApiError.internal("failed to create typed patch object (" + what + "): " + path + ": element " + i + ": "
        + detail);
  }

  // ---- merge

  /** Merges {@code config} into {@code target} in place, as {@code TypedValue.Merge} with the config winning. */
  static void merge(JsonObject target, JsonObject config, Node s) {
    for (Map.Entry<String, JsonElement> e : config.entrySet()) {
      String k = e.getKey();
      JsonElement cv = e.getValue();
      Node cs = s.child(k);
      JsonElement tv = target.get(k);
      if (cv.isJsonNull()) {
        // an explicit null: the typed object the real server builds drops it
        target.remove(k);
      } else if (tv == null || tv.isJsonNull() || cs.atomic || cv.isJsonPrimitive() || tv.isJsonPrimitive()) {
        target.add(k, cv.deepCopy());
      } else if (tv.isJsonObject() && cv.isJsonObject()) {
        merge(tv.getAsJsonObject(), cv.getAsJsonObject(), cs);
      } else if (tv.isJsonArray() && cv.isJsonArray()) {
        target.add(k, mergeList(tv.getAsJsonArray(), cv.getAsJsonArray(), cs));
      } else {
        target.add(k, cv.deepCopy());
      }
    }
  }

  /**
   * Merges two lists. Atomic lists are replaced. Items of sets and associative lists are merged by path element and
   * ordered as structured-merge-diff orders them: the config's order for the items it names, the live object's
   * other items kept where they were relative to them.
   */
  private static JsonArray mergeList(JsonArray lhs, JsonArray rhs, Node s) {
    if (s.list == ListType.ATOMIC) {
      return rhs.deepCopy();
    }
    Map<String, JsonElement> li = index(lhs, s);
    Map<String, JsonElement> ri = index(rhs, s);
    if (li == null || ri == null) {
      return rhs.deepCopy();
    }
    List<String> lOrder = new ArrayList<>(li.keySet());
    List<String> rOrder = new ArrayList<>(ri.keySet());
    List<String> shared = new ArrayList<>();
    for (String pe : rOrder) {
      if (li.containsKey(pe)) {
        shared.add(pe);
      }
    }
    int sharedAt = 0;
    String nextShared = shared.isEmpty() ? null : shared.get(sharedAt++);
    JsonArray out = new JsonArray();
    int l = 0;
    int r = 0;
    while (l < lOrder.size() || r < rOrder.size()) {
      int before = l + r;
      if (l < lOrder.size() && r < rOrder.size()) {
        String pe = lOrder.get(l);
        if (pe.equals(rOrder.get(r))) {
          out.add(mergeItem(li.get(pe), ri.get(pe), s));
          l++;
          r++;
          nextShared = sharedAt < shared.size() ? shared.get(sharedAt++) : null;
          continue;
        }
        if (ri.containsKey(pe) && nextShared != null && !nextShared.equals(pe)) {
          l++;
          continue;
        }
      }
      if (l < lOrder.size()) {
        String pe = lOrder.get(l);
        if (!ri.containsKey(pe)) {
          out.add(li.get(pe).deepCopy());
          l++;
          continue;
        }
      }
      if (r < rOrder.size()) {
        String pe = rOrder.get(r);
        out.add(mergeItem(li.get(pe), ri.get(pe), s));
        r++;
        if (pe.equals(nextShared)) {
          nextShared = sharedAt < shared.size() ? shared.get(sharedAt++) : null;
        }
      }
      if (l + r == before) {
        // every config item is placed; a live item the config also names was merged already
        l++;
      }
    }
    return out;
  }

  private static JsonElement mergeItem(JsonElement live, JsonElement config, Node s) {
    if (live == null || s.list == ListType.SET || !live.isJsonObject() || !config.isJsonObject()) {
      return config.deepCopy();
    }
    JsonObject merged = live.getAsJsonObject().deepCopy();
    merge(merged, config.getAsJsonObject(), s);
    return merged;
  }

  // ---- remove

  /** Removes from {@code target}, in place, every value whose path is a member of {@code set}. */
  static void remove(JsonObject target, JsonObject set, Node s) {
    for (Map.Entry<String, JsonElement> e : set.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("f:") || !e.getValue().isJsonObject()) {
        continue;
      }
      String name = key.substring(2);
      JsonElement v = target.get(name);
      if (v == null) {
        continue;
      }
      JsonObject node = e.getValue().getAsJsonObject();
      if (FieldSets.isMember(node)) {
        target.remove(name);
      } else if (v.isJsonObject()) {
        remove(v.getAsJsonObject(), node, s.child(name));
      } else if (v.isJsonArray()) {
        removeItems(v.getAsJsonArray(), node, s.child(name));
      }
    }
  }

  private static void removeItems(JsonArray list, JsonObject set, Node s) {
    if (s.list == ListType.ATOMIC) {
      return;
    }
    for (int i = list.size() - 1; i >= 0; i--) {
      JsonElement item = list.get(i);
      String pe = element(item, s);
      JsonElement node = pe == null ? null : set.get(pe);
      if (node == null || !node.isJsonObject()) {
        continue;
      }
      if (FieldSets.isMember(node.getAsJsonObject())) {
        list.remove(i);
      } else if (item.isJsonObject()) {
        remove(item.getAsJsonObject(), node.getAsJsonObject(), s);
      }
    }
  }

  /** A JSON null placeholder, for callers that need a present-but-null value. */
  static JsonElement nullValue() {
    return JsonNull.INSTANCE;
  }
}
