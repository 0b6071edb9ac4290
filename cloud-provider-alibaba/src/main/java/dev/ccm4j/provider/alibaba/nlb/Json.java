package dev.ccm4j.provider.alibaba.nlb;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lenient readers for NLB responses: absent and null fields read as empty, never as an exception. */
final class Json {
  private Json() {}

  static String str(JsonObject o, String key) {
    JsonElement e = o == null ? null : o.get(key);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
  }

  static String str(JsonObject o, String key, String dflt) {
    String s = str(o, key);
    return s == null ? dflt : s;
  }

  static boolean bool(JsonObject o, String key) {
    String s = str(o, key);
    return s != null && s.equalsIgnoreCase("true");
  }

  static int integer(JsonObject o, String key) {
    String s = str(o, key);
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static JsonObject obj(JsonObject o, String key) {
    JsonElement e = o == null ? null : o.get(key);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  static JsonArray array(JsonObject o, String key) {
    JsonElement e = o == null ? null : o.get(key);
    return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
  }

  static List<JsonObject> objects(JsonObject o, String key) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : array(o, key)) {
      if (e.isJsonObject()) {
        out.add(e.getAsJsonObject());
      }
    }
    return out;
  }

  static List<String> strings(JsonObject o, String key) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : array(o, key)) {
      if (e.isJsonPrimitive()) {
        out.add(e.getAsString());
      }
    }
    return out;
  }

  /** The {@code Tags: [{Key, Value}]} of an NLB resource. */
  static Map<String, String> tags(JsonObject o) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonObject t : objects(o, "Tags")) {
      String k = str(t, "Key");
      if (k != null) {
        out.put(k, str(t, "Value", ""));
      }
    }
    return out;
  }
}
