package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeApiServerIT {
  private KubeApiServer server;
  private RawClient http;

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().bookmarkInterval(Duration.ofMillis(200)).watchHistorySize(50).build().start();
    http = new RawClient(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String node(String name, String labels) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + labels
        + "}},\"spec\":{},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
  }

  private static String svc(String name) {
    return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":80}]}}";
  }

  @Test
  void healthAndDiscovery() {
    assertThat(http.get("/healthz").body()).isEqualTo("ok");
    assertThat(http.get("/readyz").code()).isEqualTo(200);
    assertThat(http.get("/version").json().get("gitVersion").getAsString()).startsWith("v1.34.");
    assertThat(http.get("/api").json().get("versions").toString()).contains("v1");
    JsonObject core = http.get("/api/v1").json();
    assertThat(core.get("kind").getAsString()).isEqualTo("APIResourceList");
    assertThat(core.toString()).contains("\"name\":\"nodes/status\"").contains("\"shortNames\":[\"svc\"]");
    assertThat(http.get("/apis").json().toString()).contains("coordination.k8s.io/v1", "discovery.k8s.io/v1");
    assertThat(http.get("/apis/coordination.k8s.io/v1").json().toString()).contains("\"kind\":\"Lease\"");
    assertThat(http.get("/openapi/v2").code()).isEqualTo(200);
    assertThat(http.get("/openapi/v4").code()).isEqualTo(404);
    assertThat(http.get("/api/v1/namespaces").json().toString())
        .contains("\"default\"", "\"kube-system\"", "\"kube-public\"", "\"kube-node-lease\"");
  }

  @Test
  void createSetsServerFieldsAndRejectsDuplicates() {
    RawClient.Response created = http.post("/api/v1/nodes", node("n1", ""));
    assertThat(created.code()).isEqualTo(201);
    JsonObject meta = created.json().getAsJsonObject("metadata");
    assertThat(meta.get("uid").getAsString()).isNotEmpty();
    assertThat(meta.get("creationTimestamp").getAsString()).endsWith("Z");
    assertThat(meta.get("generation").getAsLong()).isEqualTo(1);
    assertThat(Long.parseLong(meta.get("resourceVersion").getAsString())).isEqualTo(server.resourceVersion());

    RawClient.Response dup = http.post("/api/v1/nodes", node("n1", ""));
    assertThat(dup.code()).isEqualTo(409);
    JsonObject status = dup.json();
    assertThat(status.get("kind").getAsString()).isEqualTo("Status");
    assertThat(status.get("reason").getAsString()).isEqualTo("AlreadyExists");
    assertThat(status.get("message").getAsString()).isEqualTo("nodes \"n1\" already exists");

    RawClient.Response generated = http.post("/api/v1/namespaces/default/configmaps",
        "{\"metadata\":{\"generateName\":\"cm-\"},\"data\":{\"a\":\"b\"}}");
    assertThat(generated.code()).isEqualTo(201);
    assertThat(generated.json().getAsJsonObject("metadata").get("name").getAsString()).matches("cm-[a-z0-9]{5}");
  }

  @Test
  void createValidation() {
    RawClient.Response noName = http.post("/api/v1/nodes", "{\"metadata\":{}}");
    assertThat(noName.code()).isEqualTo(422);
    assertThat(noName.json().get("reason").getAsString()).isEqualTo("Invalid");
    assertThat(noName.json().get("message").getAsString())
        .contains("metadata.name: Required value: name or generateName is required");
    RawClient.Response missingNs = http.post("/api/v1/namespaces/nope/services", svc("web"));
    assertThat(missingNs.code()).isEqualTo(404);
    assertThat(missingNs.json().get("message").getAsString()).isEqualTo("namespaces \"nope\" not found");
    RawClient.Response mismatch = http.post("/api/v1/namespaces/default/services",
        "{\"metadata\":{\"name\":\"x\",\"namespace\":\"kube-system\"}}");
    assertThat(mismatch.code()).isEqualTo(400);
    RawClient.Response dryRun = http.post("/api/v1/nodes?dryRun=All", node("dry", ""));
    assertThat(dryRun.code()).isEqualTo(201);
    assertThat(http.get("/api/v1/nodes/dry").code()).isEqualTo(404);
    // a protobuf body is decoded (and this one is no protobuf envelope); a format the server has no decoder for is 415
    RawClient.Response protobuf = http.send("POST", "/api/v1/nodes", "application/vnd.kubernetes.protobuf", "x");
    assertThat(protobuf.code()).isEqualTo(400);
    RawClient.Response text = http.send("POST", "/api/v1/nodes", "text/plain", "x");
    assertThat(text.code()).isEqualTo(415);
    assertThat(text.json().get("message").getAsString()).isEqualTo("the body of the request was in an unknown format"
        + " - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
  }

  @Test
  void everyRegisteredResourceSupportsItsVerbs() {
    for (ResourceType t : ResourceRegistry.standard().all()) {
      String prefix = (t.group().isEmpty() ? "/api/" : "/apis/" + t.group() + "/") + t.version();
      String collection = prefix + (t.namespaced() ? "/namespaces/default/" : "/") + t.plural();
      // a Service is only valid with ports, as on a real API server
      String spec = t.plural().equals("services") ? "{\"ports\":[{\"port\":80}]}" : "{}";
      if (t.plural().equals("subjectaccessreviews")) {
        // and a SubjectAccessReview only with a subject and what it asks about, a TokenReview only with a token
        spec = "{\"user\":\"u\",\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}";
      } else if (t.plural().equals("tokenreviews")) {
        spec = "{\"token\":\"t\"}";
      } else if (t.plural().equals("selfsubjectaccessreviews")) {
        spec = "{\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"pods\"}}";
      } else if (t.plural().equals("selfsubjectrulesreviews")) {
        spec = "{\"namespace\":\"default\"}";
      }
      RawClient.Response created = http.post(collection, "{\"metadata\":{\"name\":\"x1\"},\"spec\":" + spec + "}");
      assertThat(created.code()).as(t.qualifiedName() + ": " + created.body()).isEqualTo(201);
      assertThat(created.json().get("kind").getAsString()).isEqualTo(t.kind());
      assertThat(created.json().get("apiVersion").getAsString()).isEqualTo(t.apiVersion());
      if (t.createOnly()) {
        continue;
      }
      assertThat(http.get(collection + "/x1").code()).as(t.qualifiedName()).isEqualTo(200);
      JsonObject list = http.get(prefix + "/" + t.plural()).json();
      assertThat(list.get("kind").getAsString()).isEqualTo(t.listKind());
      assertThat(http.delete(collection + "/x1", null).code()).as(t.qualifiedName()).isEqualTo(200);
      // a namespace goes away once the namespace controller has emptied it, asynchronously as on a real cluster
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (t.plural().equals("namespaces") && http.get(collection + "/x1").code() == 200
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(http.get(collection + "/x1").code()).as(t.qualifiedName()).isEqualTo(404);
    }
  }

  @Test
  void unknownFieldsAreDroppedWithAWarningOrRefusedWhenStrict() {
    // kube-apiserver decodes into the typed schema: unknown fields never persist; fieldValidation=Warn (the default)
    // answers a 299 Warning per field, Strict a 400 naming them, Ignore says nothing
    String body = "{\"metadata\":{\"name\":\"n1\"},\"spec\":{\"futureField\":{\"a\":[1,2]}},\"extra\":true}";
    RawClient.Response created = http.post("/api/v1/nodes", body);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.raw().headers().allValues("Warning")).containsExactlyInAnyOrder(
        "299 - \"unknown field \\\"extra\\\"\"", "299 - \"unknown field \\\"spec.futureField\\\"\"");
    JsonObject node = http.get("/api/v1/nodes/n1").json();
    assertThat(node.has("extra")).isFalse();
    // spec is a struct without omitempty: it stays, empty
    assertThat(node.get("spec").toString()).isEqualTo("{}");
    RawClient.Response strict = http.post("/api/v1/nodes?fieldValidation=Strict",
        body.replace("\"n1\"", "\"n2\""));
    assertThat(strict.code()).isEqualTo(400);
    assertThat(strict.json().get("message").getAsString()).isEqualTo("Node in version \"v1\" cannot be handled as a"
        + " Node: strict decoding error: unknown field \"spec.futureField\", unknown field \"extra\"");
    RawClient.Response ignored = http.post("/api/v1/nodes?fieldValidation=Ignore", body.replace("\"n1\"", "\"n3\""));
    assertThat(ignored.code()).isEqualTo(201);
    assertThat(ignored.raw().headers().allValues("Warning")).isEmpty();
    RawClient.Response strictPatch = http.send("PATCH", "/api/v1/nodes/n1?fieldValidation=Strict",
        "application/merge-patch+json", "{\"spec\":{\"prots\":1}}");
    assertThat(strictPatch.json().get("message").getAsString())
        .isEqualTo("strict decoding error: unknown field \"spec.prots\"");
    RawClient.Response bad = http.post("/api/v1/nodes?fieldValidation=Loose", body);
    assertThat(bad.code()).isEqualTo(422);
    assertThat(bad.json().get("message").getAsString()).isEqualTo("CreateOptions.meta.k8s.io \"\" is invalid: "
        + "fieldValidation: Unsupported value: \"Loose\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"");
  }

  @Test
  void concurrentWritersProduceOrderedWatchEvents() throws Exception {
    try (RawClient.Watch w = http.watch("/api/v1/configmaps?watch=true&resourceVersion=" + server.resourceVersion())) {
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        writers.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 50; i++) {
            assertThat(http.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"c" + thread + "-" + i + "\"}}").code()).isEqualTo(201);
          }
        }));
      }
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      long previous = 0;
      for (int i = 0; i < 200; i++) {
        long rv = Long.parseLong(w.next().getAsJsonObject("object").getAsJsonObject("metadata")
            .get("resourceVersion").getAsString());
        assertThat(rv).isGreaterThan(previous);
        previous = rv;
      }
      assertThat(previous).isEqualTo(server.resourceVersion());
    }
  }

  @Test
  void notFoundBodyShape() {
    JsonObject status = http.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/missing").json();
    assertThat(status.get("kind").getAsString()).isEqualTo("Status");
    assertThat(status.get("apiVersion").getAsString()).isEqualTo("v1");
    assertThat(status.get("status").getAsString()).isEqualTo("Failure");
    assertThat(status.get("reason").getAsString()).isEqualTo("NotFound");
    assertThat(status.get("code").getAsInt()).isEqualTo(404);
    assertThat(status.get("message").getAsString()).isEqualTo("leases.coordination.k8s.io \"missing\" not found");
    assertThat(status.getAsJsonObject("details").get("group").getAsString()).isEqualTo("coordination.k8s.io");
    assertThat(status.getAsJsonObject("details").get("kind").getAsString()).isEqualTo("leases");
    assertThat(http.get("/api/v1/frobs").code()).isEqualTo(404);
  }

  @Test
  void updateConflictsOnStaleResourceVersionAndBumpsGenerationOnSpecChange() {
    JsonObject created = http.post("/api/v1/nodes", node("n1", "")).json();
    String rv = created.getAsJsonObject("metadata").get("resourceVersion").getAsString();
    JsonObject labelled = created.deepCopy();
    // the empty labels map was not stored (omitempty), as on a real server
    JsonObject labels = new JsonObject();
    labels.addProperty("a", "b");
    labelled.getAsJsonObject("metadata").add("labels", labels);
    JsonObject afterLabel = http.put("/api/v1/nodes/n1", labelled.toString()).json();
    assertThat(afterLabel.getAsJsonObject("metadata").get("generation").getAsLong()).isEqualTo(1);

    RawClient.Response stale = http.put("/api/v1/nodes/n1", created.toString());
    assertThat(stale.code()).isEqualTo(409);
    assertThat(stale.json().get("reason").getAsString()).isEqualTo("Conflict");
    assertThat(stale.json().get("message").getAsString()).isEqualTo("Operation cannot be fulfilled on nodes \"n1\": "
        + "the object has been modified; please apply your changes to the latest version and try again");
    assertThat(stale.json().getAsJsonObject("details").get("name").getAsString()).isEqualTo("n1");

    JsonObject unconditional = afterLabel.deepCopy();
    unconditional.getAsJsonObject("metadata").remove("resourceVersion");
    unconditional.getAsJsonObject("spec").addProperty("unschedulable", true);
    JsonObject updated = http.put("/api/v1/nodes/n1", unconditional.toString()).json();
    assertThat(updated.getAsJsonObject("metadata").get("generation").getAsLong()).isEqualTo(2);
    assertThat(updated.getAsJsonObject("metadata").get("resourceVersion").getAsString()).isNotEqualTo(rv);
  }

  @Test
  void statusSubresourceSemantics() {
    http.post("/api/v1/nodes", node("n1", "\"a\":\"1\""));
    JsonObject current = http.get("/api/v1/nodes/n1").json();
    JsonObject mainWrite = current.deepCopy();
    mainWrite.getAsJsonObject("status").add("conditions", new com.google.gson.JsonArray());
    mainWrite.getAsJsonObject("metadata").getAsJsonObject("labels").addProperty("a", "2");
    JsonObject afterMain = http.put("/api/v1/nodes/n1", mainWrite.toString()).json();
    assertThat(afterMain.getAsJsonObject("status").toString()).contains("Ready");
    assertThat(afterMain.getAsJsonObject("metadata").getAsJsonObject("labels").get("a").getAsString()).isEqualTo("2");

    JsonObject statusWrite = afterMain.deepCopy();
    statusWrite.getAsJsonObject("status").add("conditions", new com.google.gson.JsonArray());
    statusWrite.getAsJsonObject("metadata").getAsJsonObject("labels").addProperty("a", "3");
    statusWrite.getAsJsonObject("spec").addProperty("unschedulable", true);
    JsonObject afterStatus = http.put("/api/v1/nodes/n1/status", statusWrite.toString()).json();
    // an empty list is left out, as the real server's omitempty does
    assertThat(afterStatus.getAsJsonObject("status").has("conditions")).isFalse();
    assertThat(afterStatus.getAsJsonObject("metadata").getAsJsonObject("labels").get("a").getAsString())
        .isEqualTo("2");
    assertThat(afterStatus.getAsJsonObject("spec").has("unschedulable")).isFalse();

    RawClient.Response patched = http.send("PATCH", "/api/v1/nodes/n1/status", "application/merge-patch+json",
        "{\"metadata\":{\"labels\":{\"a\":\"9\"}},\"status\":{\"phase\":\"Running\"}}");
    assertThat(patched.json().getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Running");
    assertThat(patched.json().getAsJsonObject("metadata").getAsJsonObject("labels").get("a").getAsString())
        .isEqualTo("2");
    // kube-apiserver's ValidatePatchOptions: apply needs a field manager
    RawClient.Response apply = http.send("PATCH", "/api/v1/nodes/n1", "application/apply-patch+yaml", "{}");
    assertThat(apply.code()).isEqualTo(422);
    assertThat(apply.json().get("message").getAsString()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: "
        + "fieldManager: Required value: is required for apply patch");
  }

  @Test
  void deletionWithFinalizersAndPreconditions() {
    String body = "{\"metadata\":{\"name\":\"web\",\"finalizers\":[\"service.kubernetes.io/load-balancer-cleanup\"]},"
        + "\"spec\":{\"ports\":[{\"port\":80}]}}";
    JsonObject created = http.post("/api/v1/namespaces/default/services", body).json();
    String uid = created.getAsJsonObject("metadata").get("uid").getAsString();
    RawClient.Response wrongUid = http.delete("/api/v1/namespaces/default/services/web",
        "{\"preconditions\":{\"uid\":\"other\"}}");
    assertThat(wrongUid.code()).isEqualTo(409);
    assertThat(wrongUid.json().get("message").getAsString()).contains("Precondition failed: UID in precondition");

    RawClient.Response marked = http.delete("/api/v1/namespaces/default/services/web",
        "{\"preconditions\":{\"uid\":\"" + uid + "\"}}");
    assertThat(marked.code()).isEqualTo(200);
    JsonObject markedMeta = marked.json().getAsJsonObject("metadata");
    assertThat(markedMeta.has("deletionTimestamp")).isTrue();
    assertThat(markedMeta.get("deletionGracePeriodSeconds").getAsLong()).isZero();
    assertThat(http.get("/api/v1/namespaces/default/services/web").code()).isEqualTo(200);

    RawClient.Response addFinalizer = http.send("PATCH", "/api/v1/namespaces/default/services/web",
        "application/merge-patch+json", "{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}");
    assertThat(addFinalizer.code()).isEqualTo(422);

    RawClient.Response cleared = http.send("PATCH", "/api/v1/namespaces/default/services/web",
        "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
    assertThat(cleared.code()).isEqualTo(200);
    assertThat(http.get("/api/v1/namespaces/default/services/web").code()).isEqualTo(404);

    http.post("/api/v1/nodes", node("n1", ""));
    RawClient.Response gone = http.delete("/api/v1/nodes/n1", null);
    assertThat(gone.code()).isEqualTo(200);
    assertThat(gone.json().getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("n1");
    assertThat(http.get("/api/v1/nodes/n1").code()).isEqualTo(404);
  }

  @Test
  void listKindPaginationAndExpiredContinue() {
    for (int i = 0; i < 5; i++) {
      http.post("/api/v1/namespaces/default/services", svc("s" + i));
    }
    http.post("/api/v1/namespaces/kube-system/services", svc("other"));
    JsonObject all = http.get("/api/v1/services").json();
    assertThat(all.get("kind").getAsString()).isEqualTo("ServiceList");
    assertThat(all.getAsJsonArray("items")).hasSize(6);
    assertThat(all.getAsJsonArray("items").get(0).getAsJsonObject().get("kind").getAsString()).isEqualTo("Service");
    assertThat(all.getAsJsonObject("metadata").get("resourceVersion").getAsString())
        .isEqualTo(Long.toString(server.resourceVersion()));

    List<String> names = new ArrayList<>();
    JsonObject page = http.get("/api/v1/namespaces/default/services?limit=2").json();
    String firstToken = page.getAsJsonObject("metadata").get("continue").getAsString();
    assertThat(page.getAsJsonObject("metadata").get("remainingItemCount").getAsInt()).isEqualTo(3);
    while (true) {
      page.getAsJsonArray("items").forEach(i -> names.add(i.getAsJsonObject().getAsJsonObject("metadata")
          .get("name").getAsString()));
      if (!page.getAsJsonObject("metadata").has("continue")) {
        break;
      }
      page = http.get("/api/v1/namespaces/default/services?limit=2&continue="
          + page.getAsJsonObject("metadata").get("continue").getAsString()).json();
    }
    assertThat(names).containsExactly("s0", "s1", "s2", "s3", "s4");

    server.faults().compactHistory();
    RawClient.Response expired = http.get("/api/v1/namespaces/default/services?limit=2&continue=" + firstToken);
    assertThat(expired.code()).isEqualTo(410);
    assertThat(expired.json().get("reason").getAsString()).isEqualTo("Expired");
  }

  @Test
  void labelAndFieldSelectors() {
    http.post("/api/v1/nodes", node("a", "\"zone\":\"z1\",\"gpu\":\"yes\""));
    http.post("/api/v1/nodes", node("b", "\"zone\":\"z2\""));
    http.post("/api/v1/nodes", node("c", "\"zone\":\"z3\""));
    assertThat(names("/api/v1/nodes?labelSelector=zone%3Dz1")).containsExactly("a");
    assertThat(names("/api/v1/nodes?labelSelector=zone%3D%3Dz2")).containsExactly("b");
    assertThat(names("/api/v1/nodes?labelSelector=zone!%3Dz1")).containsExactly("b", "c");
    assertThat(names("/api/v1/nodes?labelSelector=zone+in+(z1,z3)")).containsExactly("a", "c");
    assertThat(names("/api/v1/nodes?labelSelector=zone+notin+(z1,z3)")).containsExactly("b");
    assertThat(names("/api/v1/nodes?labelSelector=gpu")).containsExactly("a");
    assertThat(names("/api/v1/nodes?labelSelector=!gpu")).containsExactly("b", "c");
    assertThat(names("/api/v1/nodes?labelSelector=zone,!gpu")).containsExactly("b", "c");
    assertThat(names("/api/v1/nodes?fieldSelector=metadata.name%3Db")).containsExactly("b");
    assertThat(names("/api/v1/nodes?fieldSelector=metadata.name!%3Db")).containsExactly("a", "c");

    http.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"p1\"},\"spec\":{\"nodeName\":\"a\"}}");
    http.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"p2\"},\"spec\":{\"nodeName\":\"b\"}}");
    assertThat(names("/api/v1/pods?fieldSelector=spec.nodeName%3D%3Da")).containsExactly("p1");
    assertThat(names("/api/v1/pods?fieldSelector=metadata.namespace%3Ddefault,spec.nodeName!%3Da"))
        .containsExactly("p2");
    http.post("/api/v1/namespaces/default/events", "{\"metadata\":{\"name\":\"e1\"},\"type\":\"Warning\"}");
    http.post("/api/v1/namespaces/default/events", "{\"metadata\":{\"name\":\"e2\"},\"type\":\"Normal\"}");
    assertThat(names("/api/v1/events?fieldSelector=type%3DWarning")).containsExactly("e1");
    assertThat(http.get("/api/v1/nodes?fieldSelector=spec.nodeName%3Da").code()).isEqualTo(400);
    assertThat(http.get("/api/v1/nodes?labelSelector=in+in+in").code()).isEqualTo(400);
  }

  private List<String> names(String path) {
    RawClient.Response r = http.get(path);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    r.json().getAsJsonArray("items").forEach(i -> names.add(i.getAsJsonObject().getAsJsonObject("metadata")
        .get("name").getAsString()));
    return names;
  }

  @Test
  void watchReplaysFollowsFiltersAndBookmarks() throws Exception {
    http.post("/api/v1/nodes", node("a", "\"zone\":\"z1\""));
    String rv = http.get("/api/v1/nodes").json().getAsJsonObject("metadata").get("resourceVersion").getAsString();
    http.post("/api/v1/nodes", node("b", "\"zone\":\"z1\""));
    try (RawClient.Watch all = http.watch("/api/v1/nodes?watch=1&resourceVersion=" + rv);
         RawClient.Watch fromZero = http.watch("/api/v1/nodes?watch=true&resourceVersion=0");
         RawClient.Watch filtered = http.watch("/api/v1/nodes?watch=true&labelSelector=zone%3Dz1"
             + "&allowWatchBookmarks=true")) {
      JsonObject replayed = all.next();
      assertThat(replayed.get("type").getAsString()).isEqualTo("ADDED");
      assertThat(replayed.getAsJsonObject("object").getAsJsonObject("metadata").get("name").getAsString())
          .isEqualTo("b");
      assertThat(fromZero.next().get("type").getAsString()).isEqualTo("ADDED");
      assertThat(fromZero.next().get("type").getAsString()).isEqualTo("ADDED");
      assertThat(filtered.nextNonBookmark().get("type").getAsString()).isEqualTo("ADDED");
      assertThat(filtered.nextNonBookmark().get("type").getAsString()).isEqualTo("ADDED");

      JsonObject bookmark = filtered.next();
      assertThat(bookmark.get("type").getAsString()).isEqualTo("BOOKMARK");
      assertThat(bookmark.getAsJsonObject("object").get("kind").getAsString()).isEqualTo("Node");
      assertThat(bookmark.getAsJsonObject("object").getAsJsonObject("metadata").get("resourceVersion").getAsString())
          .isEqualTo(Long.toString(server.resourceVersion()));

      http.send("PATCH", "/api/v1/nodes/a", "application/merge-patch+json",
          "{\"metadata\":{\"labels\":{\"zone\":\"z2\"}}}");
      assertThat(all.next().get("type").getAsString()).isEqualTo("MODIFIED");
      assertThat(filtered.nextNonBookmark().get("type").getAsString()).isEqualTo("DELETED");
      http.send("PATCH", "/api/v1/nodes/a", "application/merge-patch+json",
          "{\"metadata\":{\"labels\":{\"zone\":\"z1\"}}}");
      assertThat(filtered.nextNonBookmark().get("type").getAsString()).isEqualTo("ADDED");
      http.delete("/api/v1/nodes/b", null);
      assertThat(all.next().get("type").getAsString()).isEqualTo("MODIFIED");
      JsonObject deleted = all.next();
      assertThat(deleted.get("type").getAsString()).isEqualTo("DELETED");
      assertThat(deleted.getAsJsonObject("object").getAsJsonObject("metadata").get("name").getAsString())
          .isEqualTo("b");
    }
  }

  @Test
  void watchFromCompactedVersionGetsExpiredStatusAndTimeoutClosesStream() throws Exception {
    http.post("/api/v1/nodes", node("a", ""));
    long old = server.resourceVersion();
    server.faults().compactHistory();
    try (RawClient.Watch w = http.watch("/api/v1/nodes?watch=true&resourceVersion=" + (old - 1))) {
      assertThat(w.code).isEqualTo(200);
      JsonObject error = w.next();
      assertThat(error.get("type").getAsString()).isEqualTo("ERROR");
      JsonObject status = error.getAsJsonObject("object");
      assertThat(status.get("kind").getAsString()).isEqualTo("Status");
      assertThat(status.get("apiVersion").getAsString()).isEqualTo("v1");
      assertThat(status.get("code").getAsInt()).isEqualTo(410);
      assertThat(status.get("reason").getAsString()).isEqualTo("Expired");
      assertThat(w.next()).isSameAs(RawClient.Watch.END);
    }
    try (RawClient.Watch w = http.watch("/api/v1/nodes?watch=true&timeoutSeconds=1&resourceVersion="
        + server.resourceVersion())) {
      assertThat(w.next()).isSameAs(RawClient.Watch.END);
    }
  }

  @Test
  void historyOverflowExpiresOldResumes() throws Exception {
    long start = server.resourceVersion();
    for (int i = 0; i < 60; i++) {
      http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"c" + i + "\"}}");
    }
    try (RawClient.Watch w = http.watch("/api/v1/configmaps?watch=true&resourceVersion=" + start)) {
      assertThat(w.next().get("type").getAsString()).isEqualTo("ERROR");
    }
    try (RawClient.Watch w = http.watch("/api/v1/configmaps?watch=true&resourceVersion=" + (start + 20))) {
      assertThat(w.next().getAsJsonObject("object").getAsJsonObject("metadata").get("name").getAsString())
          .isEqualTo("c20");
    }
  }

  @Test
  void slowWatcherIsClosedWithExpiredWhileWritersGoOn() throws Exception {
    server.close();
    server = KubeApiServer.builder().watchQueueCapacity(3).build().start();
    http = new RawClient(server);
    String padding = "x".repeat(20_000);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    try (RawClient.Watch w = http.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion="
        + server.resourceVersion(), go)) {
      // 2,000 events of 20 kB are far more than socket buffers hold, so the stream stalls and the queue overflows;
      // every create still succeeds because writers never wait for watchers
      for (int i = 0; i < 2000; i++) {
        assertThat(http.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"c" + i
            + "\"},\"data\":{\"pad\":\"" + padding + "\"}}").code()).isEqualTo(201);
      }
      go.countDown();
      JsonObject last = null;
      JsonObject e;
      int events = 0;
      while ((e = w.next()) != RawClient.Watch.END) {
        last = e;
        events++;
      }
      assertThat(events).isLessThan(2000);
      assertThat(last.get("type").getAsString()).isEqualTo("ERROR");
      assertThat(last.getAsJsonObject("object").get("code").getAsInt()).isEqualTo(410);
    }
  }

  @Test
  void injectedFailuresLatencyAndHang() throws Exception {
    server.faults().failNext(RequestMatcher.of("update", "leases").named("lock"), 2, 500, "InternalError",
        Duration.ofSeconds(3));
    server.faults().failNext(RequestMatcher.of("list", "nodes"), 1, 429, "TooManyRequests");
    http.post("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases", "{\"metadata\":{\"name\":\"lock\"}}");
    RawClient.Response first = http.put("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/lock",
        "{\"metadata\":{\"name\":\"lock\"}}");
    assertThat(first.code()).isEqualTo(500);
    assertThat(first.raw().headers().firstValue("Retry-After")).contains("3");
    assertThat(first.json().get("kind").getAsString()).isEqualTo("Status");
    assertThat(http.put("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/lock",
        "{\"metadata\":{\"name\":\"lock\"}}").code()).isEqualTo(500);
    assertThat(http.put("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/lock",
        "{\"metadata\":{\"name\":\"lock\"}}").code()).isEqualTo(200);
    assertThat(http.get("/api/v1/nodes").code()).isEqualTo(429);
    assertThat(http.get("/api/v1/nodes").code()).isEqualTo(200);

    server.faults().addLatency(RequestMatcher.of("get", "configmaps"), Duration.ofMillis(300));
    long t0 = System.nanoTime();
    http.get("/api/v1/namespaces/default/configmaps/x");
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));

    FaultInjector.Hang hang = server.faults().hang(RequestMatcher.of("get", "nodes"));
    CompletableFuture<RawClient.Response> held = CompletableFuture.supplyAsync(() -> http.get("/api/v1/nodes/x"));
    assertThat(hang.awaitWaiting(1, Duration.ofSeconds(20))).isTrue();
    assertThat(held).isNotDone();
    hang.release();
    assertThat(held.get(20, TimeUnit.SECONDS).code()).isEqualTo(404);
  }

  @Test
  void dropWatchesEndsStreams() throws Exception {
    try (RawClient.Watch w = http.watch("/api/v1/nodes?watch=true&resourceVersion=" + server.resourceVersion())) {
      http.post("/api/v1/nodes", node("a", ""));
      assertThat(w.next().get("type").getAsString()).isEqualTo("ADDED");
      server.faults().dropWatches();
      assertThat(w.next()).isSameAs(RawClient.Watch.END);
    }
  }

  @Test
  void journalRecordsRequests() {
    server.journal().clear();
    http.post("/api/v1/nodes", node("a", ""));
    http.send("PATCH", "/api/v1/nodes/a/status", "application/merge-patch+json", "{\"status\":{}}");
    http.get("/api/v1/nodes?labelSelector=x");
    List<RecordedRequest> all = server.journal().all();
    assertThat(all).extracting(RecordedRequest::verb).containsExactly("create", "patch", "list");
    RecordedRequest patch = server.journal().of("patch", "nodes/status").get(0);
    assertThat(patch.contentType()).isEqualTo("application/merge-patch+json");
    assertThat(patch.body()).isEqualTo("{\"status\":{}}");
    assertThat(patch.name()).isEqualTo("a");
    assertThat(patch.responseCode()).isEqualTo(200);
    assertThat(patch.userAgent()).contains("Java-http-client");
    assertThat(server.journal().last().orElseThrow().query()).isEqualTo("labelSelector=x");
    server.journal().clear();
    assertThat(server.journal().size()).isZero();
  }

  @Test
  void bearerTokenIsEnforced() {
    server.close();
    server = KubeApiServer.builder().bearerToken("s3cret").build().start();
    RawClient anonymous = new RawClient(server.url(), null);
    RawClient wrong = new RawClient(server.url(), "nope");
    assertThat(anonymous.get("/healthz").code()).isEqualTo(200);
    RawClient.Response denied = anonymous.get("/api/v1/nodes");
    assertThat(denied.code()).isEqualTo(401);
    assertThat(denied.json().get("reason").getAsString()).isEqualTo("Unauthorized");
    assertThat(wrong.get("/api").code()).isEqualTo(401);
    assertThat(new RawClient(server).get("/api/v1/nodes").code()).isEqualTo(200);
  }

  @Test
  void reviewResourcesAreCreateOnly() {
    assertThat(http.get("/apis/authorization.k8s.io/v1/subjectaccessreviews").code()).isEqualTo(405);
    assertThat(http.get("/apis/authentication.k8s.io/v1/tokenreviews").code()).isEqualTo(405);
  }

  @Test
  void tableOutputForKubectl() {
    http.post("/api/v1/nodes", node("a", "\"node-role.kubernetes.io/control-plane\":\"\""));
    RawClient.Response r = http.send("GET", "/api/v1/nodes", null, null);
    assertThat(r.json().get("kind").getAsString()).isEqualTo("NodeList");
    java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url()
        + "/api/v1/nodes")).header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").build();
    JsonObject table = com.google.gson.JsonParser.parseString(sendRaw(req)).getAsJsonObject();
    assertThat(table.get("kind").getAsString()).isEqualTo("Table");
    assertThat(table.get("apiVersion").getAsString()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.getAsJsonArray("columnDefinitions").toString()).contains("\"Name\"", "\"Status\"", "\"Age\"");
    JsonObject row = table.getAsJsonArray("rows").get(0).getAsJsonObject();
    assertThat(row.getAsJsonArray("cells").get(0).getAsString()).isEqualTo("a");
    assertThat(row.getAsJsonArray("cells").get(1).getAsString()).isEqualTo("Ready");
    assertThat(row.getAsJsonArray("cells").get(2).getAsString()).isEqualTo("control-plane");
    assertThat(row.getAsJsonObject("object").get("kind").getAsString()).isEqualTo("PartialObjectMetadata");
  }

  private static String sendRaw(java.net.http.HttpRequest req) {
    try {
      return java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
