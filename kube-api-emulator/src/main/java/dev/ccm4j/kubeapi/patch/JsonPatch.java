package dev.ccm4j.kubeapi.patch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch over a Gson tree. Structural problems with the patch document (not an array, unknown op,
 * missing members, a pointer that does not start with '/') are 400s; operations that do not apply to this document
 * (missing path, index out of range, failed {@code test}) are 422s, as the real API server answers them.
 */
final class JsonPatch {
  private JsonElement root;

  private JsonPatch(JsonElement root) {
    this.root = root;
  }

  /** Applies {@code patch} to {@code document}, which it mutates; returns the new root. */
  static JsonElement apply(JsonElement document, JsonElement patch) {
    if (!patch.isJsonArray()) {
      throw PatchErrors.malformed("a JSON patch must be a JSON array of operations");
    }
    JsonPatch engine = new JsonPatch(document);
    JsonArray ops = patch.getAsJsonArray();
    for (int i = 0; i < ops.size(); i++) {
      engine.applyOne(ops.get(i), i);
    }
    return engine.root;
  }

  private void applyOne(JsonElement element, int index) {
    if (!element.isJsonObject()) {
      throw PatchErrors.malformed("JSON patch operation " + index + " is not a JSON object");
    }
    JsonObject op = element.getAsJsonObject();
    String name = requiredString(op, "op", index);
    List<String> path = pointer(requiredString(op, "path", index), index);
    switch (name) {
      case "add" -> add(path, requiredValue(op, index).deepCopy(), "add");
      case "remove" -> remove(path, "remove");
      case "replace" -> replace(path, requiredValue(op, index).deepCopy());
      case "move" -> move(pointer(requiredString(op, "from", index), index), path);
      case "copy" -> add(path, get(pointer(requiredString(op, "from", index), index), "copy").deepCopy(), "copy");
      case "test" -> test(path, requiredValue(op, index));
      default -> throw PatchErrors.malformed("JSON patch operation " + index + " has unsupported op \"" + name
          + "\" (supported: add, remove, replace, move, copy, test)");
    }
  }

  private static String requiredString(JsonObject op, String member, int index) {
    JsonElement value = op.get(member);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw PatchErrors.malformed("JSON patch operation " + index + " is missing the string member \"" + member + "\"");
    }
    return value.getAsString();
  }

  private static JsonElement requiredValue(JsonObject op, int index) {
    JsonElement value = op.get("value");
    if (value == null) {
      throw PatchErrors.malformed("JSON patch operation " + index + " is missing the member \"value\"");
    }
    return value;
  }

  /** Splits an RFC 6901 pointer into unescaped reference tokens. */
  static List<String> pointer(String pointer, int index) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    if (pointer.charAt(0) != '/') {
      throw PatchErrors.malformed("JSON patch operation " + index + " has a path that does not start with '/': \""
          + pointer + "\"");
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(unescape(raw, pointer, index));
    }
    return tokens;
  }

  private static String unescape(String token, String pointer, int index) {
    StringBuilder out = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c != '~') {
        out.append(c);
        continue;
      }
      char next = i + 1 < token.length() ? token.charAt(i + 1) : ' ';
      if (next == '0') {
        out.append('~');
      } else if (next == '1') {
        out.append('/');
      } else {
        throw PatchErrors.malformed("JSON patch operation " + index + " has an invalid '~' escape in \"" + pointer
            + "\"");
      }
      i++;
    }
    return out.toString();
  }

  private static String render(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    for (String t : tokens) {
      sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }

  private JsonElement get(List<String> path, String op) {
    JsonElement current = root;
    for (int i = 0; i < path.size(); i++) {
      current = child(current, path.get(i));
      if (current == null) {
        throw PatchErrors.unprocessable(op + " operation does not apply: doc is missing path: \"" + render(path)
            + "\"");
      }
    }
    return current;
  }

  private static JsonElement child(JsonElement parent, String token) {
    if (parent.isJsonObject()) {
      return parent.getAsJsonObject().get(token);
    }
    if (parent.isJsonArray()) {
      int i = arrayIndex(token);
      JsonArray array = parent.getAsJsonArray();
      return i >= 0 && i < array.size() ? array.get(i) : null;
    }
    return null;
  }

  /** The array index a token names, or -1 when it is not a canonical non-negative integer. */
  private static int arrayIndex(String token) {
    if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(token);
  }

  private JsonElement parentOf(List<String> path, String op) {
    return get(path.subList(0, path.size() - 1), op);
  }

  private void add(List<String> path, JsonElement value, String op) {
    if (path.isEmpty()) {
      root = value;
      return;
    }
    JsonElement parent = parentOf(path, op);
    String last = path.get(path.size() - 1);
    if (parent.isJsonObject()) {
      parent.getAsJsonObject().add(last, value);
    } else if (parent.isJsonArray()) {
      JsonArray array = parent.getAsJsonArray();
      int i = "-".equals(last) ? array.size() : arrayIndex(last);
      if (i < 0 || i > array.size()) {
        throw PatchErrors.unprocessable(op + " operation does not apply: index out of range in \"" + render(path)
            + "\" (array length " + array.size() + ")");
      }
      List<JsonElement> items = Json.elements(array);
      items.add(i, value);
      replaceContents(array, items);
    } else {
      throw PatchErrors.unprocessable(op + " operation does not apply: \"" + render(path.subList(0, path.size() - 1))
          + "\" is neither an object nor an array");
    }
  }

  private JsonElement remove(List<String> path, String op) {
    if (path.isEmpty()) {
      throw PatchErrors.unprocessable(op + " operation does not apply: cannot remove the whole document");
    }
    JsonElement parent = parentOf(path, op);
    String last = path.get(path.size() - 1);
    JsonElement removed = null;
    if (parent.isJsonObject()) {
      removed = parent.getAsJsonObject().remove(last);
    } else if (parent.isJsonArray()) {
      int i = arrayIndex(last);
      JsonArray array = parent.getAsJsonArray();
      if (i >= 0 && i < array.size()) {
        removed = array.remove(i);
      }
    }
    if (removed == null) {
      throw PatchErrors.unprocessable(op + " operation does not apply: doc is missing path: \"" + render(path) + "\"");
    }
    return removed;
  }

  private void replace(List<String> path, JsonElement value) {
    if (path.isEmpty()) {
      root = value;
      return;
    }
    get(path, "replace");
    JsonElement parent = parentOf(path, "replace");
    String last = path.get(path.size() - 1);
    if (parent.isJsonObject()) {
      parent.getAsJsonObject().add(last, value);
    } else {
      parent.getAsJsonArray().set(arrayIndex(last), value);
    }
  }

  private void move(List<String> from, List<String> path) {
    if (path.size() > from.size() && path.subList(0, from.size()).equals(from)) {
      throw PatchErrors.unprocessable("move operation does not apply: cannot move \"" + render(from)
          + "\" into its own child \"" + render(path) + "\"");
    }
    if (from.equals(path)) {
      get(from, "move");
      return;
    }
    add(path, remove(from, "move"), "move");
  }

  private void test(List<String> path, JsonElement expected) {
    JsonElement actual;
    try {
      actual = get(path, "test");
    } catch (RuntimeException missing) {
      throw PatchErrors.unprocessable("testing value " + render(path) + " failed: path does not exist");
    }
    if (!actual.equals(expected)) {
      throw PatchErrors.unprocessable("testing value " + render(path) + " failed: test failed (expected " + expected
          + ", found " + actual + ")");
    }
  }

  private static void replaceContents(JsonArray array, List<JsonElement> items) {
    while (!array.isEmpty()) {
      array.remove(array.size() - 1);
    }
    items.forEach(array::add);
  }
}
