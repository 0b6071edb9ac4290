package dev.ccm4j.core.serving;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Removes credentials from a configuration document before it is shown at {@code /configz}: the value of every
 * member whose name contains {@code password}, {@code passwd}, {@code secret}, {@code token}, {@code key} or
 * {@code credential} (in any case, anywhere in the name, at any depth) is replaced by {@value #REDACTED}. This
 * errs on the side of hiding: {@code tlsPrivateKeyFile} is hidden too.
 */
public final class ConfigRedactor {
  /** What a redacted value is replaced with. */
  public static final String REDACTED = "<redacted>";

  private static final List<String> SENSITIVE = List.of("password", "passwd", "secret", "token", "key", "credential");

  private ConfigRedactor() {}

  /**
   * Whether a member name looks like it holds a credential.
   *
   * @param name the member name
   * @return true if its value must be hidden
   */
  public static boolean isSensitive(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SENSITIVE.stream().anyMatch(lower::contains);
  }

  /**
   * Returns a redacted deep copy of a JSON document.
   *
   * @param document the document; not modified
   * @return the copy with every sensitive member's value replaced
   */
  public static JsonElement redact(JsonElement document) {
    if (document.isJsonObject()) {
      JsonObject copy = new JsonObject();
      for (Map.Entry<String, JsonElement> member : document.getAsJsonObject().entrySet()) {
        boolean hide = isSensitive(member.getKey()) && !member.getValue().isJsonNull();
        copy.add(member.getKey(), hide ? new JsonPrimitive(REDACTED) : redact(member.getValue()));
      }
      return copy;
    }
    if (document.isJsonArray()) {
      JsonArray copy = new JsonArray();
      for (JsonElement item : document.getAsJsonArray()) {
        copy.add(redact(item));
      }
      return copy;
    }
    return document.deepCopy();
  }
}
