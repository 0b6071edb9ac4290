package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.typed.TypedObjects;
import java.util.List;

/**
 * Turns a written object into what the real server stores for its type (the typed round trip): unknown fields
 * dropped and named, empties left out, values canonical, server defaults applied.
 */
interface Normalizer {
  /** An object as the server keeps it, and the unknown fields it dropped (as the real server names them). */
  record Normalized(JsonObject object, List<String> unknownFields) {}

  /** Leaves every object as written. */
  Normalizer NONE = (type, object, create) -> new Normalized(object, List.of());

  /**
   * Normalises {@code object} of {@code type}; may return {@code object} itself or a new object.
   *
   * @param create whether this is a create, which also gets the defaults the real registry applies only on create
   */
  Normalized normalize(ResourceType type, JsonObject object, boolean create);

  /** The typed round trip of the built-in types ({@link TypedObjects}); other kinds are left as written. */
  static Normalizer typed(TypedObjects typed) {
    return (type, object, create) -> {
      if (!typed.knows(type.apiVersion(), type.kind())) {
        return new Normalized(object, List.of());
      }
      TypedObjects.Result r = create ? typed.normalizeCreate(type.apiVersion(), type.kind(), object)
          : typed.normalize(type.apiVersion(), type.kind(), object);
      return new Normalized(r.object(), r.unknownFields());
    };
  }
}
