package dev.ccm4j.provider.alibaba.config;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a cloud-config document, JSON or YAML, into plain maps, lists, strings, numbers and booleans.
 *
 * <p>Parse errors give the position and the parser's complaint but never an excerpt of the file, which holds
 * credentials.
 */
final class ConfigDocument {
  private static final Gson GSON = new Gson();

  private ConfigDocument() {}

  /**
   * Parses the document.
   *
   * @return the root value, or null for an empty document
   */
  static Object parse(CloudConfig config) {
    String text = config.text();
    if (text.isBlank()) {
      return null;
    }
    // YAML is a superset of JSON, but SnakeYAML (YAML 1.1) refuses some valid JSON, e.g. tab indentation
    return text.stripLeading().startsWith("{") ? json(text, config.source()) : yaml(config);
  }

  private static Object json(String text, String source) {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonElement root = GSON.getAdapter(JsonElement.class).read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new CloudConfigException(source + ": unexpected content after the JSON document");
      }
      return plain(root);
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw new CloudConfigException(source + ": invalid JSON cloud-config near " + reader.getPath()
          + position(e.getMessage()));
    }
  }

  /** Keeps only Gson's "line N column M" from its message; the rest may quote the file. */
  private static String position(String message) {
    if (message == null) {
      return "";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("line \\d+ column \\d+").matcher(message);
    return m.find() ? " (" + m.group() + ")" : "";
  }

  private static Object yaml(CloudConfig config) {
    // CloudConfig's error gives the line, column and a problem cut to fixed text, and carries no parser cause
    return config.yamlTree();
  }

  private static Object plain(JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e instanceof JsonObject o) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> m : o.entrySet()) {
        out.put(m.getKey(), plain(m.getValue()));
      }
      return out;
    }
    if (e instanceof JsonArray a) {
      List<Object> out = new ArrayList<>();
      a.forEach(x -> out.add(plain(x)));
      return out;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      return p.getAsBigDecimal();
    }
    return p.getAsString();
  }
}
