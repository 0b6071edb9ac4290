package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.ccm4j.kubeapi.proto.ProtobufCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request protocol as the real kube-apiserver serves it: query parameter parsing, selectors, write options,
 * dry runs, deletecollection, namespace termination and protobuf bodies. Expected texts are kube-apiserver's.
 */
class ProtocolIT {
  private KubeApiServer server;
  private RawClient http;

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
    http = new RawClient(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String cm(String name, String labels) {
    return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + labels + "}},\"data\":{\"k\":\"v\"}}";
  }

  @Test
  void watchIsTrueForAnythingButFalseOrZero() throws Exception {
    // apimachinery's Convert_Slice_string_To_bool: the Python client sends watch=True
    http.post("/api/v1/namespaces/default/configmaps", cm("a", ""));
    try (RawClient.Watch w = http.watch("/api/v1/namespaces/default/configmaps?watch=True")) {
      assertThat(w.nextNonBookmark().get("type").getAsString()).isEqualTo("ADDED");
    }
    for (String notWatch : new String[] {"false", "FALSE", "0"}) {
      JsonObject list = http.get("/api/v1/namespaces/default/configmaps?watch=" + notWatch).json();
      assertThat(list.get("kind").getAsString()).isEqualTo("ConfigMapList");
    }
  }

  @Test
  void selectorsParseAsLabelsParseAndInvalidOnesAre400() {
    http.post("/api/v1/namespaces/default/configmaps", cm("a", "\"tier\":\"web\",\"n\":\"5\""));
    http.post("/api/v1/namespaces/default/configmaps", cm("b", "\"tier\":\"db\""));
    assertThat(names("tier%20in%20(web,%20x)")).isEqualTo("[a]");
    assertThat(names("tier,!n")).isEqualTo("[b]");
    assertThat(names("n%3E3")).isEqualTo("[a]");
    assertThat(names("tier!=web")).isEqualTo("[b]");
    RawClient.Response bad = http.get("/api/v1/namespaces/default/configmaps?labelSelector=app:web");
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.json().get("message").getAsString()).isEqualTo("unable to parse requirement: <nil>: Invalid value:"
        + " \"app:web\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with"
        + " an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
        + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    RawClient.Response badValue = http.get("/api/v1/namespaces/default/configmaps?labelSelector=a%3D%25x");
    assertThat(badValue.code()).isEqualTo(400);
    assertThat(badValue.json().get("message").getAsString()).startsWith("unable to parse requirement: values[0][a]:"
        + " Invalid value: \"%x\": a valid label must be an empty string");
    RawClient.Response badSyntax = http.get("/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20b");
    assertThat(badSyntax.json().get("message").getAsString())
        .isEqualTo("unable to parse requirement: found 'b' expected: '('");
    RawClient.Response badWatch = http.get("/api/v1/namespaces/default/configmaps?watch=1&labelSelector=a,,b");
    assertThat(badWatch.code()).isEqualTo(400);
    assertThat(badWatch.json().get("message").getAsString()).isEqualTo("found ',', expected: identifier after ','");
  }

  private String names(String selector) {
    JsonObject list = http.get("/api/v1/namespaces/default/configmaps?labelSelector=" + selector).json();
    assertThat(list.get("kind").getAsString()).as(list.toString()).isEqualTo("ConfigMapList");
    java.util.List<String> out = new java.util.ArrayList<>();
    list.getAsJsonArray("items").forEach(i -> out.add(Json.metaString(i.getAsJsonObject(), "name")));
    return out.toString();
  }

  @Test
  void writeOptionsAreValidatedAsTheRealServerDoes() {
    RawClient.Response dry = http.post("/api/v1/namespaces/default/configmaps?dryRun=Some", cm("a", ""));
    assertThat(dry.code()).isEqualTo(422);
    assertThat(dry.json().get("message").getAsString()).isEqualTo("CreateOptions.meta.k8s.io \"\" is invalid: dryRun:"
        + " Unsupported value: []string{\"Some\"}: supported values: \"All\"");
    RawClient.Response manager = http.post("/api/v1/namespaces/default/configmaps?fieldManager=" + "m".repeat(129),
        cm("a", ""));
    assertThat(manager.json().get("message").getAsString()).isEqualTo("CreateOptions.meta.k8s.io \"\" is invalid:"
        + " fieldManager: Too long: may not be more than 128 bytes");
    http.post("/api/v1/namespaces/default/configmaps", cm("a", ""));
    RawClient.Response force = http.send("PATCH", "/api/v1/namespaces/default/configmaps/a?force=true",
        "application/merge-patch+json", "{}");
    assertThat(force.json().get("message").getAsString()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: force:"
        + " Forbidden: may not be specified for non-apply patch");
  }

  @Test
  void dryRunAllIsAnsweredOnEveryWriteAndNeverStored() throws Exception {
    String path = "/api/v1/namespaces/default/configmaps";
    http.post(path, cm("a", "\"x\":\"1\""));
    long rv = server.resourceVersion();
    try (RawClient.Watch w = http.watch(path + "?watch=1&resourceVersion=" + rv)) {
      RawClient.Response created = http.post(path + "?dryRun=All", cm("b", ""));
      assertThat(created.code()).isEqualTo(201);
      // the dry-run storage answers a create without a resourceVersion
      assertThat(created.json().getAsJsonObject("metadata").has("resourceVersion")).isFalse();
      assertThat(created.json().getAsJsonObject("metadata").has("uid")).isTrue();
      RawClient.Response generated = http.post(path + "?dryRun=All",
          "{\"metadata\":{\"generateName\":\"gen-\"}}");
      assertThat(Json.metaString(generated.json(), "name")).startsWith("gen-").hasSize(9);
      JsonObject current = http.get(path + "/a").json();
      current.getAsJsonObject("data").addProperty("k", "changed");
      RawClient.Response updated = http.put(path + "/a?dryRun=All", current.toString());
      assertThat(updated.json().getAsJsonObject("data").get("k").getAsString()).isEqualTo("changed");
      assertThat(Json.metaString(updated.json(), "resourceVersion")).isEqualTo(Long.toString(rv));
      RawClient.Response patched = http.send("PATCH", path + "/a?dryRun=All", "application/merge-patch+json",
          "{\"data\":{\"k\":\"p\"}}");
      assertThat(patched.json().getAsJsonObject("data").get("k").getAsString()).isEqualTo("p");
      RawClient.Response applied = http.send("PATCH", path + "/c?dryRun=All&fieldManager=me",
          "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n");
      assertThat(applied.code()).as(applied.body()).isIn(200, 201);
      assertThat(http.delete(path + "/a?dryRun=All", null).code()).isEqualTo(200);
      // kubectl delete --dry-run=server puts the option in the body
      assertThat(http.delete(path + "/a", "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"dryRun\":[\"All\"]}")
          .code()).isEqualTo(200);
      assertThat(http.delete(path + "?dryRun=All", null).code()).isEqualTo(200);
      assertThat(http.get(path + "/a").json().getAsJsonObject("data").get("k").getAsString()).isEqualTo("v");
      assertThat(http.get(path + "/b").code()).isEqualTo(404);
      assertThat(http.get(path + "/c").code()).isEqualTo(404);
      assertThat(server.resourceVersion()).isEqualTo(rv);
      // the first event the watch sees is this real write: the dry runs sent none
      http.post(path, cm("real", ""));
      JsonObject event = w.nextNonBookmark();
      assertThat(Json.metaString(event.getAsJsonObject("object"), "name")).isEqualTo("real");
    }
  }

  @Test
  void dryRunOfServicesLeaksNoNodePort() {
    String path = "/api/v1/namespaces/default/services";
    String nodePort = "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
        + "\"nodePort\":30080}]}}";
    assertThat(http.post(path + "?dryRun=All", String.format(nodePort, "dry")).code()).isEqualTo(201);
    http.post(path, "{\"metadata\":{\"name\":\"plain\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
    JsonObject plain = http.get(path + "/plain").json();
    plain.getAsJsonObject("spec").addProperty("type", "NodePort");
    plain.getAsJsonObject("spec").getAsJsonArray("ports").get(0).getAsJsonObject().addProperty("nodePort", 30081);
    assertThat(http.put(path + "/plain?dryRun=All", plain.toString()).code()).isEqualTo(200);
    // both ports are still free for real writes
    assertThat(http.post(path, String.format(nodePort, "real")).code()).isEqualTo(201);
    assertThat(http.put(path + "/plain", plain.toString()).code()).isEqualTo(200);
  }

  @Test
  void deleteCollectionDeletesTheSelectedObjectsAndRespectsFinalizers() {
    String path = "/api/v1/namespaces/default/configmaps";
    http.post(path, cm("a", "\"app\":\"x\""));
    http.post(path, cm("b", "\"app\":\"x\""));
    http.post(path, cm("keep", "\"app\":\"y\""));
    http.post(path, "{\"metadata\":{\"name\":\"held\",\"labels\":{\"app\":\"x\"},\"finalizers\":[\"example.com/f\"]}}");
    RawClient.Response deleted = http.delete(path + "?labelSelector=app%3Dx", null);
    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.json().get("kind").getAsString()).isEqualTo("ConfigMapList");
    assertThat(deleted.json().getAsJsonArray("items")).hasSize(3);
    assertThat(names("")).isEqualTo("[held, keep]");
    assertThat(http.get(path + "/held").json().getAsJsonObject("metadata").has("deletionTimestamp")).isTrue();
    // namespaces serve no deletecollection on the real server
    assertThat(http.delete("/api/v1/namespaces", null).code()).isEqualTo(405);
    assertThat(http.delete("/api/v1/nodes", null).code()).isEqualTo(200);
  }

  @Test
  void aDeletedNamespaceTerminatesRemovesItsContentThenDisappears() throws Exception {
    http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"team\"}}");
    JsonObject ns = http.get("/api/v1/namespaces/team").json();
    assertThat(ns.getAsJsonObject("spec").getAsJsonArray("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
    String path = "/api/v1/namespaces/team/configmaps";
    http.post(path, cm("a", ""));
    http.post(path, "{\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/f\"]}}");
    JsonObject deleting = http.delete("/api/v1/namespaces/team", null).json();
    assertThat(deleting.getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Terminating");
    assertThat(deleting.getAsJsonObject("metadata").has("deletionTimestamp")).isTrue();
    RawClient.Response refused = http.post(path, cm("late", ""));
    assertThat(refused.code()).isEqualTo(403);
    assertThat(refused.json().get("message").getAsString()).isEqualTo("configmaps \"late\" is forbidden: unable to"
        + " create new content in namespace team because it is being terminated");
    assertThat(refused.json().getAsJsonObject("details").getAsJsonArray("causes").get(0).getAsJsonObject()
        .get("reason").getAsString()).isEqualTo("NamespaceTerminating");
    RawClient.Response again = http.delete("/api/v1/namespaces/team", null);
    assertThat(again.code()).isEqualTo(409);
    awaitCode(path + "/a", 404);
    // held back by its finalizer, and so is the namespace
    assertThat(http.get(path + "/held").code()).isEqualTo(200);
    assertThat(http.get("/api/v1/namespaces/team").code()).isEqualTo(200);
    http.send("PATCH", path + "/held", "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
    awaitCode("/api/v1/namespaces/team", 404);
    assertThat(http.get(path + "/held").code()).isEqualTo(404);
  }

  private void awaitCode(String path, int code) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(http.get(path).code()).as(path).isEqualTo(code));
  }

  @Test
  void protobufBodiesAndAnswers() throws Exception {
    JsonObject cm = Json.parseObject("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"pb\"},"
        + "\"data\":{\"k\":\"v\"}}");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<byte[]> created = client.send(HttpRequest.newBuilder(
        URI.create(server.url() + "/api/v1/namespaces/default/configmaps"))
        .header("Content-Type", ProtobufCodec.MEDIA_TYPE)
        .header("Accept", ProtobufCodec.MEDIA_TYPE + ", application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ProtobufCodec.encode(cm))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type")).hasValue(ProtobufCodec.MEDIA_TYPE);
    JsonObject answer = ProtobufCodec.decode(created.body());
    assertThat(answer.getAsJsonObject("data").get("k").getAsString()).isEqualTo("v");
    assertThat(http.get("/api/v1/namespaces/default/configmaps/pb").json().getAsJsonObject("data").get("k")
        .getAsString()).isEqualTo("v");
    HttpResponse<byte[]> missing = client.send(HttpRequest.newBuilder(
        URI.create(server.url() + "/api/v1/namespaces/default/configmaps/nope"))
        .header("Accept", ProtobufCodec.MEDIA_TYPE).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(ProtobufCodec.decode(missing.body()).get("reason").getAsString()).isEqualTo("NotFound");
  }
}
