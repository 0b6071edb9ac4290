package dev.ccm4j.testkit.apiserver.patch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ccm4j.testkit.apiserver.ApiError;
import dev.ccm4j.testkit.apiserver.StatusCause;
import java.util.List;
import java.util.Map;

/**
 * Placeholder patch engine: JSON Merge Patch, a minimal JSON Patch and a strategic merge patch that merges
 * node conditions/addresses by type and finalizers as a set. Superseded by the full implementation.
 */
public final class Patcher {
  private static final Map<String, String> MERGE_KEYS = Map.of("conditions", "type", "addresses", "type");

  private Patcher() {}

  /** Applies a patch body to a copy of current; never mutates current. */
  public static JsonObject apply(PatchType type, String kind, JsonObject current, String patchBody) {
    JsonElement patch;
    try {
      patch = JsonParser.parseString(patchBody);
    } catch (JsonParseException e) {
      throw ApiError.badRequest("error decoding patch: " + e.getMessage());
    }
    JsonObject copy = current.deepCopy();
    switch (type) {
      case JSON:
        if (!patch.isJsonArray()) {
          throw ApiError.badRequest("json patch must be an array");
        }
        return jsonPatch(copy, patch.getAsJsonArray(), kind);
      case MERGE:
      case STRATEGIC:
        if (!patch.isJsonObject()) {
          throw ApiError.badRequest("patch must be a JSON object");
        }
        return merge(copy, patch.getAsJsonObject(), type == PatchType.STRATEGIC, "").getAsJsonObject();
      default:
        throw ApiError.unsupportedMediaType(type.name());
    }
  }

  private static JsonElement merge(JsonElement target, JsonObject patch, boolean strategic, String field) {
    JsonObject result = target != null && target.isJsonObject() ? target.getAsJsonObject() : new JsonObject();
    for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
      JsonElement value = e.getValue();
      if (value.isJsonNull()) {
        result.remove(e.getKey());
      } else if (value.isJsonObject()) {
        result.add(e.getKey(), merge(result.get(e.getKey()), value.getAsJsonObject(), strategic, e.getKey()));
      } else if (strategic && value.isJsonArray() && result.get(e.getKey()) instanceof JsonArray old) {
        result.add(e.getKey(), mergeList(e.getKey(), old, value.getAsJsonArray()));
      } else {
        result.add(e.getKey(), value.deepCopy());
      }
    }
    return result;
  }

  private static JsonArray mergeList(String field, JsonArray old, JsonArray patch) {
    if (field.equals("finalizers")) {
      JsonArray out = old.deepCopy();
      patch.forEach(v -> {
        if (!out.contains(v)) {
          out.add(v);
        }
      });
      return out;
    }
    String key = MERGE_KEYS.get(field);
    if (key == null) {
      return patch.deepCopy();
    }
    JsonArray out = old.deepCopy();
    for (JsonElement item : patch) {
      JsonObject p = item.getAsJsonObject();
      boolean found = false;
      for (int i = 0; i < out.size(); i++) {
        JsonObject o = out.get(i).getAsJsonObject();
        if (o.get(key) != null && o.get(key).equals(p.get(key))) {
          out.set(i, merge(o, p, true, field));
          found = true;
        }
      }
      if (!found) {
        out.add(p.deepCopy());
      }
    }
    return out;
  }

  private static JsonObject jsonPatch(JsonObject doc, JsonArray ops, String kind) {
    for (JsonElement opElement : ops) {
      JsonObject op = opElement.getAsJsonObject();
      String name = op.get("op").getAsString();
      String[] path = op.get("path").getAsString().substring(1).split("/", -1);
      JsonObject parent = doc;
      for (int i = 0; i < path.length - 1; i++) {
        JsonElement next = parent.get(unescape(path[i]));
        if (next == null || !next.isJsonObject()) {
          throw ApiError.invalid(kind, "", List.of(StatusCause.invalid(op.get("path").getAsString(), "", "missing path")));
        }
        parent = next.getAsJsonObject();
      }
      String last = unescape(path[path.length - 1]);
      switch (name) {
        case "add":
        case "replace":
          parent.add(last, op.get("value").deepCopy());
          break;
        case "remove":
          parent.remove(last);
          break;
        case "test":
          if (!op.get("value").equals(parent.get(last))) {
            throw ApiError.invalid(kind, "", List.of(StatusCause.invalid(op.get("path").getAsString(), "",
                "test operation failed")));
          }
          break;
        default:
          throw ApiError.badRequest("unsupported json patch operation " + name);
      }
    }
    return doc;
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
