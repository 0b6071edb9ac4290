package dev.ccm4j.kubeapi.patch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes strategic merge patch over a Gson tree, following apimachinery's server-side semantics (unmatched nulls
 * ignored, parallel delete lists applied) with list strategies taken from a {@link MergeRules} table.
 *
 * <p>Ordering of merged lists follows upstream: entries named by the patch take the patch's relative order, entries
 * only on the server keep theirs, and the two are interleaved by their positions in the live list; a patch entry
 * that is new to the list goes before the server-only entry it is compared with, which is why a strategic merge
 * patch that adds one container or one finalizer puts it first.
 */
final class StrategicMergePatch {
  private static final String DIRECTIVE = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String SET_ORDER = "$setElementOrder/";
  private static final String DELETE_PRIMITIVES = "$deleteFromPrimitiveList/";

  private final Map<String, ListRule> rules;

  StrategicMergePatch(Map<String, ListRule> rules) {
    this.rules = rules;
  }

  /** Merges {@code patch} into {@code original}, which it mutates; returns the new root. */
  JsonObject apply(JsonObject original, JsonElement patch) {
    if (!patch.isJsonObject()) {
      throw PatchErrors.malformed("a strategic merge patch must be a JSON object");
    }
    JsonObject result = mergeMap(original, patch.getAsJsonObject(), "");
    return result == null ? new JsonObject() : result;
  }

  private static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Merges a patch map into {@code original} (null for a new map); returns null when the map is to be deleted. */
  private JsonObject mergeMap(JsonObject original, JsonObject patch, String path) {
    JsonElement directive = patch.get(DIRECTIVE);
    if (directive != null) {
      String value = directive.isJsonPrimitive() ? directive.getAsString() : String.valueOf(directive);
      switch (value) {
        case "delete":
          // Upstream leaves an empty map, which typed decoding then drops or zeroes; removing the field is the
          // equivalent for a stored JSON object.
          return null;
        case "replace": {
          JsonObject content = patch.deepCopy();
          content.remove(DIRECTIVE);
          return mergeMap(null, content, path);
        }
        case "merge":
          // Upstream rejects an explicit "merge" on a map; it is the default strategy, so accepting it is harmless.
          break;
        default:
          throw PatchErrors.malformed("Unknown patch type: " + value + " in map: " + patch);
      }
    }
    JsonObject result = original == null ? new JsonObject() : original;
    applyRetainKeys(result, patch);
    Set<String> done = applySetElementOrder(result, patch, path);
    for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
      String key = e.getKey();
      if (key.equals(DIRECTIVE) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ORDER)
          || key.startsWith(DELETE_PRIMITIVES) || done.contains(key)) {
        continue;
      }
      JsonElement merged = e.getValue().isJsonNull() ? null : mergeValue(result.get(key), e.getValue(), child(path, key));
      if (merged == null) {
        result.remove(key);
      } else {
        result.add(key, merged);
      }
    }
    applyDeleteFromPrimitiveLists(result, patch);
    return result;
  }

  private JsonElement mergeValue(JsonElement original, JsonElement patch, String path) {
    if (patch.isJsonObject()) {
      JsonObject base = original != null && original.isJsonObject() ? original.getAsJsonObject() : null;
      return mergeMap(base, patch.getAsJsonObject(), path);
    }
    if (patch.isJsonArray()) {
      ListRule rule = rules.get(path);
      if (rule == null) {
        return Json.withoutNulls(patch);
      }
      JsonArray base = original != null && original.isJsonArray() ? original.getAsJsonArray() : new JsonArray();
      return mergeList(base, patch.getAsJsonArray(), rule, path);
    }
    return patch.deepCopy();
  }

  private static void applyRetainKeys(JsonObject result, JsonObject patch) {
    JsonElement retain = patch.get(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isJsonArray()) {
      throw PatchErrors.malformed("invalid patch format of retainKeys: " + retain);
    }
    Set<String> keep = new HashSet<>();
    for (JsonElement k : retain.getAsJsonArray()) {
      if (!k.isJsonPrimitive() || !k.getAsJsonPrimitive().isString()) {
        throw PatchErrors.malformed("invalid patch format of retainKeys: " + retain);
      }
      keep.add(k.getAsString());
    }
    for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
      String key = e.getKey();
      if (!e.getValue().isJsonNull() && !key.startsWith("$") && !keep.contains(key)) {
        throw PatchErrors.malformed("invalid patch format of retainKeys: the patch sets \"" + key
            + "\" which $retainKeys " + retain + " does not list");
      }
    }
    result.keySet().removeIf(k -> !keep.contains(k));
  }

  private Set<String> applySetElementOrder(JsonObject result, JsonObject patch, String path) {
    Set<String> done = new HashSet<>();
    for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
      if (!e.getKey().startsWith(SET_ORDER)) {
        continue;
      }
      String field = e.getKey().substring(SET_ORDER.length());
      if (field.isEmpty() || !e.getValue().isJsonArray()) {
        throw PatchErrors.malformed("invalid patch format of setElementOrder list: " + e.getKey());
      }
      JsonElement before = result.get(field);
      JsonArray originalList = before != null && before.isJsonArray() ? before.getAsJsonArray().deepCopy()
          : new JsonArray();
      JsonElement patchList = patch.get(field);
      if (patchList != null && patchList.isJsonNull()) {
        continue;
      }
      JsonElement merged;
      if (patchList != null) {
        merged = mergeValue(before, patchList, child(path, field));
      } else {
        merged = before;
      }
      done.add(field);
      if (merged == null || !merged.isJsonArray()) {
        continue;
      }
      ListRule rule = rules.getOrDefault(child(path, field), ListRule.set());
      result.add(field, reorder(merged.getAsJsonArray(), e.getValue().getAsJsonArray(), originalList, rule));
    }
    return done;
  }

  private static void applyDeleteFromPrimitiveLists(JsonObject result, JsonObject patch) {
    for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
      if (!e.getKey().startsWith(DELETE_PRIMITIVES)) {
        continue;
      }
      String field = e.getKey().substring(DELETE_PRIMITIVES.length());
      if (field.isEmpty() || !e.getValue().isJsonArray()) {
        throw PatchErrors.malformed("invalid patch format of primitive list: " + e.getKey());
      }
      JsonElement current = result.get(field);
      if (current == null || !current.isJsonArray()) {
        continue;
      }
      Set<JsonElement> drop = new HashSet<>(Json.elements(e.getValue().getAsJsonArray()));
      List<JsonElement> kept = new ArrayList<>();
      for (JsonElement v : current.getAsJsonArray()) {
        if (!drop.contains(v)) {
          kept.add(v);
        }
      }
      result.add(field, Json.arrayOf(kept));
    }
  }

  /** One element of a list being merged, with where it sat in the live list and in the patch (-1: absent). */
  private static final class Entry {
    JsonElement value;
    final int originalIndex;
    int patchIndex;

    Entry(JsonElement value, int originalIndex, int patchIndex) {
      this.value = value;
      this.originalIndex = originalIndex;
      this.patchIndex = patchIndex;
    }
  }

  private JsonArray mergeList(JsonArray original, JsonArray patch, ListRule rule, String path) {
    List<Entry> entries = new ArrayList<>();
    if (rule.primitive()) {
      for (int i = 0; i < original.size(); i++) {
        entries.add(new Entry(original.get(i), i, -1));
      }
      for (int j = 0; j < patch.size(); j++) {
        JsonElement p = patch.get(j);
        if (p.isJsonObject() || p.isJsonArray()) {
          throw PatchErrors.malformed("the list \"" + path + "\" merges primitive values, but the patch holds " + p);
        }
        mergePrimitive(entries, p, j);
      }
      return Json.arrayOf(order(entries));
    }
    List<JsonObject> items = new ArrayList<>();
    for (JsonElement o : original) {
      if (o.isJsonObject()) {
        items.add(o.getAsJsonObject());
      }
    }
    List<JsonObject> plain = new ArrayList<>();
    boolean replace = false;
    for (JsonElement p : patch) {
      if (!p.isJsonObject()) {
        throw PatchErrors.malformed("the list \"" + path + "\" merges objects by \"" + rule.keyField()
            + "\", but the patch holds " + p);
      }
      JsonObject element = p.getAsJsonObject();
      JsonElement directive = element.get(DIRECTIVE);
      if (directive == null) {
        plain.add(element);
        continue;
      }
      String value = directive.isJsonPrimitive() ? directive.getAsString() : String.valueOf(directive);
      switch (value) {
        case "delete" -> {
          requireKey(element, rule, path);
          items.removeIf(o -> rule.refersTo(element, o));
        }
        case "replace" -> replace = true;
        case "merge" -> throw PatchErrors.malformed("merging lists cannot yet be specified in the patch");
        default -> throw PatchErrors.malformed("Unknown patch type: " + value + " in map: " + element);
      }
    }
    if (replace) {
      JsonArray replaced = new JsonArray();
      for (JsonObject element : plain) {
        replaced.add(mergeMap(null, element, path));
      }
      return replaced;
    }
    for (int i = 0; i < items.size(); i++) {
      entries.add(new Entry(items.get(i), i, -1));
    }
    for (int j = 0; j < plain.size(); j++) {
      JsonObject element = plain.get(j);
      requireKey(element, rule, path);
      Entry target = select(entries, element, rule);
      if (target != null) {
        target.value = mergeMap(target.value.getAsJsonObject(), element, path);
        if (target.patchIndex < 0) {
          target.patchIndex = j;
        }
      } else {
        entries.add(new Entry(mergeMap(null, element, path), -1, j));
      }
    }
    return Json.arrayOf(order(entries));
  }

  private static void mergePrimitive(List<Entry> entries, JsonElement value, int patchIndex) {
    for (Entry e : entries) {
      if (e.value.equals(value)) {
        if (e.patchIndex < 0) {
          e.patchIndex = patchIndex;
        }
        return;
      }
    }
    entries.add(new Entry(value.deepCopy(), -1, patchIndex));
  }

  private static void requireKey(JsonObject element, ListRule rule, String path) {
    JsonElement key = rule.key(element);
    if (key == null || key.isJsonNull()) {
      throw PatchErrors.malformed("map: " + element + " does not contain declared merge key: " + rule.keyField()
          + " (list \"" + path + "\")");
    }
  }

  private static Entry select(List<Entry> entries, JsonObject patchElement, ListRule rule) {
    for (Entry e : entries) {
      if (rule.refersTo(patchElement, e.value.getAsJsonObject())) {
        return e;
      }
    }
    if (rule.refinesByDiscriminator(patchElement)) {
      for (Entry e : entries) {
        if (rule.sameKeyOnly(patchElement, e.value.getAsJsonObject())) {
          return e;
        }
      }
    }
    return null;
  }

  /**
   * Patch entries in patch order, server-only entries in live order, interleaved by live position; a patch entry
   * that is new to the list wins every comparison and so goes before the server-only entry it meets.
   */
  private static List<JsonElement> order(List<Entry> entries) {
    List<Entry> fromPatch = new ArrayList<>();
    List<Entry> serverOnly = new ArrayList<>();
    for (Entry e : entries) {
      (e.patchIndex >= 0 ? fromPatch : serverOnly).add(e);
    }
    fromPatch.sort(Comparator.comparingInt(e -> e.patchIndex));
    List<JsonElement> out = new ArrayList<>(entries.size());
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() || j < fromPatch.size()) {
      if (j >= fromPatch.size()) {
        out.add(serverOnly.get(i++).value);
      } else if (i >= serverOnly.size()) {
        out.add(fromPatch.get(j++).value);
      } else {
        Entry left = serverOnly.get(i);
        Entry right = fromPatch.get(j);
        if (right.originalIndex >= 0 && left.originalIndex >= 0 && left.originalIndex < right.originalIndex) {
          out.add(left.value);
          i++;
        } else {
          out.add(right.value);
          j++;
        }
      }
    }
    return out;
  }

  /** Applies a {@code $setElementOrder} list to an already merged list. */
  private static JsonArray reorder(JsonArray merged, JsonArray orderList, JsonArray originalList, ListRule rule) {
    List<Entry> entries = new ArrayList<>();
    for (JsonElement value : merged) {
      entries.add(new Entry(value, indexIn(originalList, value, rule), indexIn(orderList, value, rule)));
    }
    List<Entry> fromOrder = new ArrayList<>();
    List<Entry> serverOnly = new ArrayList<>();
    for (Entry e : entries) {
      (e.patchIndex >= 0 ? fromOrder : serverOnly).add(e);
    }
    serverOnly.sort(Comparator.comparingInt(e -> e.originalIndex < 0 ? Integer.MAX_VALUE : e.originalIndex));
    List<Entry> all = new ArrayList<>(fromOrder);
    all.addAll(serverOnly);
    return Json.arrayOf(order(all));
  }

  /** Position of the first element of {@code list} that refers to {@code value}, or -1. */
  private static int indexIn(JsonArray list, JsonElement value, ListRule rule) {
    for (int i = 0; i < list.size(); i++) {
      JsonElement candidate = list.get(i);
      if (rule.primitive() || !candidate.isJsonObject() || !value.isJsonObject()) {
        if (candidate.equals(value)) {
          return i;
        }
      } else if (rule.refersTo(candidate.getAsJsonObject(), value.getAsJsonObject())) {
        return i;
      }
    }
    return -1;
  }
}
