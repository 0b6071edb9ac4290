package dev.ccm4j.kubeapi.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side apply over real sockets: client-java's {@code PatchUtils} with {@code PATCH_FORMAT_APPLY_YAML},
 * {@code fieldManager} and {@code force}, and the real kubectl's {@code apply --server-side} (skipped, saying so,
 * without kubectl on PATH). Expected outcomes are kube-apiserver's for the same requests.
 */
class ServerSideApplyIT {
  private static final String SERVICE = """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        namespace: default
        labels:
          app: web
      spec:
        type: %s
        selector:
          app: web
        ports:
        - port: 80
          targetPort: 8080
      """;

  private KubeApiServer server;
  private ApiClient client;
  private CoreV1Api api;

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
    client = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
    api = new CoreV1Api(client);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private V1Service applyService(String type, String manager, Boolean force) throws ApiException {
    return PatchUtils.patch(V1Service.class, () -> api.patchNamespacedService("web", "default",
            new V1Patch(SERVICE.formatted(type))).fieldManager(manager).force(force).buildCall(null),
        V1Patch.PATCH_FORMAT_APPLY_YAML, client);
  }

  /**
   * The stored object's managedFields as the server sends them. Read raw: client-java 25's V1ObjectMeta drops
   * {@code managedFields} when it decodes (even a minimal entry decodes to an empty list), so typed reads cannot show
   * them.
   */
  private JsonArray managedFields(okhttp3.Call call) throws IOException {
    try (okhttp3.Response r = call.execute()) {
      JsonObject o = JsonParser.parseString(r.body().string()).getAsJsonObject();
      return o.getAsJsonObject("metadata").getAsJsonArray("managedFields");
    }
  }

  private JsonArray serviceManagedFields() throws Exception {
    return managedFields(api.readNamespacedService("web", "default").buildCall(null));
  }

  private static JsonObject entry(JsonArray managed, String manager) {
    for (JsonElement e : managed) {
      if (e.getAsJsonObject().get("manager").getAsString().equals(manager)) {
        return e.getAsJsonObject();
      }
    }
    throw new AssertionError("no entry for " + manager + ": " + managed);
  }

  @Test
  void patchUtilsApplyCreatesReappliesConflictsAndForces() throws Exception {
    V1Service created = applyService("ClusterIP", "ccm", null);
    assertThat(created.getSpec().getType()).isEqualTo("ClusterIP");
    // upstream: apply to an absent object creates it; the only entry is the applier's, operation Apply, owning
    // exactly the applied fields (defaults such as sessionAffinity and the allocated clusterIP are nobody's)
    JsonArray managed = serviceManagedFields();
    assertThat(managed).hasSize(1);
    JsonObject own = managed.get(0).getAsJsonObject();
    assertThat(own.get("manager").getAsString()).isEqualTo("ccm");
    assertThat(own.get("operation").getAsString()).isEqualTo("Apply");
    assertThat(own.get("fieldsType").getAsString()).isEqualTo("FieldsV1");
    assertThat(own.get("apiVersion").getAsString()).isEqualTo("v1");
    assertThat(own.getAsJsonObject("fieldsV1")).isEqualTo(JsonParser.parseString("{\"f:metadata\":{\"f:labels\":"
        + "{\"f:app\":{}}},\"f:spec\":{\"f:ports\":{\"k:{\\\"port\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":"
        + "{\".\":{},\"f:port\":{},\"f:targetPort\":{}}},\"f:selector\":{},\"f:type\":{}}}"));

    V1Service again = applyService("ClusterIP", "ccm", null);
    // upstream: a no-op apply changes nothing, not even the entry's time
    assertThat(again.getSpec()).isEqualTo(created.getSpec());
    assertThat(serviceManagedFields()).isEqualTo(managed);

    assertThatThrownBy(() -> applyService("LoadBalancer", "other", false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          JsonObject status = JsonParser.parseString(e.getResponseBody()).getAsJsonObject();
          assertThat(status.get("reason").getAsString()).isEqualTo("Conflict");
          assertThat(status.get("message").getAsString())
              .isEqualTo("Apply failed with 1 conflict: conflict with \"ccm\": .spec.type");
          JsonObject cause = status.getAsJsonObject("details").getAsJsonArray("causes").get(0).getAsJsonObject();
          assertThat(cause.get("reason").getAsString()).isEqualTo("FieldManagerConflict");
          assertThat(cause.get("field").getAsString()).isEqualTo(".spec.type");
        });
    assertThat(api.readNamespacedService("web", "default").execute().getSpec().getType()).isEqualTo("ClusterIP");

    V1Service forced = applyService("LoadBalancer", "other", true);
    assertThat(forced.getSpec().getType()).isEqualTo("LoadBalancer");
    JsonArray after = serviceManagedFields();
    assertThat(entry(after, "other").getAsJsonObject("fieldsV1").getAsJsonObject("f:spec").has("f:type")).isTrue();
    assertThat(entry(after, "ccm").getAsJsonObject("fieldsV1").getAsJsonObject("f:spec").has("f:type")).isFalse();
  }

  @Test
  void applyWithoutFieldManagerIsRefusedAsPatchOptionsValidationDoes() {
    assertThatThrownBy(() -> PatchUtils.patch(V1Service.class, () -> api.patchNamespacedService("web", "default",
            new V1Patch(SERVICE.formatted("ClusterIP"))).buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getResponseBody()).contains(
              "PatchOptions.meta.k8s.io \\\"\\\" is invalid: fieldManager: Required value: is required for apply patch");
        });
  }

  @Test
  void ordinaryWritesRecordUpdateEntriesThatApplyThenConflictsWith() throws Exception {
    api.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name("cfg"))
        .putDataItem("mode", "fast")).fieldManager("operator").execute();
    JsonArray managed = managedFields(api.readNamespacedConfigMap("cfg", "default").buildCall(null));
    assertThat(managed).hasSize(1);
    // upstream: a create records an Update entry of its manager, with the time and a "." for the new data map
    assertThat(entry(managed, "operator").get("operation").getAsString()).isEqualTo("Update");
    assertThat(entry(managed, "operator").has("time")).isTrue();
    assertThat(entry(managed, "operator").getAsJsonObject("fieldsV1"))
        .isEqualTo(JsonParser.parseString("{\"f:data\":{\".\":{},\"f:mode\":{}}}"));
    String body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  mode: slow\n";
    assertThatThrownBy(() -> PatchUtils.patch(V1ConfigMap.class, () -> api.patchNamespacedConfigMap("cfg",
            "default", new V1Patch(body)).fieldManager("gitops").buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML,
        client)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(
            JsonParser.parseString(e.getResponseBody()).getAsJsonObject().get("message").getAsString())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"operator\" using v1: .data.mode"));
  }

  // ---- kubectl

  private static String kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "kubectl");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  private record Result(int code, String out, String err) {
    String describe() {
      return "exit " + code + "\n" + out + err;
    }
  }

  private static Result run(Path kubeconfig, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void kubectlApplyServerSideAsAUserTypesIt(@TempDir Path dir) throws Exception {
    assumeTrue(kubectl() != null, "kubectl is not on PATH: skipping kubectl apply --server-side");
    server.close();
    // kubectl sends its bearer token only over TLS
    server = KubeApiServer.builder().https(true).bearerToken("ssa-token").build().start();
    Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
    Path file = dir.resolve("svc.yaml");
    Files.writeString(file, SERVICE.formatted("ClusterIP"));

    Result create = run(kubeconfig, "apply", "--server-side", "-f", file.toString());
    assertThat(create.code()).as(create.describe()).isZero();
    assertThat(create.out()).contains("service/web serverside-applied");

    Result again = run(kubeconfig, "apply", "--server-side", "-f", file.toString());
    assertThat(again.code()).as(again.describe()).isZero();
    assertThat(again.out()).contains("service/web serverside-applied");

    Files.writeString(file, SERVICE.formatted("LoadBalancer"));
    Result conflict = run(kubeconfig, "apply", "--server-side", "--field-manager=other", "-f", file.toString());
    assertThat(conflict.code()).as(conflict.describe()).isNotZero();
    assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.type");

    Result forced = run(kubeconfig, "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f",
        file.toString());
    assertThat(forced.code()).as(forced.describe()).isZero();

    Result yaml = run(kubeconfig, "get", "service", "web", "-o", "json", "--show-managed-fields");
    assertThat(yaml.code()).as(yaml.describe()).isZero();
    JsonObject svc = JsonParser.parseString(yaml.out()).getAsJsonObject();
    assertThat(svc.getAsJsonObject("spec").get("type").getAsString()).isEqualTo("LoadBalancer");
    JsonArray managed = svc.getAsJsonObject("metadata").getAsJsonArray("managedFields");
    List<String> managers = new ArrayList<>();
    for (JsonElement e : managed) {
      managers.add(e.getAsJsonObject().get("manager").getAsString() + "/"
          + e.getAsJsonObject().get("operation").getAsString());
    }
    assertThat(managers).containsExactlyInAnyOrder("kubectl/Apply", "other/Apply");
  }
}
