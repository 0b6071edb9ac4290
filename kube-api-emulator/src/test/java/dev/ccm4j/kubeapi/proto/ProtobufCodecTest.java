package dev.ccm4j.kubeapi.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import dev.ccm4j.kubeapi.ApiError;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProtobufCodecTest {

  // ---------------------------------------------------------------- kubectl's own bodies

  /**
   * The bytes kubectl v1.32 sends for its generator commands (captured from a test server) decode to exactly the
   * JSON kubectl prints for the same command with {@code --dry-run=client -o json}, which is Go's JSON form of the
   * same object; only Go's {@code creationTimestamp: null} (zero time) is left out.
   */
  @ParameterizedTest
  @ValueSource(strings = {"create-namespace", "create-namespace-dry-run-server", "create-service-loadbalancer",
      "create-service-clusterip", "create-configmap", "create-configmap-binary", "create-secret-generic",
      "create-secret-docker-registry", "create-deployment", "create-deployment-zero", "create-serviceaccount"})
  void kubectlGeneratorBodiesDecodeToKubectlsJson(String name) throws IOException {
    byte[] body = resource("kubectl/" + name + ".bin");
    JsonObject expected = JsonParser.parseString(new String(resource("kubectl/" + name + ".json"),
        StandardCharsets.UTF_8)).getAsJsonObject();
    dropNullTimestamps(expected);

    JsonObject decoded = ProtobufCodec.decode(body);

    assertThat(decoded).isEqualTo(expected);
    // and back: what we would answer decodes the same
    assertThat(ProtobufCodec.decode(ProtobufCodec.encode(decoded))).isEqualTo(decoded);
  }

  @Test
  void kubectlsSelectorDefaultingAndPointerZeroSurvive() throws IOException {
    JsonObject zero = ProtobufCodec.decode(resource("kubectl/create-deployment-zero.bin"));
    // replicas is *int32 in Go: an explicit 0 must not become "absent" (which the server defaults to 1)
    assertThat(zero.getAsJsonObject("spec").get("replicas").getAsInt()).isZero();
    JsonObject lb = ProtobufCodec.decode(resource("kubectl/create-service-loadbalancer.bin"));
    JsonObject port = lb.getAsJsonObject("spec").getAsJsonArray("ports").get(0).getAsJsonObject();
    // Go's non-pointer zero nodePort (written on the wire) is not a user's nodePort: 0
    assertThat(port.has("nodePort")).isFalse();
    assertThat(port.get("targetPort").getAsJsonPrimitive().isNumber()).isTrue();
  }

  @Test
  void kubectlBodyIsTheRealEnvelope() throws IOException {
    byte[] body = resource("kubectl/create-namespace.bin");
    assertThat(Arrays.copyOf(body, 4)).containsExactly(0x6b, 0x38, 0x73, 0x00);
    Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, 4, body.length));
    assertThat(unknown.getTypeMeta().getKind()).isEqualTo("Namespace");
    // our encoding of the decoded object has the same envelope layout (empty contentEncoding and contentType)
    Runtime.Unknown ours = Runtime.Unknown.parseFrom(
        Arrays.copyOfRange(ProtobufCodec.encode(ProtobufCodec.decode(body)), 4,
            ProtobufCodec.encode(ProtobufCodec.decode(body)).length));
    assertThat(ours.getTypeMeta()).isEqualTo(unknown.getTypeMeta());
    assertThat(ours.hasContentEncoding()).isTrue();
    assertThat(ours.hasContentType()).isTrue();
    assertThat(V1.Namespace.parseFrom(ours.getRaw()).getMetadata().getName()).isEqualTo("demo");
  }

  // ---------------------------------------------------------------- round trips of realistic objects

  /** Each kind the emulator serves, in the form a real server returns it, survives JSON → protobuf → JSON. */
  @ParameterizedTest
  @ValueSource(strings = {"namespace", "node", "service", "endpoints", "pod", "event", "configmap", "secret",
      "serviceaccount", "persistentvolume", "lease", "events-v1-event", "endpointslice", "tokenreview",
      "subjectaccessreview", "selfsubjectaccessreview", "selfsubjectrulesreview", "selfsubjectreview",
      "deployment", "replicaset", "servicelist", "status", "deleteoptions"})
  void roundTrip(String name) throws IOException {
    JsonObject object = JsonParser.parseString(new String(resource("objects/" + name + ".json"),
        StandardCharsets.UTF_8)).getAsJsonObject();
    String apiVersion = object.get("apiVersion").getAsString();
    String kind = object.get("kind").getAsString();
    assertThat(ProtobufCodec.supports(apiVersion, kind)).as(apiVersion + " " + kind).isTrue();

    byte[] wire = ProtobufCodec.encode(object);

    assertThat(ProtobufCodec.decode(wire)).isEqualTo(object);
  }

  @Test
  void everyServedKindAndItsListHasAMessage() {
    List<String[]> kinds = List.of(new String[] {"v1", "Namespace"}, new String[] {"v1", "Node"},
        new String[] {"v1", "Service"}, new String[] {"v1", "Endpoints"}, new String[] {"v1", "Pod"},
        new String[] {"v1", "Event"}, new String[] {"v1", "ConfigMap"}, new String[] {"v1", "Secret"},
        new String[] {"v1", "ServiceAccount"}, new String[] {"v1", "PersistentVolume"},
        new String[] {"coordination.k8s.io/v1", "Lease"}, new String[] {"events.k8s.io/v1", "Event"},
        new String[] {"discovery.k8s.io/v1", "EndpointSlice"}, new String[] {"apps/v1", "Deployment"},
        new String[] {"apps/v1", "ReplicaSet"});
    for (String[] k : kinds) {
      assertThat(ProtobufCodec.supports(k[0], k[1])).as(k[0] + " " + k[1]).isTrue();
      assertThat(ProtobufCodec.supports(k[0], k[1] + "List")).as(k[0] + " " + k[1] + "List").isTrue();
    }
    for (String kind : List.of("TokenReview", "SubjectAccessReview", "SelfSubjectAccessReview",
        "SelfSubjectRulesReview")) {
      String group = kind.equals("TokenReview") ? "authentication" : "authorization";
      assertThat(ProtobufCodec.supports(group + ".k8s.io/v1", kind)).as(kind).isTrue();
    }
    assertThat(ProtobufCodec.supports("authentication.k8s.io/v1", "SelfSubjectReview")).isTrue();
    // meta.k8s.io/v1 kinds ride on every group version, as the real scheme registers them
    assertThat(ProtobufCodec.supports("v1", "Status")).isTrue();
    assertThat(ProtobufCodec.supports("apps/v1", "DeleteOptions")).isTrue();
    assertThat(ProtobufCodec.supports("v1", "Table")).isFalse();
    assertThat(ProtobufCodec.supports("example.com/v1", "Widget")).isFalse();
  }

  // ---------------------------------------------------------------- wire compatibility with generated code

  @Test
  void encodedServiceReadsWithTheGeneratedMessages() throws IOException {
    JsonObject svc = JsonParser.parseString("""
        {"kind":"Service","apiVersion":"v1",
         "metadata":{"name":"web","namespace":"default","uid":"1f0d","resourceVersion":"42",
           "creationTimestamp":"2024-05-01T10:20:30Z","labels":{"app":"web"}},
         "spec":{"type":"LoadBalancer","ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http",
           "nodePort":31000}],"allocateLoadBalancerNodePorts":false,"clusterIP":"10.0.0.10"},
         "status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10","ipMode":"VIP"}]}}}""").getAsJsonObject();
    byte[] wire = ProtobufCodec.encode(svc);
    Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(wire, 4, wire.length));
    V1.Service typed = V1.Service.parseFrom(unknown.getRaw());

    assertThat(typed.getMetadata().getCreationTimestamp().getSeconds()).isEqualTo(1714558830L);
    assertThat(typed.getMetadata().getLabelsMap()).containsEntry("app", "web");
    V1.ServicePort port = typed.getSpec().getPorts(0);
    assertThat(port.getTargetPort().getType()).isEqualTo(1);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(port.getNodePort()).isEqualTo(31000);
    assertThat(typed.getSpec().hasAllocateLoadBalancerNodePorts()).isTrue();
    assertThat(typed.getSpec().getAllocateLoadBalancerNodePorts()).isFalse();
    assertThat(typed.getStatus().getLoadBalancer().getIngress(0).getIp()).isEqualTo("192.0.2.10");
  }

  @Test
  void generatedMessagesDecodeToJson() {
    V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("web").setNamespace("default")
            .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1714558830L).setNanos(123_000_000)))
        .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(3)
            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                    .setMaxSurge(IntStr.IntOrString.newBuilder().setType(1).setStrVal("25%"))
                    .setMaxUnavailable(IntStr.IntOrString.newBuilder().setType(0).setIntVal(0)))))
        .build();
    byte[] wire = ProtobufCodec.envelope("apps/v1", "Deployment", deployment.toByteString());

    JsonObject json = ProtobufCodec.decode(wire);

    assertThat(json).isEqualTo(JsonParser.parseString("""
        {"kind":"Deployment","apiVersion":"apps/v1",
         "metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-05-01T10:20:30Z"},
         "spec":{"replicas":3,"strategy":{"type":"RollingUpdate",
           "rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}}}}""").getAsJsonObject());
  }

  // ---------------------------------------------------------------- special types

  @Test
  void timesAreSecondsAndMicrosecondsInUtc() {
    JsonObject lease = JsonParser.parseString("""
        {"kind":"Lease","apiVersion":"coordination.k8s.io/v1",
         "metadata":{"name":"l","namespace":"kube-system","creationTimestamp":"2024-05-01T12:20:30+02:00"},
         "spec":{"holderIdentity":"a","renewTime":"2024-05-01T10:20:30.123456789Z","leaseTransitions":0}}""")
        .getAsJsonObject();
    JsonObject back = ProtobufCodec.decode(ProtobufCodec.encode(lease));
    assertThat(back.getAsJsonObject("metadata").get("creationTimestamp").getAsString())
        .isEqualTo("2024-05-01T10:20:30Z");
    // MicroTime marshals at microseconds, as Go's RFC3339Micro layout does
    assertThat(back.getAsJsonObject("spec").get("renewTime").getAsString())
        .isEqualTo("2024-05-01T10:20:30.123456Z");
    // *int32 leaseTransitions: 0 is a value, not Go's zero
    assertThat(back.getAsJsonObject("spec").get("leaseTransitions").getAsInt()).isZero();
  }

  @Test
  void goDurations() {
    assertThat(GoDuration.format(0)).isEqualTo("0s");
    assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(GoDuration.format(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(GoDuration.format(90_000_000_000L)).isEqualTo("1m30s");
    assertThat(GoDuration.format(2_000_000L)).isEqualTo("2ms");
    assertThat(GoDuration.format(1_500L)).isEqualTo("1.5µs");
    assertThat(GoDuration.format(7L)).isEqualTo("7ns");
    assertThat(GoDuration.format(-1_500_000_000L)).isEqualTo("-1.5s");
    assertThat(GoDuration.parse("1h30m")).isEqualTo(5_400_000_000_000L);
    assertThat(GoDuration.parse("1.5s")).isEqualTo(1_500_000_000L);
    assertThat(GoDuration.parse("-2ms")).isEqualTo(-2_000_000L);
    assertThat(GoDuration.parse("0")).isZero();
    assertThatThrownBy(() -> GoDuration.parse("5")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bytesAreBase64AndStringMapValuesKeepEmpties() {
    JsonObject secret = JsonParser.parseString("""
        {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},
         "data":{"empty":"","bin":"AAH/"},"type":"Opaque"}""").getAsJsonObject();
    byte[] wire = ProtobufCodec.encode(secret);
    assertThat(ProtobufCodec.decode(wire)).isEqualTo(secret);
  }

  @Test
  void fieldsTheMessageLacksAreLeftOut() {
    JsonObject ns = JsonParser.parseString("""
        {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a","bogus":1},"spec":{"finalizers":["kubernetes"]},
         "extra":{"x":1}}""").getAsJsonObject();
    assertThat(ProtobufCodec.decode(ProtobufCodec.encode(ns))).isEqualTo(JsonParser.parseString("""
        {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"a"},"spec":{"finalizers":["kubernetes"]}}""")
        .getAsJsonObject());
  }

  // ---------------------------------------------------------------- negotiation

  @Test
  void contentTypes() {
    assertThat(ProtobufCodec.isProtobuf("application/vnd.kubernetes.protobuf")).isTrue();
    assertThat(ProtobufCodec.isProtobuf("application/vnd.kubernetes.protobuf; charset=utf-8")).isTrue();
    assertThat(ProtobufCodec.isProtobuf("application/json")).isFalse();
    assertThat(ProtobufCodec.isProtobuf(null)).isFalse();
  }

  @Test
  void acceptNegotiation() {
    // kubectl's and client-go's protobuf clients
    assertThat(ProtobufCodec.prefersProtobuf("application/vnd.kubernetes.protobuf,application/json")).isTrue();
    assertThat(ProtobufCodec.prefersProtobuf("application/vnd.kubernetes.protobuf, */*")).isTrue();
    assertThat(ProtobufCodec.prefersProtobuf("application/vnd.kubernetes.protobuf;stream=watch")).isTrue();
    // kubectl get: tables as JSON
    assertThat(ProtobufCodec.prefersProtobuf("application/json;as=Table;v=v1;g=meta.k8s.io,"
        + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")).isFalse();
    assertThat(ProtobufCodec.prefersProtobuf("application/json, application/vnd.kubernetes.protobuf")).isFalse();
    assertThat(ProtobufCodec.prefersProtobuf("*/*")).isFalse();
    assertThat(ProtobufCodec.prefersProtobuf("")).isFalse();
    assertThat(ProtobufCodec.prefersProtobuf(null)).isFalse();
    // q values order the ranges; types the server does not offer are skipped
    assertThat(ProtobufCodec.prefersProtobuf("application/vnd.kubernetes.protobuf;q=0.5,application/json")).isFalse();
    assertThat(ProtobufCodec.prefersProtobuf("application/json;q=0.1,application/vnd.kubernetes.protobuf")).isTrue();
    assertThat(ProtobufCodec.prefersProtobuf("text/html,application/vnd.kubernetes.protobuf")).isTrue();
    assertThat(ProtobufCodec.prefersProtobuf("application/vnd.kubernetes.protobuf;q=0,application/json")).isFalse();
    assertThat(ProtobufCodec.prefersProtobuf(
        "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json")).isFalse();
  }

  // ---------------------------------------------------------------- watch frames

  @Test
  void watchFramesAreLengthDelimitedWatchEventsWithEnvelopedObjects() throws IOException {
    JsonObject svc = JsonParser.parseString("""
        {"kind":"Service","apiVersion":"v1","metadata":{"name":"web","namespace":"default","resourceVersion":"7"},
         "spec":{"type":"ClusterIP"},"status":{"loadBalancer":{}}}""").getAsJsonObject();
    byte[] frame = ProtobufCodec.watchFrame("ADDED", svc);

    int length = ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
    assertThat(length).isEqualTo(frame.length - 4);
    // the event itself has no envelope (raw serializer); the object inside has one
    Meta.WatchEvent event = Meta.WatchEvent.parseFrom(Arrays.copyOfRange(frame, 4, frame.length));
    assertThat(event.getType()).isEqualTo("ADDED");
    ByteString raw = event.getObject().getRaw();
    assertThat(raw.substring(0, 4).toByteArray()).containsExactly(0x6b, 0x38, 0x73, 0x00);
    assertThat(ProtobufCodec.decode(raw.toByteArray())).isEqualTo(svc);

    JsonObject status = new ApiErrorStatus().expired();
    byte[] stream = concat(frame, ProtobufCodec.watchFrame("ERROR", status));
    List<JsonObject> events = ProtobufCodec.readWatchFrames(stream);
    assertThat(events).hasSize(2);
    assertThat(events.get(0).get("type").getAsString()).isEqualTo("ADDED");
    assertThat(events.get(0).getAsJsonObject("object")).isEqualTo(svc);
    assertThat(events.get(1).get("type").getAsString()).isEqualTo("ERROR");
    assertThat(events.get(1).getAsJsonObject("object")).isEqualTo(status);
  }

  // ---------------------------------------------------------------- decode errors, as the real server words them

  @Test
  void aJsonBodyUnderAProtobufContentTypeIsA400() {
    byte[] json = "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}"
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ProtobufCodec.decode(json, "v1", "Service"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.reason()).isEqualTo("BadRequest");
          assertThat(e.getMessage()).isEqualTo("the object provided is unrecognized (must be of type Service): provided"
              + " data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({\"kind\":\"Service\","
              + "\"apiVersion\" ...)");
        });
  }

  @Test
  void emptyAndTruncatedBodies() throws IOException {
    assertThatThrownBy(() -> ProtobufCodec.decode(new byte[0], "v1", "Namespace"))
        .hasMessage("the object provided is unrecognized (must be of type Namespace): empty data (<empty>)");
    assertThatThrownBy(() -> ProtobufCodec.decode(new byte[] {0x6b, 0x38, 0x73, 0x00}, "v1", "Namespace"))
        .hasMessage("the object provided is unrecognized (must be of type Namespace): empty body (6b387300)");
    byte[] body = resource("kubectl/create-namespace.bin");
    byte[] truncated = Arrays.copyOf(body, body.length - 10);
    assertThatThrownBy(() -> ProtobufCodec.decode(truncated, "v1", "Namespace"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage())
            .startsWith("the object provided is unrecognized (must be of type Namespace): unexpected EOF (6b387300")
            .endsWith(" ...)"));
  }

  @Test
  void anUnknownKindIsA400NamingBothKinds() {
    byte[] wire = ProtobufCodec.envelope("v1", "Widget", ByteString.EMPTY);
    assertThatThrownBy(() -> ProtobufCodec.decode(wire, "v1", "Service"))
        .hasMessage("Widget in version \"v1\" cannot be handled as a Service: no kind \"Widget\" is registered for"
            + " version \"v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"");
  }

  @Test
  void aMissingEnvelopeKindDefaultsToThePathsKind() {
    byte[] raw = V1.ConfigMap.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("c"))
        .putData("k", "v").build().toByteString().toByteArray();
    byte[] wire = ProtobufCodec.envelope("", "", ByteString.copyFrom(raw));
    JsonObject json = ProtobufCodec.decode(wire, "v1", "ConfigMap");
    assertThat(json).isEqualTo(JsonParser.parseString("""
        {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"},"data":{"k":"v"}}""").getAsJsonObject());
    assertThatThrownBy(() -> ProtobufCodec.decode(wire))
        .hasMessageStartingWith("the object provided is unrecognized (must be of type Object): Object 'Kind' is"
            + " missing in 'runtime.TypeMeta{APIVersion:\"\", Kind:\"\"}'");
  }

  // ---------------------------------------------------------------- helpers

  /** A Status as the emulator sends it for an expired watch (410), from the root package's public ApiError. */
  private static final class ApiErrorStatus {
    JsonObject expired() {
      return ApiError.expired("too old resource version: 5 (120)").toStatus();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void dropNullTimestamps(JsonObject object) {
    object.entrySet().removeIf(e -> e.getKey().equals("creationTimestamp") && e.getValue().isJsonNull());
    for (var e : object.entrySet()) {
      if (e.getValue().isJsonObject()) {
        dropNullTimestamps(e.getValue().getAsJsonObject());
      } else if (e.getValue().isJsonArray()) {
        e.getValue().getAsJsonArray().forEach(x -> {
          if (x.isJsonObject()) {
            dropNullTimestamps(x.getAsJsonObject());
          }
        });
      }
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ProtobufCodecTest.class.getResourceAsStream("/proto/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
