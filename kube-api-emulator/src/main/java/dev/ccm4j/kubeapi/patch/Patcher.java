package dev.ccm4j.kubeapi.patch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Objects;

/** Applies PATCH request bodies to stored objects, the way the real API server's patch handler does. */
public final class Patcher {
  private Patcher() {}

  /**
   * Applies a patch body to a copy of {@code current}; never mutates {@code current}.
   *
   * @param type the patch format, from the request's Content-Type
   * @param kind the object kind, for example {@code Node} or {@code Service}; selects the strategic-merge key table
   *     ({@link MergeRules#forKind}); unknown kinds merge like a JSON merge patch plus the shared metadata rules
   * @param current the stored object
   * @param patchBody the request body
   * @return the patched object
   * @throws dev.ccm4j.kubeapi.ApiError 400 for a malformed patch, 422 when a JSON-Patch {@code test}
   *     fails or an operation's path does not exist
   */
  public static JsonObject apply(PatchType type, String kind, JsonObject current, String patchBody) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(current, "current");
    JsonElement patch = Json.parseStrict(patchBody);
    JsonObject copy = current.deepCopy();
    return switch (type) {
      case JSON -> requireObject(JsonPatch.apply(copy, patch));
      case MERGE -> {
        if (!patch.isJsonObject()) {
          throw PatchErrors.malformed("a JSON merge patch for an object must be a JSON object");
        }
        yield MergePatch.apply(copy, patch).getAsJsonObject();
      }
      case STRATEGIC -> new StrategicMergePatch(MergeRules.forKind(kind)).apply(copy, patch);
    };
  }

  private static JsonObject requireObject(JsonElement result) {
    if (!result.isJsonObject()) {
      throw PatchErrors.unprocessable("the patched document is not a JSON object: " + result);
    }
    return result.getAsJsonObject();
  }
}
