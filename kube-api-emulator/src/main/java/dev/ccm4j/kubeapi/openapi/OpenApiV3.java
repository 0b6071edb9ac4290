package dev.ccm4j.kubeapi.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts the Swagger 2.0 paths and definitions of one group-version into the OpenAPI 3.0 document kube-apiserver
 * serves at {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/<group>/<version>}: refs point at
 * {@code #/components/schemas/}, a ref with sibling keywords is wrapped in {@code allOf} (OpenAPI 3.0 ignores
 * siblings of {@code $ref}), body parameters become {@code requestBody} with one entry per consumed media type (kubectl
 * apply looks for {@code application/strategic-merge-patch+json} there), responses carry their schema per produced
 * media type, and the components hold only the schemas the group-version's paths reach, as upstream's do.
 */
final class OpenApiV3 {
  private static final String V2_REF = "#/definitions/";
  private static final String V3_REF = "#/components/schemas/";

  private OpenApiV3() {}

  static JsonObject document(String version, Map<String, JsonObject> paths, List<String> roots,
      Map<String, JsonObject> definitions) {
    JsonObject doc = new JsonObject();
    doc.addProperty("openapi", "3.0.0");
    JsonObject info = new JsonObject();
    info.addProperty("title", "Kubernetes");
    info.addProperty("version", version);
    doc.add("info", info);
    JsonObject outPaths = new JsonObject();
    paths.forEach((p, item) -> outPaths.add(p, pathItem(item)));
    doc.add("paths", outPaths);

    TreeMap<String, JsonObject> schemas = new TreeMap<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    collectRefs(outPaths, pending);
    while (!pending.isEmpty()) {
      String name = pending.poll();
      if (schemas.containsKey(name) || !definitions.containsKey(name)) {
        continue;
      }
      JsonObject converted = schema(definitions.get(name));
      schemas.put(name, converted);
      collectRefs(converted, pending);
    }
    JsonObject components = new JsonObject();
    JsonObject s = new JsonObject();
    schemas.forEach(s::add);
    components.add("schemas", s);
    JsonObject bearer = new JsonObject();
    bearer.addProperty("type", "apiKey");
    bearer.addProperty("name", "authorization");
    bearer.addProperty("in", "header");
    JsonObject security = new JsonObject();
    security.add("BearerToken", bearer);
    components.add("securitySchemes", security);
    doc.add("components", components);
    return doc;
  }

  private static void collectRefs(JsonElement e, Deque<String> out) {
    if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
        if (m.getKey().equals("$ref") && m.getValue().getAsString().startsWith(V3_REF)) {
          out.add(m.getValue().getAsString().substring(V3_REF.length()));
        } else {
          collectRefs(m.getValue(), out);
        }
      }
    } else if (e.isJsonArray()) {
      for (JsonElement c : e.getAsJsonArray()) {
        collectRefs(c, out);
      }
    }
  }

  private static JsonObject pathItem(JsonObject v2) {
    JsonObject item = new JsonObject();
    for (Map.Entry<String, JsonElement> e : v2.entrySet()) {
      if (e.getKey().equals("parameters")) {
        item.add("parameters", parameters(e.getValue().getAsJsonArray()));
      } else {
        item.add(e.getKey(), operation(e.getValue().getAsJsonObject()));
      }
    }
    return item;
  }

  private static JsonArray parameters(JsonArray v2) {
    JsonArray out = new JsonArray();
    for (JsonElement p : v2) {
      JsonObject param = p.getAsJsonObject();
      if (!param.get("in").getAsString().equals("body")) {
        JsonObject q = new JsonObject();
        q.add("name", param.get("name"));
        q.add("in", param.get("in"));
        if (param.has("required")) {
          q.add("required", param.get("required"));
        }
        JsonObject schema = new JsonObject();
        schema.add("type", param.get("type"));
        schema.add("uniqueItems", param.get("uniqueItems"));
        q.add("schema", schema);
        out.add(q);
      }
    }
    return out;
  }

  private static JsonObject operation(JsonObject v2) {
    JsonObject op = new JsonObject();
    JsonArray consumes = v2.getAsJsonArray("consumes");
    JsonArray produces = v2.getAsJsonArray("produces");
    for (Map.Entry<String, JsonElement> e : v2.entrySet()) {
      switch (e.getKey()) {
        case "consumes", "produces", "schemes" -> { }
        case "parameters" -> {
          JsonArray params = parameters(e.getValue().getAsJsonArray());
          if (params.size() > 0) {
            op.add("parameters", params);
          }
          for (JsonElement p : e.getValue().getAsJsonArray()) {
            JsonObject param = p.getAsJsonObject();
            if (param.get("in").getAsString().equals("body")) {
              JsonObject body = new JsonObject();
              JsonObject content = new JsonObject();
              JsonArray types = consumes == null ? new JsonArray() : consumes;
              if (types.isEmpty()) {
                types.add("*/*");
              }
              for (JsonElement type : types) {
                JsonObject media = new JsonObject();
                media.add("schema", schema(param.getAsJsonObject("schema")));
                content.add(type.getAsString(), media);
              }
              body.add("content", content);
              if (param.has("required")) {
                body.add("required", param.get("required"));
              }
              op.add("requestBody", body);
            }
          }
        }
        case "responses" -> {
          JsonObject responses = new JsonObject();
          for (Map.Entry<String, JsonElement> r : e.getValue().getAsJsonObject().entrySet()) {
            JsonObject v2r = r.getValue().getAsJsonObject();
            JsonObject out = new JsonObject();
            out.add("description", v2r.get("description"));
            if (v2r.has("schema")) {
              JsonObject content = new JsonObject();
              for (JsonElement type : produces) {
                JsonObject media = new JsonObject();
                media.add("schema", schema(v2r.getAsJsonObject("schema")));
                content.add(type.getAsString(), media);
              }
              out.add("content", content);
            }
            responses.add(r.getKey(), out);
          }
          op.add("responses", responses);
        }
        default -> op.add(e.getKey(), e.getValue().deepCopy());
      }
    }
    return op;
  }

  /** One schema, v2 to v3: refs renamed, a ref with siblings wrapped in allOf, sub-schemas converted. */
  static JsonObject schema(JsonObject v2) {
    JsonObject out = new JsonObject();
    boolean wrap = v2.has("$ref") && v2.size() > 1;
    for (Map.Entry<String, JsonElement> e : v2.entrySet()) {
      String key = e.getKey();
      JsonElement value = e.getValue();
      switch (key) {
        case "$ref" -> {
          JsonObject ref = new JsonObject();
          ref.addProperty("$ref", V3_REF + value.getAsString().substring(V2_REF.length()));
          if (wrap) {
            JsonArray allOf = new JsonArray();
            allOf.add(ref);
            out.add("allOf", allOf);
          } else {
            out.add("$ref", ref.get("$ref"));
          }
        }
        case "items" -> out.add("items", schema(value.getAsJsonObject()));
        case "additionalProperties" ->
            out.add(key, value.isJsonObject() ? schema(value.getAsJsonObject()) : value);
        case "properties" -> {
          JsonObject props = new JsonObject();
          for (Map.Entry<String, JsonElement> p : value.getAsJsonObject().entrySet()) {
            props.add(p.getKey(), schema(p.getValue().getAsJsonObject()));
          }
          out.add(key, props);
        }
        default -> out.add(key, value.deepCopy());
      }
    }
    return out;
  }
}
