package dev.ccm4j.kubeapi.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypedObjectsTest {
  private final TypedObjects typed = TypedObjects.standard();

  private static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  private TypedObjects.Result norm(String apiVersion, String kind, String body) {
    return typed.normalize(apiVersion, kind, json(body));
  }

  @Test
  void unknownFieldsAreDroppedAndNamedAsTheStrictDecoderNamesThem() {
    TypedObjects.Result r = norm("v1", "Service",
        "{\"foo\":1,\"metadata\":{\"name\":\"a\",\"labelz\":{}},\"spec\":{\"prots\":[],"
            + "\"ports\":[{\"port\":1},{\"port\":2,\"prot\":\"x\"}],\"selector\":{\"a\":\"b\"}}}");
    assertThat(r.unknownFields()).containsExactly("foo", "metadata.labelz", "spec.prots", "spec.ports[1].prot");
    assertThat(r.object().has("foo")).isFalse();
    assertThat(r.object().getAsJsonObject("spec").has("prots")).isFalse();
    // apiserver's addStrictDecodingWarnings: one 299 warning per field; Strict: one 400 listing all
    assertThat(r.warningHeaders()).first().isEqualTo("299 - \"unknown field \\\"foo\\\"\"");
    assertThat(r.strictDecodingError()).isEqualTo("strict decoding error: unknown field \"foo\", unknown field "
        + "\"metadata.labelz\", unknown field \"spec.prots\", unknown field \"spec.ports[1].prot\"");
  }

  @Test
  void noUnknownFieldsMeansNoWarnings() {
    TypedObjects.Result r = norm("v1", "ConfigMap", "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"\"}}");
    assertThat(r.unknownFields()).isEmpty();
    assertThat(r.warningHeaders()).isEmpty();
    assertThat(r.strictDecodingError()).isEmpty();
    // a map value "" is kept; only the empty map itself would be left out
    assertThat(r.object().getAsJsonObject("data").get("k").getAsString()).isEmpty();
  }

  @Test
  void kindAndApiVersionAreAlwaysSetFromTheEndpoint() {
    JsonObject o = norm("coordination.k8s.io/v1", "Lease", "{\"metadata\":{\"name\":\"l\"}}").object();
    assertThat(o.get("kind").getAsString()).isEqualTo("Lease");
    assertThat(o.get("apiVersion").getAsString()).isEqualTo("coordination.k8s.io/v1");
    assertThat(o.getAsJsonObject("spec")).isEqualTo(new JsonObject());
  }

  @Test
  void unknownKindsPassThroughWithKindAndApiVersion() {
    assertThat(typed.knows("example.com/v1", "Widget")).isFalse();
    JsonObject in = json("{\"metadata\":{\"name\":\"w\",\"labels\":{}},\"spec\":{\"anything\":[]}}");
    TypedObjects.Result r = typed.normalize("example.com/v1", "Widget", in);
    assertThat(r.unknownFields()).isEmpty();
    assertThat(r.object().get("kind").getAsString()).isEqualTo("Widget");
    assertThat(r.object().getAsJsonObject("spec")).isEqualTo(json("{\"anything\":[]}"));
    assertThat(r.object()).isNotSameAs(in);
  }

  @Test
  void knowsEveryServedKind() {
    for (String[] k : new String[][] {{"v1", "Namespace"}, {"v1", "Node"}, {"v1", "Service"}, {"v1", "Endpoints"},
        {"v1", "Pod"}, {"v1", "Event"}, {"v1", "ConfigMap"}, {"v1", "Secret"}, {"v1", "ServiceAccount"},
        {"v1", "PersistentVolume"}, {"coordination.k8s.io/v1", "Lease"}, {"events.k8s.io/v1", "Event"},
        {"discovery.k8s.io/v1", "EndpointSlice"}, {"apps/v1", "Deployment"}, {"apps/v1", "ReplicaSet"},
        {"authentication.k8s.io/v1", "TokenReview"}, {"authentication.k8s.io/v1", "SelfSubjectReview"},
        {"authorization.k8s.io/v1", "SubjectAccessReview"}, {"authorization.k8s.io/v1", "SelfSubjectAccessReview"},
        {"authorization.k8s.io/v1", "SelfSubjectRulesReview"}}) {
      assertThat(typed.knows(k[0], k[1])).as(k[0] + " " + k[1]).isTrue();
    }
  }

  @Test
  void omitemptyEmptiesAreLeftOut() {
    JsonObject o = norm("v1", "Node", "{\"metadata\":{\"name\":\"n\",\"annotations\":{},\"finalizers\":[],"
        + "\"generation\":0},\"spec\":{\"taints\":[],\"podCIDR\":\"\",\"unschedulable\":false}}").object();
    assertThat(o.getAsJsonObject("metadata").keySet()).containsExactlyInAnyOrder("name", "creationTimestamp");
    assertThat(o.getAsJsonObject("spec")).isEqualTo(new JsonObject());
  }

  @Test
  void pointerScalarsKeepTheirZeroValues() {
    // Deployment spec.replicas is *int32: scaling to zero must survive
    JsonObject o = norm("apps/v1", "Deployment", "{\"spec\":{\"replicas\":0,\"paused\":false}}").object();
    assertThat(o.getAsJsonObject("spec").get("replicas").getAsInt()).isZero();
    assertThat(o.getAsJsonObject("spec").has("paused")).isFalse();
  }

  @Test
  void nodeInfoIsWrittenWithEmptyStringsSoThePythonClientCanDecodeIt() {
    JsonObject o = norm("v1", "Node", "{\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"v1.32.0\"}}}").object();
    JsonObject info = o.getAsJsonObject("status").getAsJsonObject("nodeInfo");
    assertThat(info.get("kubeletVersion").getAsString()).isEqualTo("v1.32.0");
    assertThat(info.get("architecture").getAsString()).isEmpty();
    assertThat(info.get("bootID").getAsString()).isEmpty();
    assertThat(info.has("swap")).as("a pointer, left out").isFalse();
  }

  @Test
  void nodeAllocatableDefaultsToCapacityOnlyWhenAbsent() {
    JsonObject o = norm("v1", "Node",
        "{\"status\":{\"capacity\":{\"cpu\":\"2\"},\"allocatable\":{\"cpu\":\"1900m\"}}}").object();
    assertThat(o.getAsJsonObject("status").getAsJsonObject("allocatable").get("cpu").getAsString())
        .isEqualTo("1900m");
  }

  @ParameterizedTest
  @CsvSource({"1000m, 1", "1024Ki, 1Mi", "0.5, 500m", "1.5Gi, 1536Mi", "0.5Gi, 512Mi", "1.5Ki, 1536", "100M, 100M",
      "1e3, 1e3", "2, 2", "8192Mi, 8Gi", "0.1m, 100u"})
  void quantitiesAreCanonical(String in, String canonical) {
    JsonObject o = norm("v1", "Node", "{\"status\":{\"capacity\":{\"memory\":\"" + in + "\"}}}").object();
    assertThat(o.getAsJsonObject("status").getAsJsonObject("capacity").get("memory").getAsString())
        .isEqualTo(canonical);
  }

  @Test
  void aNumericQuantityIsAccepted() {
    JsonObject o = norm("v1", "Node", "{\"status\":{\"capacity\":{\"pods\":110}}}").object();
    assertThat(o.getAsJsonObject("status").getAsJsonObject("capacity").get("pods").getAsString()).isEqualTo("110");
  }

  @ParameterizedTest
  @CsvSource({"2026-01-02T03:04:05Z, 2026-01-02T03:04:05Z", "2026-01-02T03:04:05.999999Z, 2026-01-02T03:04:05Z",
      "2026-01-02T05:04:05+02:00, 2026-01-02T03:04:05Z"})
  void timesAreUtcAtSecondPrecision(String in, String out) {
    JsonObject o = norm("v1", "Namespace", "{\"metadata\":{\"creationTimestamp\":\"" + in + "\"}}").object();
    assertThat(o.getAsJsonObject("metadata").get("creationTimestamp").getAsString()).isEqualTo(out);
  }

  @Test
  void microTimesKeepMicroseconds() {
    JsonObject o = norm("events.k8s.io/v1", "Event",
        "{\"eventTime\":\"2026-01-02T03:04:05.123456789Z\",\"reason\":\"r\"}").object();
    assertThat(o.get("eventTime").getAsString()).isEqualTo("2026-01-02T03:04:05.123456Z");
    assertThat(o.get("deprecatedFirstTimestamp").isJsonNull()).isTrue();
    assertThat(o.getAsJsonObject("deprecatedSource")).isEqualTo(new JsonObject());
  }

  @Test
  void secretTypeDefaultsToOpaqueAndStringDataFoldsIntoData() {
    JsonObject o = norm("v1", "Secret", "{\"stringData\":{\"k\":\"v\"}}").object();
    assertThat(o.get("type").getAsString()).isEqualTo("Opaque");
    assertThat(o.getAsJsonObject("data").get("k").getAsString()).isEqualTo("dg==");
    assertThat(o.has("stringData")).isFalse();
    JsonObject tls = norm("v1", "Secret", "{\"type\":\"kubernetes.io/tls\"}").object();
    assertThat(tls.get("type").getAsString()).isEqualTo("kubernetes.io/tls");
    assertThat(tls.has("data")).isFalse();
  }

  @Test
  void namespaceIsActiveAndGetsItsFinalizerOnCreateOnly() {
    JsonObject created = typed.normalizeCreate("v1", "Namespace", json("{\"metadata\":{\"name\":\"x\"}}")).object();
    assertThat(created.getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Active");
    assertThat(created.getAsJsonObject("spec").getAsJsonArray("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
    assertThat(created.getAsJsonObject("metadata").getAsJsonObject("labels").get("kubernetes.io/metadata.name")
        .getAsString()).isEqualTo("x");
    // finalizing removes it; a later write must not bring it back
    JsonObject updated = norm("v1", "Namespace", "{\"spec\":{\"finalizers\":[]},\"status\":{\"phase\":"
        + "\"Terminating\"}}").object();
    assertThat(updated.getAsJsonObject("spec")).isEqualTo(new JsonObject());
    assertThat(updated.getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Terminating");
  }

  @Test
  void podDefaults() {
    JsonObject o = typed.normalizeCreate("v1", "Pod", json("{\"spec\":{\"containers\":["
        + "{\"name\":\"a\",\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":80}],"
        + "\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},"
        + "\"readinessProbe\":{\"httpGet\":{\"port\":80}}},"
        + "{\"name\":\"b\",\"image\":\"busybox\"},{\"name\":\"c\",\"image\":\"r.io/x@sha256:ab\"}],"
        + "\"volumes\":[{\"name\":\"v\"},{\"name\":\"s\",\"secret\":{\"secretName\":\"s\"}}]}}")).object();
    JsonObject spec = o.getAsJsonObject("spec");
    assertThat(spec.get("restartPolicy").getAsString()).isEqualTo("Always");
    assertThat(spec.get("dnsPolicy").getAsString()).isEqualTo("ClusterFirst");
    assertThat(spec.get("terminationGracePeriodSeconds").getAsInt()).isEqualTo(30);
    assertThat(spec.get("schedulerName").getAsString()).isEqualTo("default-scheduler");
    assertThat(spec.get("enableServiceLinks").getAsBoolean()).isTrue();
    JsonObject a = spec.getAsJsonArray("containers").get(0).getAsJsonObject();
    assertThat(a.get("imagePullPolicy").getAsString()).isEqualTo("IfNotPresent");
    assertThat(a.get("terminationMessagePath").getAsString()).isEqualTo("/dev/termination-log");
    assertThat(a.get("terminationMessagePolicy").getAsString()).isEqualTo("File");
    assertThat(a.getAsJsonArray("ports").get(0).getAsJsonObject().get("protocol").getAsString()).isEqualTo("TCP");
    assertThat(a.getAsJsonObject("resources").getAsJsonObject("requests"))
        .isEqualTo(json("{\"cpu\":\"1\",\"memory\":\"1Gi\"}"));
    assertThat(a.getAsJsonObject("readinessProbe").toString()).contains("\"periodSeconds\":10", "\"scheme\":\"HTTP\"");
    JsonObject b = spec.getAsJsonArray("containers").get(1).getAsJsonObject();
    assertThat(b.get("imagePullPolicy").getAsString()).isEqualTo("Always");
    assertThat(b.getAsJsonObject("resources")).isEqualTo(new JsonObject());
    JsonObject c = spec.getAsJsonArray("containers").get(2).getAsJsonObject();
    assertThat(c.get("imagePullPolicy").getAsString()).isEqualTo("IfNotPresent");
    assertThat(spec.getAsJsonArray("volumes").get(0).getAsJsonObject().has("emptyDir")).isTrue();
    assertThat(spec.getAsJsonArray("volumes").get(1).getAsJsonObject().getAsJsonObject("secret")
        .get("defaultMode").getAsInt()).isEqualTo(420);
    assertThat(o.getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Pending");
    assertThat(o.getAsJsonObject("status").get("qosClass").getAsString()).isEqualTo("Burstable");
  }

  @Test
  void replicaSetAndEndpointSliceDefaults() {
    JsonObject rs = norm("apps/v1", "ReplicaSet", "{\"spec\":{}}").object();
    assertThat(rs.getAsJsonObject("spec").get("replicas").getAsInt()).isEqualTo(1);
    assertThat(rs.getAsJsonObject("status").get("replicas").getAsInt()).as("no omitempty").isZero();
    JsonObject es = norm("discovery.k8s.io/v1", "EndpointSlice",
        "{\"addressType\":\"IPv4\",\"ports\":[{\"port\":80}]}").object();
    assertThat(es.get("endpoints").isJsonNull()).as("[]Endpoint without omitempty").isTrue();
    assertThat(es.getAsJsonArray("ports").get(0)).isEqualTo(json("{\"port\":80,\"name\":\"\",\"protocol\":\"TCP\"}"));
  }

  @Test
  void wrongJsonTypesAreRefusedAsTheRealDecoderWordsIt() {
    assertThatThrownBy(() -> norm("v1", "Service", "{\"spec\":{\"ports\":[{\"port\":\"80\"}]}}"))
        .isInstanceOf(ApiError.class)
        .hasMessage("Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal string into Go "
            + "struct field ServicePort.spec.ports.port of type int32")
        .satisfies(e -> assertThat(((ApiError) e).code()).isEqualTo(400));
    assertThatThrownBy(() -> norm("v1", "Node", "{\"status\":{\"capacity\":{\"cpu\":\"lots\"}}}"))
        .hasMessageContaining("quantities must match the regular expression");
    assertThatThrownBy(() -> norm("v1", "Node", "{\"metadata\":{\"creationTimestamp\":\"yesterday\"}}"))
        .hasMessageContaining("parsing time \"yesterday\"");
    assertThatThrownBy(() -> norm("v1", "Secret", "{\"data\":{\"k\":\"not base64!\"}}"))
        .hasMessageContaining("illegal base64 data at input byte 3");
  }

  @Test
  void integralDoublesAreTakenAsIntegers() {
    JsonObject o = norm("v1", "Service", "{\"spec\":{\"ports\":[{\"port\":80.0}]}}").object();
    assertThat(o.getAsJsonObject("spec").getAsJsonArray("ports").get(0).getAsJsonObject().get("port").toString())
        .isEqualTo("80");
  }
}
