package dev.ccm4j.kubeapi;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;

/** Small JSON helpers shared by the emulator. */
final class Json {
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Json() {}

  static byte[] bytes(JsonElement element) {
    return GSON.toJson(element).getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a request body (UTF-8 bytes) that must be a JSON object; 400 otherwise. */
  static JsonObject parseObject(byte[] body) {
    return parseObject(new String(body, StandardCharsets.UTF_8));
  }

  /** Parses a request body that must be a JSON object; 400 otherwise. */
  static JsonObject parseObject(String body) {
    try {
      JsonElement e = JsonParser.parseString(body);
      if (!e.isJsonObject()) {
        throw ApiError.badRequest("the request body must be a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw ApiError.badRequest("the request body is not valid JSON: " + e.getMessage());
    }
  }

  /** The object's {@code metadata}, created when absent. */
  static JsonObject meta(JsonObject object) {
    JsonElement m = object.get("metadata");
    if (m == null || !m.isJsonObject()) {
      JsonObject created = new JsonObject();
      object.add("metadata", created);
      return created;
    }
    return m.getAsJsonObject();
  }

  /** A string field of {@code metadata}, or the empty string. */
  static String metaString(JsonObject object, String field) {
    JsonElement m = object.get("metadata");
    if (m == null || !m.isJsonObject()) {
      return "";
    }
    JsonElement v = m.getAsJsonObject().get(field);
    return v == null || v.isJsonNull() || !v.isJsonPrimitive() ? "" : v.getAsString();
  }

  /** A nested string such as {@code spec.type}, or null when absent. */
  static String path(JsonObject object, String... path) {
    JsonElement cur = object;
    for (String p : path) {
      if (cur == null || !cur.isJsonObject()) {
        return null;
      }
      cur = cur.getAsJsonObject().get(p);
    }
    return cur == null || cur.isJsonNull() || !cur.isJsonPrimitive() ? null : cur.getAsString();
  }
}
