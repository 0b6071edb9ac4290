package dev.ccm4j.kubeapi.typed;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.EventsV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LocalSubjectAccessReview;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SelfSubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SelfSubjectReview;
import io.kubernetes.client.openapi.models.V1SelfSubjectRulesReview;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1TokenReview;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The typed round trip of kube-apiserver: a write of a built-in type is decoded into its Go type and encoded back,
 * so what is stored and returned is what a real server stores and returns. Unknown fields are dropped (and named
 * as the strict decoder names them, for {@code fieldValidation}), {@code omitempty} empties left out, value
 * structs and required fields written as their zero values, {@code kind}/{@code apiVersion} set, times and
 * quantities canonical, and the defaults of the real server's defaulters applied.
 *
 * <p>The schema of each type is client-java's generated model, read once per class; Go facts the models do not
 * carry (pointer or value, {@code omitempty}, MicroTime) come from a small table. Kinds without a model here pass
 * through unchanged, with {@code kind} and {@code apiVersion} set. Thread-safe.
 */
public final class TypedObjects {
  /** The outcome of one normalisation: the object as stored, and the unknown fields dropped from the input. */
  public static final class Result {
    private final JsonObject object;
    private final List<String> unknownFields;

    Result(JsonObject object, List<String> unknownFields) {
      this.object = object;
      this.unknownFields = List.copyOf(unknownFields);
    }

    /** A new object, as the real server stores and returns it; the input is not changed. */
    public JsonObject object() {
      return object;
    }

    /**
     * The unknown fields of the input, named as kube-apiserver's strict decoder names them: {@code spec.prots},
     * {@code spec.ports[0].prot}, {@code metadata.labelz}, {@code foo} at the top level. Empty when none.
     */
    public List<String> unknownFields() {
      return unknownFields;
    }

    /**
     * The {@code Warning} header values the real server sends for {@code fieldValidation=Warn} (kubectl's
     * default): one {@code 299 - "unknown field \"spec.prots\""} per unknown field.
     */
    public List<String> warningHeaders() {
      return unknownFields.stream()
          .map(f -> "299 - \"unknown field \\\"" + f.replace("\\", "\\\\").replace("\"", "\\\"") + "\\\"\"")
          .collect(Collectors.toList());
    }

    /**
     * The 400 message the real server sends for {@code fieldValidation=Strict}:
     * {@code strict decoding error: unknown field "spec.prots", unknown field "spec.x"}; empty when no unknown field.
     */
    public String strictDecodingError() {
      if (unknownFields.isEmpty()) {
        return "";
      }
      return "strict decoding error: " + unknownFields.stream().map(f -> "unknown field \"" + f + "\"")
          .collect(Collectors.joining(", "));
    }
  }

  private static final TypedObjects STANDARD = new TypedObjects(standardModels());

  private final Map<String, Schema> schemas = new HashMap<>();

  private TypedObjects(Map<String, Class<?>> models) {
    models.forEach((key, model) -> schemas.put(key, Schema.of(model)));
  }

  /** The built-in types the emulator serves, and the review kinds. Schemas are built once, here. */
  public static TypedObjects standard() {
    return STANDARD;
  }

  private static Map<String, Class<?>> standardModels() {
    Map<String, Class<?>> m = new HashMap<>();
    m.put(key("v1", "Namespace"), V1Namespace.class);
    m.put(key("v1", "Node"), V1Node.class);
    m.put(key("v1", "Service"), V1Service.class);
    m.put(key("v1", "Endpoints"), V1Endpoints.class);
    m.put(key("v1", "Pod"), V1Pod.class);
    m.put(key("v1", "Event"), CoreV1Event.class);
    m.put(key("v1", "ConfigMap"), V1ConfigMap.class);
    m.put(key("v1", "Secret"), V1Secret.class);
    m.put(key("v1", "ServiceAccount"), V1ServiceAccount.class);
    m.put(key("v1", "PersistentVolume"), V1PersistentVolume.class);
    m.put(key("v1", "PersistentVolumeClaim"), V1PersistentVolumeClaim.class);
    m.put(key("coordination.k8s.io/v1", "Lease"), V1Lease.class);
    m.put(key("events.k8s.io/v1", "Event"), EventsV1Event.class);
    m.put(key("discovery.k8s.io/v1", "EndpointSlice"), V1EndpointSlice.class);
    m.put(key("apps/v1", "Deployment"), V1Deployment.class);
    m.put(key("apps/v1", "ReplicaSet"), V1ReplicaSet.class);
    m.put(key("authentication.k8s.io/v1", "TokenReview"), V1TokenReview.class);
    m.put(key("authentication.k8s.io/v1", "SelfSubjectReview"), V1SelfSubjectReview.class);
    m.put(key("authorization.k8s.io/v1", "SubjectAccessReview"), V1SubjectAccessReview.class);
    m.put(key("authorization.k8s.io/v1", "SelfSubjectAccessReview"), V1SelfSubjectAccessReview.class);
    m.put(key("authorization.k8s.io/v1", "SelfSubjectRulesReview"), V1SelfSubjectRulesReview.class);
    m.put(key("authorization.k8s.io/v1", "LocalSubjectAccessReview"), V1LocalSubjectAccessReview.class);
    return m;
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }

  /** Whether this type has a schema here; other kinds pass through {@link #normalize} with only kind/apiVersion set. */
  public boolean knows(String apiVersion, String kind) {
    return schemas.containsKey(key(apiVersion, kind));
  }

  /**
   * The object as the real server stores and returns it after any write (create, update, patch, status write):
   * decoded into its type and encoded back, with the type's defaulters applied.
   *
   * @throws dev.ccm4j.kubeapi.ApiError 400 as the real decoder refuses a value of the wrong JSON type, a bad time,
   *     quantity or base64 data: {@code Service in version "v1" cannot be handled as a Service: json: cannot
   *     unmarshal string into Go struct field ServicePort.spec.ports.port of type int32}
   */
  public Result normalize(String apiVersion, String kind, JsonObject obj) {
    return normalize(apiVersion, kind, obj, false);
  }

  /**
   * {@link #normalize} plus what the real server's registry does only on create: a Namespace gets the
   * {@code kubernetes} finalizer, a Pod without a status phase starts {@code Pending} with its QoS class.
   */
  public Result normalizeCreate(String apiVersion, String kind, JsonObject obj) {
    return normalize(apiVersion, kind, obj, true);
  }

  private Result normalize(String apiVersion, String kind, JsonObject obj, boolean create) {
    Schema schema = schemas.get(key(apiVersion, kind));
    if (schema == null) {
      JsonObject copy = new JsonObject();
      copy.addProperty("kind", kind);
      copy.addProperty("apiVersion", apiVersion);
      for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
        if (!e.getKey().equals("kind") && !e.getKey().equals("apiVersion")) {
          copy.add(e.getKey(), e.getValue().deepCopy());
        }
      }
      return new Result(copy, List.of());
    }
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    Encoder encoder = new Encoder(kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": ");
    JsonObject out = encoder.encodeRoot(schema, obj, kind, apiVersion);
    Defaults.apply(apiVersion, kind, out, create);
    return new Result(out, encoder.unknownFields());
  }
}
