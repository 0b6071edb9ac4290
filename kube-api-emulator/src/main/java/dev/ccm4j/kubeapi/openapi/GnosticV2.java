package dev.ccm4j.kubeapi.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 JSON document as the protobuf {@code openapi.v2.Document} of gnostic's
 * {@code openapiv2/OpenAPIv2.proto}, which is what kube-apiserver sends for
 * {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf} and what client-go's discovery
 * ({@code OpenAPISchema()}) unmarshals. Only the parts of the format the emulator's documents use are written;
 * field numbers are gnostic's. Vendor extensions carry their value as YAML text ({@code Any.yaml}), as gnostic's
 * parser stores them; JSON is valid YAML, so the value's compact JSON is written.
 */
final class GnosticV2 {
  private GnosticV2() {}

  /** The protobuf bytes of a Swagger 2.0 document. */
  static byte[] encode(JsonObject swagger) {
    Msg m = new Msg();
    m.string(1, str(swagger, "swagger"));
    if (swagger.has("info")) {
      JsonObject info = swagger.getAsJsonObject("info");
      Msg i = new Msg();
      i.string(1, str(info, "title"));
      i.string(2, str(info, "version"));
      i.string(3, str(info, "description"));
      m.message(2, i);
    }
    m.strings(5, swagger.getAsJsonArray("schemes"));
    m.strings(6, swagger.getAsJsonArray("consumes"));
    m.strings(7, swagger.getAsJsonArray("produces"));
    if (swagger.has("paths")) {
      Msg paths = new Msg();
      for (Map.Entry<String, JsonElement> e : swagger.getAsJsonObject("paths").entrySet()) {
        paths.message(2, named(e.getKey(), pathItem(e.getValue().getAsJsonObject())));
      }
      m.message(8, paths);
    }
    if (swagger.has("definitions")) {
      Msg defs = new Msg();
      for (Map.Entry<String, JsonElement> e : swagger.getAsJsonObject("definitions").entrySet()) {
        defs.message(1, named(e.getKey(), schema(e.getValue().getAsJsonObject())));
      }
      m.message(9, defs);
    }
    if (swagger.has("security")) {
      for (JsonElement requirement : swagger.getAsJsonArray("security")) {
        Msg r = new Msg();
        for (Map.Entry<String, JsonElement> e : requirement.getAsJsonObject().entrySet()) {
          Msg values = new Msg();
          values.strings(1, e.getValue().getAsJsonArray());
          r.message(1, named(e.getKey(), values));
        }
        m.message(12, r);
      }
    }
    if (swagger.has("securityDefinitions")) {
      Msg defs = new Msg();
      for (Map.Entry<String, JsonElement> e : swagger.getAsJsonObject("securityDefinitions").entrySet()) {
        JsonObject d = e.getValue().getAsJsonObject();
        Msg apiKey = new Msg();
        apiKey.string(1, str(d, "type"));
        apiKey.string(2, str(d, "name"));
        apiKey.string(3, str(d, "in"));
        apiKey.string(4, str(d, "description"));
        Msg item = new Msg();
        item.message(2, apiKey);
        defs.message(1, named(e.getKey(), item));
      }
      m.message(13, defs);
    }
    extensions(m, 16, swagger);
    return m.bytes();
  }

  private static Msg pathItem(JsonObject item) {
    Msg m = new Msg();
    String[] operations = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < operations.length; i++) {
      if (item.has(operations[i])) {
        m.message(i + 2, operation(item.getAsJsonObject(operations[i])));
      }
    }
    parameters(m, 9, item);
    extensions(m, 10, item);
    return m;
  }

  private static Msg operation(JsonObject op) {
    Msg m = new Msg();
    m.strings(1, op.getAsJsonArray("tags"));
    m.string(2, str(op, "summary"));
    m.string(3, str(op, "description"));
    m.string(5, str(op, "operationId"));
    m.strings(6, op.getAsJsonArray("produces"));
    m.strings(7, op.getAsJsonArray("consumes"));
    parameters(m, 8, op);
    if (op.has("responses")) {
      Msg responses = new Msg();
      for (Map.Entry<String, JsonElement> e : op.getAsJsonObject("responses").entrySet()) {
        JsonObject r = e.getValue().getAsJsonObject();
        Msg response = new Msg();
        response.string(1, str(r, "description"));
        if (r.has("schema")) {
          Msg item = new Msg();
          item.message(1, schema(r.getAsJsonObject("schema")));
          response.message(2, item);
        }
        Msg value = new Msg();
        value.message(1, response);
        responses.message(1, named(e.getKey(), value));
      }
      m.message(9, responses);
    }
    m.strings(10, op.getAsJsonArray("schemes"));
    extensions(m, 13, op);
    return m;
  }

  private static void parameters(Msg m, int field, JsonObject owner) {
    if (!owner.has("parameters")) {
      return;
    }
    for (JsonElement p : owner.getAsJsonArray("parameters")) {
      JsonObject param = p.getAsJsonObject();
      String in = str(param, "in");
      Msg parameter = new Msg();
      if ("body".equals(in)) {
        Msg body = new Msg();
        body.string(1, str(param, "description"));
        body.string(2, str(param, "name"));
        body.string(3, in);
        body.bool(4, bool(param, "required"));
        body.message(5, schema(param.getAsJsonObject("schema")));
        extensions(body, 6, param);
        parameter.message(1, body);
      } else {
        // QueryParameterSubSchema and PathParameterSubSchema share the first fields; after "name" the path one
        // lacks allow_empty_value, so its later numbers are one lower
        boolean query = "query".equals(in);
        Msg sub = new Msg();
        sub.bool(1, bool(param, "required"));
        sub.string(2, in);
        sub.string(3, str(param, "description"));
        sub.string(4, str(param, "name"));
        int shift = query ? 1 : 0;
        sub.string(5 + shift, str(param, "type"));
        sub.string(6 + shift, str(param, "format"));
        sub.bool(19 + shift, bool(param, "uniqueItems"));
        extensions(sub, 22 + shift, param);
        Msg nonBody = new Msg();
        nonBody.message(query ? 3 : 4, sub);
        parameter.message(2, nonBody);
      }
      Msg item = new Msg();
      item.message(1, parameter);
      m.message(field, item);
    }
  }

  private static Msg schema(JsonObject s) {
    Msg m = new Msg();
    m.string(1, str(s, "$ref"));
    m.string(2, str(s, "format"));
    m.string(3, str(s, "title"));
    m.string(4, str(s, "description"));
    m.bool(16, bool(s, "uniqueItems"));
    m.strings(19, s.getAsJsonArray("required"));
    if (s.has("additionalProperties")) {
      JsonElement a = s.get("additionalProperties");
      Msg item = new Msg();
      if (a.isJsonObject()) {
        item.message(1, schema(a.getAsJsonObject()));
      } else {
        item.boolAlways(2, a.getAsBoolean());
      }
      m.message(21, item);
    }
    if (s.has("type")) {
      Msg type = new Msg();
      JsonElement t = s.get("type");
      if (t.isJsonArray()) {
        type.strings(1, t.getAsJsonArray());
      } else {
        type.string(1, t.getAsString());
      }
      m.message(22, type);
    }
    if (s.has("items")) {
      Msg items = new Msg();
      items.message(1, schema(s.getAsJsonObject("items")));
      m.message(23, items);
    }
    if (s.has("allOf")) {
      for (JsonElement e : s.getAsJsonArray("allOf")) {
        m.message(24, schema(e.getAsJsonObject()));
      }
    }
    if (s.has("properties")) {
      Msg properties = new Msg();
      for (Map.Entry<String, JsonElement> e : s.getAsJsonObject("properties").entrySet()) {
        properties.message(1, named(e.getKey(), schema(e.getValue().getAsJsonObject())));
      }
      m.message(25, properties);
    }
    extensions(m, 31, s);
    return m;
  }

  /** Writes every {@code x-} member as a NamedAny whose Any carries the value as YAML (here: JSON). */
  private static void extensions(Msg m, int field, JsonObject owner) {
    for (Map.Entry<String, JsonElement> e : owner.entrySet()) {
      if (e.getKey().startsWith("x-")) {
        Msg any = new Msg();
        any.string(2, e.getValue().toString() + "\n");
        m.message(field, named(e.getKey(), any));
      }
    }
  }

  private static Msg named(String name, Msg value) {
    Msg m = new Msg();
    m.string(1, name);
    m.message(2, value);
    return m;
  }

  private static String str(JsonObject o, String member) {
    JsonElement e = o.get(member);
    return e == null || !e.isJsonPrimitive() ? null : e.getAsString();
  }

  private static boolean bool(JsonObject o, String member) {
    JsonElement e = o.get(member);
    return e != null && e.isJsonPrimitive() && e.getAsBoolean();
  }

  /** One message under construction; proto3 semantics: empty strings and false are not written. */
  private static final class Msg {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    void string(int field, String value) {
      if (value != null && !value.isEmpty()) {
        try {
          out.writeString(field, value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    void strings(int field, JsonArray values) {
      if (values != null) {
        for (JsonElement v : values) {
          string(field, v.getAsString());
        }
      }
    }

    void bool(int field, boolean value) {
      if (value) {
        boolAlways(field, true);
      }
    }

    /** A oneof member is written even when false, so that the choice survives. */
    void boolAlways(int field, boolean value) {
      try {
        out.writeBool(field, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void message(int field, Msg child) {
      try {
        out.writeByteArray(field, child.bytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] bytes() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return buffer.toByteArray();
    }
  }
}
