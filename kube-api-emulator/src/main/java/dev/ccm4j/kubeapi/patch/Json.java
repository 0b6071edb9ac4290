package dev.ccm4j.kubeapi.patch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.ccm4j.kubeapi.ApiError;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Strict parsing and small tree utilities shared by the patch engines. */
final class Json {
  private Json() {}

  /** Parses a request body as strict RFC 8259 JSON; anything else is a 400. */
  static JsonElement parseStrict(String body) {
    if (body == null || body.isBlank()) {
      throw PatchErrors.malformed("the patch body is empty");
    }
    try {
      JsonReader reader = new JsonReader(new StringReader(body));
      reader.setStrictness(Strictness.STRICT);
      JsonElement element = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw PatchErrors.malformed("the patch body has trailing content after the JSON value");
      }
      return element;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiError apiError) {
        throw apiError;
      }
      throw PatchErrors.malformed("the patch body is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * A deep copy of a value taken from a patch, without object members that are null: the stored object never holds
   * explicit nulls, as the real server's typed decoding drops them.
   */
  static JsonElement withoutNulls(JsonElement value) {
    if (value.isJsonObject()) {
      JsonObject copy = new JsonObject();
      for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
        if (!e.getValue().isJsonNull()) {
          copy.add(e.getKey(), withoutNulls(e.getValue()));
        }
      }
      return copy;
    }
    if (value.isJsonArray()) {
      JsonArray copy = new JsonArray();
      for (JsonElement e : value.getAsJsonArray()) {
        copy.add(withoutNulls(e));
      }
      return copy;
    }
    return value.deepCopy();
  }

  /** The array's elements as a mutable list. */
  static List<JsonElement> elements(JsonArray array) {
    List<JsonElement> list = new ArrayList<>(array.size());
    array.forEach(list::add);
    return list;
  }

  /** A new array holding the given elements. */
  static JsonArray arrayOf(List<JsonElement> elements) {
    JsonArray array = new JsonArray(elements.size());
    elements.forEach(array::add);
    return array;
  }
}
