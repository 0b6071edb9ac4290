package dev.ccm4j.kubeapi.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.kubeapi.clients.ClientTools;
import io.kubernetes.client.ProtoClient;
import io.kubernetes.client.ProtoClient.ObjectOrStatus;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real protobuf clients against the emulator: kubectl's generator commands, typed exactly as a user types them
 * (kubectl sends their bodies as protobuf), and client-java's {@link ProtoClient} for get, list, create and errors,
 * plus a protobuf watch stream read frame by frame. The kubectl part is skipped, saying so, without kubectl on PATH.
 */
class ProtobufClientsIT {
  @TempDir
  static Path dir;

  private static KubeApiServer server;
  private static Path kubeconfig;
  private static String kubectl;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = KubeApiServer.builder().build().start();
    kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
    // without kubectl the generator tests are skipped, each with the reason in the test report
    kubectl = ClientTools.onPath("kubectl").map(Path::toString).orElse(null);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ------------------------------------------------------------------------------------- kubectl generators

  @Test
  void kubectlCreateNamespaceAndServerSideDryRun() throws Exception {
    requireKubectl();
    assertThat(kubectl("create", "namespace", "proto-demo")).contains("namespace/proto-demo created");
    assertThat(getJson("/api/v1/namespaces/proto-demo").getAsJsonObject("metadata").get("name").getAsString())
        .isEqualTo("proto-demo");

    assertThat(kubectl("create", "namespace", "proto-dry", "--dry-run=server"))
        .contains("namespace/proto-dry created (server dry run)");
    assertThat(get("/api/v1/namespaces/proto-dry").statusCode()).isEqualTo(404);
  }

  @Test
  void kubectlCreateServiceLoadBalancer() throws Exception {
    requireKubectl();
    assertThat(kubectl("create", "service", "loadbalancer", "proto-lb", "--tcp=80:8080"))
        .contains("service/proto-lb created");
    JsonObject svc = getJson("/api/v1/namespaces/default/services/proto-lb");
    JsonObject spec = svc.getAsJsonObject("spec");
    assertThat(spec.get("type").getAsString()).isEqualTo("LoadBalancer");
    JsonObject port = spec.getAsJsonArray("ports").get(0).getAsJsonObject();
    assertThat(port.get("port").getAsInt()).isEqualTo(80);
    assertThat(port.get("targetPort").getAsInt()).isEqualTo(8080);
    assertThat(port.get("name").getAsString()).isEqualTo("80-8080");
    // the zero nodePort kubectl's Go struct carries on the wire is "unset": the server allocates one
    assertThat(port.get("nodePort").getAsInt()).isPositive();
    assertThat(spec.getAsJsonObject("selector").get("app").getAsString()).isEqualTo("proto-lb");
  }

  @Test
  void kubectlCreateConfigMapAndSecret() throws Exception {
    requireKubectl();
    assertThat(kubectl("create", "configmap", "proto-cm", "--from-literal=mode=fast", "--from-literal=empty="))
        .contains("configmap/proto-cm created");
    JsonObject cm = getJson("/api/v1/namespaces/default/configmaps/proto-cm");
    assertThat(cm.getAsJsonObject("data").get("mode").getAsString()).isEqualTo("fast");
    assertThat(cm.getAsJsonObject("data").get("empty").getAsString()).isEmpty();

    assertThat(kubectl("create", "secret", "generic", "proto-secret", "--from-literal=user=admin",
        "--from-literal=password=s3cr3t!")).contains("secret/proto-secret created");
    JsonObject secret = getJson("/api/v1/namespaces/default/secrets/proto-secret");
    assertThat(new String(Base64.getDecoder().decode(secret.getAsJsonObject("data").get("password").getAsString()),
        StandardCharsets.UTF_8)).isEqualTo("s3cr3t!");
    // kubectl's empty type (Go's zero on the wire) is defaulted as the real server does
    assertThat(secret.get("type").getAsString()).isEqualTo("Opaque");
  }

  @Test
  void kubectlCreateDeploymentAndExposeIt() throws Exception {
    requireKubectl();
    assertThat(kubectl("create", "deployment", "proto-web", "--image=nginx:1.27", "--replicas=2", "--port=8080"))
        .contains("deployment.apps/proto-web created");
    JsonObject deployment = getJson("/apis/apps/v1/namespaces/default/deployments/proto-web");
    assertThat(deployment.getAsJsonObject("spec").get("replicas").getAsInt()).isEqualTo(2);
    assertThat(deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
        .getAsJsonArray("containers").get(0).getAsJsonObject().get("image").getAsString()).isEqualTo("nginx:1.27");

    assertThat(kubectl("create", "deployment", "proto-idle", "--image=busybox", "--replicas=0"))
        .contains("deployment.apps/proto-idle created");
    // *int32 replicas: an explicit 0 stays 0 (absent would default to 1)
    assertThat(getJson("/apis/apps/v1/namespaces/default/deployments/proto-idle").getAsJsonObject("spec")
        .get("replicas").getAsInt()).isZero();

    assertThat(kubectl("expose", "deployment", "proto-web", "--type=LoadBalancer", "--port=80"))
        .contains("service/proto-web exposed");
    JsonObject port = getJson("/api/v1/namespaces/default/services/proto-web").getAsJsonObject("spec")
        .getAsJsonArray("ports").get(0).getAsJsonObject();
    assertThat(port.get("port").getAsInt()).isEqualTo(80);
    // kubectl expose without --target-port sends targetPort = --port
    assertThat(port.get("targetPort").getAsInt()).isEqualTo(80);
    // the generator's writes reached the emulator as protobuf (expose, which builds an unstructured object, sends JSON)
    assertThat(server.journal().matching(r -> r.method().equals("POST") && r.userAgent().startsWith("kubectl")
        && r.path().equals("/apis/apps/v1/namespaces/default/deployments")))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.contentType()).as(r.path()).isEqualTo(ProtobufCodec.MEDIA_TYPE));
  }

  // ------------------------------------------------------------------------------------- client-java ProtoClient

  @Test
  void protoClientCreatesGetsListsAndReadsErrors() throws Exception {
    ApiClient api = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
    ProtoClient proto = new ProtoClient(api);
    V1.Service service = V1.Service.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("proto-client").setNamespace("default")
            .putLabels("app", "proto-client"))
        .setSpec(V1.ServiceSpec.newBuilder().setType("ClusterIP").putSelector("app", "proto-client")
            .addPorts(V1.ServicePort.newBuilder().setName("http").setProtocol("TCP").setPort(80)
                .setTargetPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("http"))))
        .build();

    ObjectOrStatus<V1.Service> created = proto.create(service, "/api/v1/namespaces/default/services", "v1",
        "Service");
    assertThat(created.status).as("%s", created).isNull();
    assertThat(created.object.getMetadata().getUid()).isNotEmpty();
    assertThat(created.object.getMetadata().getCreationTimestamp().getSeconds()).isPositive();
    assertThat(created.object.getSpec().getClusterIP()).isNotEmpty();
    assertThat(created.object.getSpec().getPorts(0).getTargetPort().getStrVal()).isEqualTo("http");

    ObjectOrStatus<V1.Service> got = proto.get(V1.Service.newBuilder(),
        "/api/v1/namespaces/default/services/proto-client");
    assertThat(got.object.getMetadata().getResourceVersion())
        .isEqualTo(created.object.getMetadata().getResourceVersion());
    assertThat(got.object.getMetadata().getLabelsMap()).containsEntry("app", "proto-client");

    ObjectOrStatus<V1.ServiceList> list = proto.list(V1.ServiceList.newBuilder(),
        "/api/v1/namespaces/default/services");
    assertThat(list.object.getItemsList()).extracting(s -> s.getMetadata().getName()).contains("proto-client");
    assertThat(list.object.getMetadata().getResourceVersion()).isNotEmpty();

    // errors come back as a protobuf Status, as from a real server
    ObjectOrStatus<V1.Service> again = proto.create(service, "/api/v1/namespaces/default/services", "v1",
        "Service");
    assertThat(again.status).isNotNull();
    assertThat(again.status.getCode()).isEqualTo(409);
    assertThat(again.status.getReason()).isEqualTo("AlreadyExists");
    ObjectOrStatus<V1.Service> missing = proto.get(V1.Service.newBuilder(),
        "/api/v1/namespaces/default/services/no-such");
    assertThat(missing.status.getCode()).isEqualTo(404);
    assertThat(missing.status.getMessage()).isEqualTo("services \"no-such\" not found");
  }

  @Test
  void protobufWatchStreamsLengthDelimitedEvents() throws Exception {
    HttpResponse<String> before = get("/api/v1/namespaces/default/configmaps");
    String rv = JsonParser.parseString(before.body()).getAsJsonObject().getAsJsonObject("metadata")
        .get("resourceVersion").getAsString();
    byte[] body = ProtobufCodec.encode(JsonParser.parseString("""
        {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"proto-watched"},"data":{"k":"v"}}""")
        .getAsJsonObject());
    HttpResponse<byte[]> created = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
            + "/api/v1/namespaces/default/configmaps"))
        .header("Content-Type", ProtobufCodec.MEDIA_TYPE).header("Accept", ProtobufCodec.MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type")).contains(ProtobufCodec.MEDIA_TYPE);
    assertThat(ProtobufCodec.decode(created.body()).getAsJsonObject("metadata").get("name").getAsString())
        .isEqualTo("proto-watched");

    // the request client-go's protobuf watch makes; timeoutSeconds ends the stream so the body can be read whole
    HttpResponse<byte[]> watch = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
            + "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion=" + rv))
        .header("Accept", "application/vnd.kubernetes.protobuf, */*").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(watch.statusCode()).isEqualTo(200);
    assertThat(watch.headers().firstValue("Content-Type")).contains(ProtobufCodec.WATCH_MEDIA_TYPE);
    List<JsonObject> events = ProtobufCodec.readWatchFrames(watch.body());
    assertThat(events).anySatisfy(e -> {
      assertThat(e.get("type").getAsString()).isEqualTo("ADDED");
      assertThat(e.getAsJsonObject("object").getAsJsonObject("metadata").get("name").getAsString())
          .isEqualTo("proto-watched");
      assertThat(e.getAsJsonObject("object").get("kind").getAsString()).isEqualTo("ConfigMap");
    });
  }

  @Test
  void anUndecodableProtobufBodyIsA400InTheRealWording() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url()
            + "/api/v1/namespaces/default/configmaps"))
        .header("Content-Type", ProtobufCodec.MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"ConfigMap\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject status = JsonParser.parseString(r.body()).getAsJsonObject();
    assertThat(status.get("reason").getAsString()).isEqualTo("BadRequest");
    assertThat(status.get("message").getAsString()).isEqualTo("the object provided is unrecognized (must be of type"
        + " ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]"
        + " ({\"kind\":\"ConfigMap\"})");
  }

  // ------------------------------------------------------------------------------------- helpers

  private static void requireKubectl() {
    org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "skipped: kubectl is not on PATH");
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), out).isZero();
    return out;
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

}
