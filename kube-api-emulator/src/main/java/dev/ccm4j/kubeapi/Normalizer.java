package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Turns a written object into what the real server stores for its type (the typed round trip): unknown fields
 * dropped and named, empties left out, values canonical, server defaults applied.
 */
interface Normalizer {
  /** An object as the server keeps it, and the unknown fields it dropped (as the real server names them). */
  record Normalized(JsonObject object, List<String> unknownFields) {}

  /** Leaves every object as written. */
  Normalizer NONE = (type, object) -> new Normalized(object, List.of());

  /** Normalises {@code object} of {@code type}; may return {@code object} itself or a new object. */
  Normalized normalize(ResourceType type, JsonObject object);
}
