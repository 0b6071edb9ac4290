package dev.ccm4j.cloud.emulator;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** JSON helpers shared by the control types; not public API. */
final class Jsons {
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Jsons() {
  }

  static Optional<String> string(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive()) {
      throw new IllegalArgumentException("field '" + name + "' must be a string");
    }
    return Optional.of(e.getAsString());
  }

  static Optional<Long> number(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("field '" + name + "' must be a number");
    }
    double d = e.getAsDouble();
    if (d != Math.rint(d)) {
      throw new IllegalArgumentException("field '" + name + "' must be a whole number");
    }
    return Optional.of(e.getAsLong());
  }

  static Optional<Double> decimal(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("field '" + name + "' must be a number");
    }
    return Optional.of(e.getAsDouble());
  }

  static Optional<Boolean> bool(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new IllegalArgumentException("field '" + name + "' must be true or false");
    }
    return Optional.of(e.getAsBoolean());
  }

  static JsonObject object(JsonElement e, String what) {
    if (e == null || !e.isJsonObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return e.getAsJsonObject();
  }

  static JsonArray array(JsonElement e, String what) {
    if (e == null || !e.isJsonArray()) {
      throw new IllegalArgumentException(what + " must be a JSON array");
    }
    return e.getAsJsonArray();
  }

  static <T> JsonArray toArray(List<T> items, Function<T, JsonElement> f) {
    JsonArray a = new JsonArray();
    items.forEach(i -> a.add(f.apply(i)));
    return a;
  }
}
