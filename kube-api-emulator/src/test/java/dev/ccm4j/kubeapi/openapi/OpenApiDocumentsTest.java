package dev.ccm4j.kubeapi.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.ccm4j.kubeapi.ResourceRegistry;
import dev.ccm4j.kubeapi.ResourceType;
import dev.ccm4j.kubeapi.patch.ListRule;
import dev.ccm4j.kubeapi.patch.MergeRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiDocumentsTest {
  private static final String JSON = "application/json";
  private static OpenApiDocuments docs;
  private static JsonObject v2;

  @BeforeAll
  static void build() {
    docs = new OpenApiDocuments(ResourceRegistry.standard());
    v2 = json(docs.serve("/openapi/v2", null, JSON).orElseThrow());
  }

  private static JsonObject json(OpenApiDocuments.Response r) {
    assertThat(r.status()).isEqualTo(200);
    return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static final Map<String, JsonObject> V3 = new java.util.HashMap<>();

  private static JsonObject v3(String gvPath) {
    return V3.computeIfAbsent(gvPath, OpenApiDocumentsTest::fetchV3);
  }

  private static JsonObject fetchV3(String gvPath) {
    JsonObject root = json(docs.serve("/openapi/v3", null, JSON).orElseThrow());
    String url = root.getAsJsonObject("paths").getAsJsonObject(gvPath).get("serverRelativeURL").getAsString();
    String[] pathAndQuery = url.split("\\?", 2);
    return json(docs.serve(pathAndQuery[0], pathAndQuery[1], JSON).orElseThrow());
  }

  private static String gvPath(ResourceType t) {
    return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
  }

  @Test
  void serviceSpecPortsMergeByPortAsUpstreamPublishes() {
    // upstream ServiceSpec.Ports: patchStrategy=merge, patchMergeKey=port, +listType=map, +listMapKey=port,protocol
    JsonObject ports = v2.getAsJsonObject("definitions").getAsJsonObject("io.k8s.api.core.v1.ServiceSpec")
        .getAsJsonObject("properties").getAsJsonObject("ports");
    assertThat(ports.get("x-kubernetes-patch-merge-key").getAsString()).isEqualTo("port");
    assertThat(ports.get("x-kubernetes-patch-strategy").getAsString()).isEqualTo("merge");
    assertThat(ports.get("x-kubernetes-list-type").getAsString()).isEqualTo("map");
    assertThat(ports.getAsJsonArray("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"port\",\"protocol\"]");
    assertThat(ports.getAsJsonObject("items").get("$ref").getAsString())
        .isEqualTo("#/definitions/io.k8s.api.core.v1.ServicePort");

    JsonObject v3Ports = v3("api/v1").getAsJsonObject("components").getAsJsonObject("schemas")
        .getAsJsonObject("io.k8s.api.core.v1.ServiceSpec").getAsJsonObject("properties").getAsJsonObject("ports");
    assertThat(v3Ports.get("x-kubernetes-patch-merge-key").getAsString()).isEqualTo("port");
    JsonObject port = v3("api/v1").getAsJsonObject("components").getAsJsonObject("schemas")
        .getAsJsonObject("io.k8s.api.core.v1.ServicePort");
    assertThat(port.getAsJsonArray("required").toString()).isEqualTo("[\"port\"]");
    // int-or-string as upstream expresses it: a string schema with format int-or-string
    assertThat(v2.getAsJsonObject("definitions").getAsJsonObject("io.k8s.apimachinery.pkg.util.intstr.IntOrString")
        .get("format").getAsString()).isEqualTo("int-or-string");
  }

  @Test
  void everyRegistryResourceHasItsGvkDefinitionAndPatchWithFieldValidation() {
    for (ResourceType t : ResourceRegistry.standard().all()) {
      JsonObject doc = v3(gvPath(t));
      JsonObject gvk = new JsonObject();
      gvk.addProperty("group", t.group());
      gvk.addProperty("kind", t.kind());
      gvk.addProperty("version", t.version());
      long v3Kinds = doc.getAsJsonObject("components").getAsJsonObject("schemas").entrySet().stream()
          .filter(e -> e.getValue().getAsJsonObject().has("x-kubernetes-group-version-kind"))
          .filter(e -> e.getValue().getAsJsonObject().getAsJsonArray("x-kubernetes-group-version-kind")
              .contains(gvk))
          .count();
      assertThat(v3Kinds).as("v3 definition of %s", gvk).isEqualTo(1);
      long v2Kinds = v2.getAsJsonObject("definitions").entrySet().stream()
          .filter(e -> e.getValue().getAsJsonObject().has("x-kubernetes-group-version-kind"))
          .filter(e -> e.getValue().getAsJsonObject().getAsJsonArray("x-kubernetes-group-version-kind")
              .contains(gvk))
          .count();
      assertThat(v2Kinds).as("v2 definition of %s", gvk).isEqualTo(1);
      if (t.verbs().contains("patch")) {
        // kubectl's QueryParamVerifierV3 decides server-side field validation from this operation
        JsonObject patch = null;
        for (Map.Entry<String, JsonElement> p : doc.getAsJsonObject("paths").entrySet()) {
          JsonObject op = p.getValue().getAsJsonObject().getAsJsonObject("patch");
          if (op != null && op.get("x-kubernetes-group-version-kind").equals(gvk)) {
            patch = op;
            break;
          }
        }
        assertThat(patch).as("patch operation of %s", gvk).isNotNull();
        assertThat(patch.getAsJsonArray("parameters").toString()).contains("\"name\":\"fieldValidation\"")
            .contains("\"name\":\"force\"").contains("\"name\":\"fieldManager\"").contains("\"name\":\"dryRun\"");
        assertThat(patch.getAsJsonObject("requestBody").getAsJsonObject("content").keySet())
            .contains("application/strategic-merge-patch+json", "application/apply-patch+yaml");
      }
    }
  }

  @Test
  void mergeKeysAgreeWithTheEmulatorsStrategicMergeRules() {
    JsonObject defs = v2.getAsJsonObject("definitions");
    Map<String, String> kinds = Map.of("Node", "io.k8s.api.core.v1.Node", "Service", "io.k8s.api.core.v1.Service",
        "Pod", "io.k8s.api.core.v1.Pod");
    kinds.forEach((kind, definition) -> MergeRules.forKind(kind).forEach((path, rule) -> {
      JsonObject schema = defs.getAsJsonObject(definition);
      JsonObject property = null;
      for (String field : path.split("\\.")) {
        schema = resolve(defs, schema);
        property = schema.getAsJsonObject("properties").getAsJsonObject(field);
        assertThat(property).as("%s %s", kind, path).isNotNull();
        schema = property.has("items") ? property.getAsJsonObject("items") : property;
      }
      assertThat(property.get("x-kubernetes-patch-strategy").getAsString()).as("%s %s", kind, path)
          .startsWith("merge");
      ListRule r = rule;
      if (r.keyField() == null) {
        assertThat(property.has("x-kubernetes-patch-merge-key")).isFalse();
      } else {
        assertThat(property.get("x-kubernetes-patch-merge-key").getAsString()).as("%s %s", kind, path)
            .isEqualTo(r.keyField());
      }
    }));
  }

  private static JsonObject resolve(JsonObject defs, JsonObject schema) {
    if (schema.has("$ref")) {
      return defs.getAsJsonObject(schema.get("$ref").getAsString().substring("#/definitions/".length()));
    }
    return schema;
  }

  @Test
  void v2ProtobufDecodesToTheJsonDocumentsShape() throws Exception {
    // client-go asks with the deprecated name; kube-openapi answers with the current one
    OpenApiDocuments.Response r = docs.serve("/openapi/v2", null,
        "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").orElseThrow();
    assertThat(r.contentType()).isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    UnknownFieldSet doc = UnknownFieldSet.parseFrom(r.body());
    assertThat(doc.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("2.0");
    // Document.paths (8) holds one NamedPathItem (2) per path; Document.definitions (9) one NamedSchema (1) each
    UnknownFieldSet paths = UnknownFieldSet.parseFrom(doc.getField(8).getLengthDelimitedList().get(0));
    assertThat(paths.getField(2).getLengthDelimitedList()).hasSize(v2.getAsJsonObject("paths").size());
    UnknownFieldSet definitions = UnknownFieldSet.parseFrom(doc.getField(9).getLengthDelimitedList().get(0));
    List<ByteString> named = definitions.getField(1).getLengthDelimitedList();
    assertThat(named).hasSize(v2.getAsJsonObject("definitions").size());
    UnknownFieldSet first = UnknownFieldSet.parseFrom(named.get(0));
    String name = first.getField(1).getLengthDelimitedList().get(0).toStringUtf8();
    assertThat(v2.getAsJsonObject("definitions").keySet().iterator().next()).isEqualTo(name);
    // the Service definition carries its GVK as a vendor extension (Schema.vendor_extension = 31) with YAML text
    for (ByteString b : named) {
      UnknownFieldSet entry = UnknownFieldSet.parseFrom(b);
      if (entry.getField(1).getLengthDelimitedList().get(0).toStringUtf8().equals("io.k8s.api.core.v1.Service")) {
        UnknownFieldSet schema = UnknownFieldSet.parseFrom(entry.getField(2).getLengthDelimitedList().get(0));
        UnknownFieldSet ext = UnknownFieldSet.parseFrom(schema.getField(31).getLengthDelimitedList().get(0));
        assertThat(ext.getField(1).getLengthDelimitedList().get(0).toStringUtf8())
            .isEqualTo("x-kubernetes-group-version-kind");
        UnknownFieldSet any = UnknownFieldSet.parseFrom(ext.getField(2).getLengthDelimitedList().get(0));
        assertThat(any.getField(2).getLengthDelimitedList().get(0).toStringUtf8()).contains("\"kind\":\"Service\"");
      }
    }
  }

  @Test
  void servesWithUpstreamsNegotiationAndCaching() {
    OpenApiDocuments.Response v2Json = docs.serve("/openapi/v2", null, null).orElseThrow();
    assertThat(v2Json.contentType()).isEqualTo(JSON);
    assertThat(v2Json.headers()).containsEntry("Vary", "Accept").containsKey("ETag");
    assertThat(docs.serve("/openapi/v2", null, "text/html").orElseThrow().status()).isEqualTo(406);
    assertThat(docs.serve("/openapi/v2", null, JSON, v2Json.headers().get("ETag")).orElseThrow().status())
        .isEqualTo(304);

    JsonObject root = json(docs.serve("/openapi/v3", null, JSON).orElseThrow());
    String url = root.getAsJsonObject("paths").getAsJsonObject("api/v1").get("serverRelativeURL").getAsString();
    String[] pq = url.split("\\?", 2);
    OpenApiDocuments.Response current = docs.serve(pq[0], pq[1], JSON).orElseThrow();
    assertThat(current.headers()).containsEntry("Cache-Control", "public, immutable").containsKey("Expires");
    OpenApiDocuments.Response stale = docs.serve(pq[0], "hash=0123", JSON).orElseThrow();
    assertThat(stale.status()).isEqualTo(301);
    assertThat(stale.headers().get("Location")).isEqualTo(url);
    assertThat(docs.serve(pq[0], null, JSON).orElseThrow().headers()).doesNotContainKey("Cache-Control");
    assertThat(docs.serve("/openapi/v3/apis/nope/v1", null, JSON)).isEmpty();
    assertThat(docs.serve("/api/v1", null, JSON)).isEmpty();
  }

  @Test
  void buildsQuickly() {
    long t0 = System.nanoTime();
    new OpenApiDocuments(ResourceRegistry.standard());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // warm rebuild; the cold first build (class loading of ~250 models) is measured in the report
    assertThat(ms).isLessThan(2_000);
  }
}
