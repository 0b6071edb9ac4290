package dev.ccm4j.kubeapi.patch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/** RFC 7386 JSON Merge Patch: null deletes, objects merge recursively, everything else (arrays too) replaces. */
final class MergePatch {
  private MergePatch() {}

  /** Returns {@code target} merged with {@code patch}; {@code target} may be mutated and may be null. */
  static JsonElement apply(JsonElement target, JsonElement patch) {
    if (!patch.isJsonObject()) {
      return patch.deepCopy();
    }
    JsonObject result = target != null && target.isJsonObject() ? target.getAsJsonObject() : new JsonObject();
    for (Map.Entry<String, JsonElement> e : patch.getAsJsonObject().entrySet()) {
      if (e.getValue().isJsonNull()) {
        result.remove(e.getKey());
      } else {
        result.add(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }
}
