package dev.ccm4j.vendor.client;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.ccm4j.api.CloudProviderException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSON mapping for vendor responses: one shared {@link Gson} and path readers.
 *
 * <p>The readers tolerate the shapes clouds produce when their APIs were designed for XML first: a list wrapped in
 * an object with one member ({@code "Instances":{"Instance":[...]}}, {@code "IpAddress":{"IpAddress":[...]}}), an
 * empty wrapper ({@code "Tags":{}}), and a single object or value where a list of one is meant, bare or in a
 * wrapper member named like the list ({@code "Tags":{"Tag":{...}}}). A missing member or JSON {@code null}
 * anywhere on the path reads as empty; a member of the wrong type is a {@link CloudProviderException} naming the
 * path and both types, never quoting the value.
 */
public final class Json {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final Pattern POSITION = Pattern.compile("line \\d+ column \\d+");

  private Json() {}

  /**
   * The shared Gson: HTML escaping off (so bodies read as sent), otherwise defaults. Thread-safe.
   *
   * @return the Gson instance
   */
  public static Gson gson() {
    return GSON;
  }

  /**
   * Parses an error answer's body leniently, as every error decoder does: the JSON object it holds, or empty when
   * it is empty, not JSON, or JSON but not an object (a gateway's HTML page, a proxy's plain text).
   *
   * @param text the body, may be null
   * @return the object, or empty
   */
  public static Optional<JsonObject> tryParseObject(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonElement e = JsonParser.parseString(t);
      return e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a JSON object.
   *
   * @param text the JSON text
   * @return the object
   * @throws CloudProviderException when the text is not a JSON object; the message gives the position, never the text
   */
  public static JsonObject parse(String text) {
    return parseResponse(text, "", 0);
  }

  static JsonObject parseResponse(String text, String operation, int status) {
    String where = operation.isEmpty() ? "JSON" : "response of " + operation + " (HTTP " + status + ")";
    if (text == null || text.isBlank()) {
      throw new CloudProviderException(where + " is empty, expected a JSON object");
    }
    JsonElement e;
    try {
      e = JsonParser.parseString(text);
    } catch (JsonParseException | IllegalStateException ex) {
      Matcher m = POSITION.matcher(String.valueOf(ex.getMessage()));
      // Gson's messages carry no content, but only the position is kept so that no future version can leak it.
      throw new CloudProviderException(where + " is not valid JSON" + (m.find() ? " (at " + m.group() + ")" : "")
          + ", " + text.length() + " chars");
    }
    if (!e.isJsonObject()) {
      throw new CloudProviderException(where + " is " + typeName(e) + ", expected a JSON object");
    }
    return e.getAsJsonObject();
  }

  /**
   * The element at a path.
   *
   * @param root the object to start from
   * @param path member names
   * @return the element, or empty when a member is missing or null
   * @throws CloudProviderException when an intermediate element is not an object
   */
  public static Optional<JsonElement> element(JsonObject root, String... path) {
    JsonElement cur = root;
    for (int i = 0; i < path.length; i++) {
      if (cur == null || cur.isJsonNull()) {
        return Optional.empty();
      }
      if (!cur.isJsonObject()) {
        throw wrongType(path, i, cur, "an object");
      }
      cur = cur.getAsJsonObject().get(path[i]);
    }
    return cur == null || cur.isJsonNull() ? Optional.empty() : Optional.of(cur);
  }

  /**
   * The object at a path.
   *
   * @param root the object to start from
   * @param path member names
   * @return the object, or empty when missing or null
   * @throws CloudProviderException when the element is not an object
   */
  public static Optional<JsonObject> object(JsonObject root, String... path) {
    Optional<JsonElement> e = element(root, path);
    if (e.isPresent() && !e.get().isJsonObject()) {
      throw wrongType(path, path.length, e.get(), "an object");
    }
    return e.map(JsonElement::getAsJsonObject);
  }

  /**
   * The string at a path; numbers and booleans read as their text.
   *
   * @param root the object to start from
   * @param path member names
   * @return the string, or empty when missing or null
   * @throws CloudProviderException when the element is an object or array
   */
  public static Optional<String> string(JsonObject root, String... path) {
    Optional<JsonElement> e = element(root, path);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (!e.get().isJsonPrimitive()) {
      throw wrongType(path, path.length, e.get(), "a string");
    }
    return Optional.of(e.get().getAsString());
  }

  /**
   * The integer at a path; a string holding an integer is accepted (clouds send both).
   *
   * @param root the object to start from
   * @param path member names
   * @return the number, or empty when missing, null or the empty string
   * @throws CloudProviderException when the element is not an integer
   */
  public static Optional<Long> number(JsonObject root, String... path) {
    Optional<JsonElement> e = element(root, path);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (!e.get().isJsonPrimitive() || e.get().getAsJsonPrimitive().isBoolean()) {
      throw wrongType(path, path.length, e.get(), "an integer");
    }
    String text = e.get().getAsString().strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(text).longValueExact());
    } catch (NumberFormatException | ArithmeticException ex) {
      throw new CloudProviderException("JSON member " + String.join(".", path) + " is not an integer");
    }
  }

  /**
   * The boolean at a path; the strings {@code true} and {@code false} (any case) are accepted.
   *
   * @param root the object to start from
   * @param path member names
   * @return the boolean, or empty when missing, null or the empty string
   * @throws CloudProviderException when the element is not a boolean
   */
  public static Optional<Boolean> bool(JsonObject root, String... path) {
    Optional<JsonElement> e = element(root, path);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (!e.get().isJsonPrimitive()) {
      throw wrongType(path, path.length, e.get(), "a boolean");
    }
    JsonPrimitive p = e.get().getAsJsonPrimitive();
    if (p.isBoolean()) {
      return Optional.of(p.getAsBoolean());
    }
    String text = p.getAsString().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "" -> Optional.empty();
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> throw new CloudProviderException("JSON member " + String.join(".", path) + " is not a boolean");
    };
  }

  /**
   * The objects of the list at a path. A one-member wrapper object around the list is unwrapped, and a single
   * object reads as a list of one.
   *
   * @param root the object to start from
   * @param path member names
   * @return the objects (a new mutable list), empty when missing or null
   * @throws CloudProviderException when an element is not an object
   */
  public static List<JsonObject> objects(JsonObject root, String... path) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : list(root, path)) {
      if (e.isJsonNull()) {
        continue;
      }
      if (!e.isJsonObject()) {
        throw wrongType(path, path.length, e, "a list of objects");
      }
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  /**
   * The strings of the list at a path. A one-member wrapper object around the list is unwrapped, and a single value
   * reads as a list of one.
   *
   * @param root the object to start from
   * @param path member names
   * @return the strings (a new mutable list), empty when missing or null
   * @throws CloudProviderException when an element is not a string, number or boolean
   */
  public static List<String> strings(JsonObject root, String... path) {
    List<String> out = new ArrayList<>();
    for (JsonElement e : list(root, path)) {
      if (e.isJsonNull()) {
        continue;
      }
      if (!e.isJsonPrimitive()) {
        throw wrongType(path, path.length, e, "a list of strings");
      }
      out.add(e.getAsString());
    }
    return out;
  }

  private static List<JsonElement> list(JsonObject root, String... path) {
    Optional<JsonElement> found = element(root, path);
    if (found.isEmpty()) {
      return List.of();
    }
    JsonElement e = found.get();
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.size() == 0) {
        // Alibaba sends an empty wrapper ("Tags":{}) for an empty list.
        return List.of();
      }
      if (o.size() == 1) {
        Map.Entry<String, JsonElement> only = o.entrySet().iterator().next();
        JsonElement inner = only.getValue();
        if (inner.isJsonArray()) {
          return inner.getAsJsonArray().asList();
        }
        if (inner.isJsonNull()) {
          return List.of();
        }
        // A single element in its wrapper ("Tags":{"Tag":{...}}, "IpAddress":{"IpAddress":"10.0.0.1"}): unwrapped
        // only when the list's name contains the member's, so that a real one-member object is not mistaken for one.
        if (path.length > 0 && path[path.length - 1].contains(only.getKey())) {
          return List.of(inner);
        }
      }
      return List.of(e);
    }
    if (e.isJsonArray()) {
      JsonArray a = e.getAsJsonArray();
      return a.asList();
    }
    return List.of(e);
  }

  private static CloudProviderException wrongType(String[] path, int depth, JsonElement found, String expected) {
    String where = depth == 0 ? "the JSON root" : "JSON member " + String.join(".", List.of(path).subList(0, depth));
    return new CloudProviderException(where + " is " + typeName(found) + ", expected " + expected);
  }

  private static String typeName(JsonElement e) {
    if (e.isJsonObject()) {
      return "an object";
    }
    if (e.isJsonArray()) {
      return "an array";
    }
    if (e.isJsonNull()) {
      return "null";
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    return p.isBoolean() ? "a boolean" : p.isNumber() ? "a number" : "a string";
  }

  /**
   * Serializes a value with the shared Gson.
   *
   * @param value a JSON element, map, list or plain object
   * @return the JSON text
   */
  public static String toJson(Object value) {
    return GSON.toJson(value);
  }

  /**
   * Builds a JSON object from a map of members, for request bodies.
   *
   * @param members the members; values are serialized with the shared Gson
   * @return a new object
   */
  public static JsonObject object(Map<String, ?> members) {
    JsonObject o = new JsonObject();
    members.forEach((k, v) -> o.add(k, GSON.toJsonTree(v)));
    return o;
  }
}
