package dev.ccm4j.kubeapi.typed;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.ccm4j.kubeapi.ApiError;
import dev.ccm4j.kubeapi.typed.Schema.FieldSchema;
import dev.ccm4j.kubeapi.typed.Schema.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One decode-and-encode pass of a written object through its schema, as kube-apiserver's JSON decoder and encoder
 * do: unknown fields dropped (and named), zero values written or left out as Go's {@code omitempty} and pointer
 * rules say, scalars canonical. Not thread-safe; one per write.
 */
final class Encoder {
  private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** A path in the object, built only when needed: for an unknown field or a decoding error. */
  private static final class Path {
    final Path parent;
    final String name;
    final int index;

    Path(Path parent, String name, int index) {
      this.parent = parent;
      this.name = name;
      this.index = index;
    }

    /** {@code spec.ports[0].prot}: the strict decoder's naming, list indexes included. */
    void appendStrict(StringBuilder sb) {
      if (parent != null) {
        parent.appendStrict(sb);
      }
      if (name == null) {
        sb.append('[').append(index).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(name);
      }
    }

    /** {@code spec.ports.port}: encoding/json's naming in type errors, no indexes. */
    void appendPlain(StringBuilder sb) {
      if (parent != null) {
        parent.appendPlain(sb);
      }
      if (name != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(name);
      }
    }
  }

  private final String errorPrefix;
  private List<String> unknown;

  /** @param errorPrefix {@code Service in version "v1" cannot be handled as a Service: } */
  Encoder(String errorPrefix) {
    this.errorPrefix = errorPrefix;
  }

  List<String> unknownFields() {
    return unknown == null ? List.of() : unknown;
  }

  JsonObject encodeObject(Schema schema, JsonObject in, Path path) {
    return encodeInto(new JsonObject(), schema, in, path);
  }

  private JsonObject encodeInto(JsonObject out, Schema schema, JsonObject in, Path path) {
    for (Map.Entry<String, JsonElement> e : in.entrySet()) {
      String key = e.getKey();
      if (path == null && out.has(key)) {
        // kind and apiVersion, set by the caller
        continue;
      }
      FieldSchema f = schema.fields.get(key);
      if (f == null) {
        unknown(new Path(path, key, -1));
        continue;
      }
      JsonElement v = encodeField(schema, f, e.getValue(), path);
      if (v != null) {
        out.add(key, v);
      }
    }
    for (FieldSchema f : schema.alwaysWritten) {
      if (!out.has(f.name)) {
        out.add(f.name, zero(f, path));
      }
    }
    return out;
  }

  /** The encoded field, or null when Go leaves it out. */
  private JsonElement encodeField(Schema owner, FieldSchema f, JsonElement v, Path path) {
    if (v.isJsonNull()) {
      // null decodes to the zero value: written only when Go writes zero values of this field
      return f.required || f.value ? zero(f, path) : null;
    }
    switch (f.kind) {
      case STRING:
        String s = string(owner, f, v, path);
        return s.isEmpty() && !f.required && !f.keepZero ? null : new JsonPrimitive(s);
      case INT32:
      case INT64:
        JsonPrimitive n = integer(owner, f, v, path);
        return f.dropZero && !f.required && n.getAsLong() == 0 ? null : n;
      case BOOL:
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
          throw typeError(owner, f, v, path);
        }
        return f.dropZero && !f.required && !v.getAsBoolean() ? null : v;
      case OBJECT:
        if (!v.isJsonObject()) {
          throw typeError(owner, f, v, path);
        }
        return encodeObject(f.object(), v.getAsJsonObject(), new Path(path, f.name, -1));
      case LIST: {
        if (!v.isJsonArray()) {
          throw typeError(owner, f, v, path);
        }
        JsonArray a = v.getAsJsonArray();
        if (a.isEmpty() && !f.required) {
          return null;
        }
        Path lp = new Path(path, f.name, -1);
        JsonArray out = new JsonArray(a.size());
        for (int i = 0; i < a.size(); i++) {
          out.add(element(owner, f.element, a.get(i), new Path(lp, null, i)));
        }
        return out;
      }
      case MAP: {
        if (!v.isJsonObject()) {
          throw typeError(owner, f, v, path);
        }
        JsonObject m = v.getAsJsonObject();
        if (m.size() == 0 && !f.required) {
          return null;
        }
        Path mp = new Path(path, f.name, -1);
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : m.entrySet()) {
          out.add(e.getKey(), element(owner, f.element, e.getValue(), new Path(mp, e.getKey(), -1)));
        }
        return out;
      }
      default:
        return scalar(owner, f, v, path);
    }
  }

  /** A list element or map value: always written, zero when null. */
  private JsonElement element(Schema owner, FieldSchema f, JsonElement v, Path path) {
    if (v.isJsonNull()) {
      return elementZero(f, path);
    }
    // errors name the field holding the list or map, as encoding/json does
    switch (f.kind) {
      case STRING:
        return new JsonPrimitive(string(owner, f, v, owner(path)));
      case INT32:
      case INT64:
        return integer(owner, f, v, owner(path));
      case BOOL:
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
          throw typeError(owner, f, v, owner(path));
        }
        return v;
      case OBJECT:
        if (!v.isJsonObject()) {
          throw typeError(owner, f, v, owner(path));
        }
        return encodeObject(f.object(), v.getAsJsonObject(), path);
      case LIST: {
        if (!v.isJsonArray()) {
          throw typeError(owner, f, v, owner(path));
        }
        JsonArray a = v.getAsJsonArray();
        JsonArray out = new JsonArray(a.size());
        for (int i = 0; i < a.size(); i++) {
          out.add(element(owner, f.element, a.get(i), new Path(path, null, i)));
        }
        return out;
      }
      case MAP: {
        if (!v.isJsonObject()) {
          throw typeError(owner, f, v, owner(path));
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
          out.add(e.getKey(), element(owner, f.element, e.getValue(), new Path(path, e.getKey(), -1)));
        }
        return out;
      }
      default: {
        JsonElement r = scalar(owner, f, v, owner(path));
        return r == null ? JsonNull.INSTANCE : r;
      }
    }
  }

  /** The path of the object holding the list or map that holds this element. */
  private static Path owner(Path element) {
    return element.parent == null ? null : element.parent.parent;
  }

  private JsonElement scalar(Schema owner, FieldSchema f, JsonElement v, Path path) {
    switch (f.kind) {
      case TIME:
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
          throw decodeError("json: cannot unmarshal " + jsonType(v) + " into Go value of type string");
        }
        return new JsonPrimitive(f.micro ? Times.micro(v.getAsString(), errorPrefix)
            : Times.seconds(v.getAsString(), errorPrefix));
      case QUANTITY:
        if (!v.isJsonPrimitive() || v.getAsJsonPrimitive().isBoolean()) {
          throw decodeError(Quantities.FORMAT_ERROR);
        }
        return new JsonPrimitive(Quantities.canonical(v.getAsString(), errorPrefix));
      case INT_OR_STRING:
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
          return v;
        }
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
          return integer(owner, f, v, path);
        }
        throw decodeError("json: cannot unmarshal " + jsonType(v) + " into Go value of type int32");
      case BYTES:
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
          throw typeError(owner, f, v, path);
        }
        String b = v.getAsString();
        try {
          Base64.getDecoder().decode(b);
        } catch (IllegalArgumentException e) {
          throw decodeError("illegal base64 data at input byte " + badBase64Byte(b));
        }
        return v;
      case NUMBER:
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
          throw typeError(owner, f, v, path);
        }
        return v;
      default:
        // ANY: raw JSON (RawExtension, FieldsV1, JSON) kept as sent
        return v.deepCopy();
    }
  }

  private String string(Schema owner, FieldSchema f, JsonElement v, Path path) {
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw typeError(owner, f, v, path);
    }
    return v.getAsString();
  }

  private JsonPrimitive integer(Schema owner, FieldSchema f, JsonElement v, Path path) {
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw typeError(owner, f, v, path);
    }
    Number num = v.getAsNumber();
    if (num instanceof Integer || num instanceof Long || num instanceof Short || num instanceof Byte) {
      long l = num.longValue();
      if (f.kind != Kind.INT64 && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
        throw typeError(owner, f, v, path);
      }
      return num instanceof Long || num instanceof Integer ? v.getAsJsonPrimitive() : new JsonPrimitive(l);
    }
    BigInteger big;
    try {
      // an integral 1.0 (a client that round-tripped through doubles) is taken as 1; 1.5 is refused
      big = new BigDecimal(num.toString()).toBigIntegerExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw typeError(owner, f, v, path);
    }
    boolean fits = f.kind == Kind.INT64
        ? big.compareTo(INT64_MIN) >= 0 && big.compareTo(INT64_MAX) <= 0
        : big.compareTo(INT32_MIN) >= 0 && big.compareTo(INT32_MAX) <= 0;
    if (!fits) {
      throw typeError(owner, f, v, path);
    }
    return new JsonPrimitive(big.longValue());
  }

  /** The zero value Go writes for an absent field that has no omitempty, or a value struct. */
  private JsonElement zero(FieldSchema f, Path path) {
    switch (f.kind) {
      case STRING:
        return new JsonPrimitive("");
      case INT32:
      case INT64:
      case INT_OR_STRING:
        return new JsonPrimitive(0);
      case BOOL:
        return new JsonPrimitive(false);
      case QUANTITY:
        return new JsonPrimitive("0");
      case OBJECT:
        return f.value ? encodeObject(f.object(), new JsonObject(), new Path(path, f.name, -1)) : JsonNull.INSTANCE;
      default:
        // nil slices and maps, zero Time and MicroTime, nil raw JSON: all written as null
        return JsonNull.INSTANCE;
    }
  }

  private JsonElement elementZero(FieldSchema f, Path path) {
    if (f.kind == Kind.OBJECT) {
      return encodeObject(f.object(), new JsonObject(), path);
    }
    if (f.kind == Kind.LIST || f.kind == Kind.MAP || f.kind == Kind.TIME || f.kind == Kind.BYTES
        || f.kind == Kind.ANY) {
      return JsonNull.INSTANCE;
    }
    return zero(f, path);
  }

  private void unknown(Path p) {
    if (unknown == null) {
      unknown = new ArrayList<>(2);
    }
    StringBuilder sb = new StringBuilder();
    p.appendStrict(sb);
    unknown.add(sb.toString());
  }

  private ApiError typeError(Schema owner, FieldSchema f, JsonElement v, Path path) {
    StringBuilder field = new StringBuilder();
    if (path != null) {
      path.appendPlain(field);
    }
    if (field.length() > 0) {
      field.append('.');
    }
    field.append(f.name);
    return decodeError("json: cannot unmarshal " + jsonType(v) + " into Go struct field " + owner.goName + "."
        + field + " of type " + f.goType());
  }

  private ApiError decodeError(String message) {
    return ApiError.badRequest(errorPrefix + message);
  }

  private static String jsonType(JsonElement v) {
    if (v.isJsonObject()) {
      return "object";
    }
    if (v.isJsonArray()) {
      return "array";
    }
    JsonPrimitive p = v.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return "bool";
    }
    if (p.isNumber()) {
      String s = p.getAsString();
      return s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0 ? "number " + s : "number";
    }
    return "string";
  }

  private static int badBase64Byte(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
          || c == '/' || c == '=';
      if (!ok) {
        return i;
      }
    }
    return s.length();
  }

  /** A top-level object: {@code kind} and {@code apiVersion} first, as the real server writes them. */
  JsonObject encodeRoot(Schema schema, JsonObject in, String kind, String apiVersion) {
    JsonObject out = new JsonObject();
    out.addProperty("kind", kind);
    out.addProperty("apiVersion", apiVersion);
    return encodeInto(out, schema, in, null);
  }
}
