package dev.ccm4j.core.events;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import java.util.Map;

/** Builds the {@code involvedObject} reference of an Event. */
public final class ObjectReferences {
  /** Group/version of the models this project records events about, by model class simple name. */
  private static final Map<String, String> API_VERSIONS = Map.of(
      "Lease", "coordination.k8s.io/v1",
      "EndpointSlice", "discovery.k8s.io/v1");

  private ObjectReferences() {}

  /**
   * A reference to the object. Objects listed by client-java 25 informers lack {@code kind} and
   * {@code apiVersion}, so they are derived from the model class ({@code V1Node} is {@code v1 Node}).
   *
   * @param object the object
   * @return the reference
   */
  public static V1ObjectReference of(KubernetesObject object) {
    V1ObjectMeta meta = object.getMetadata();
    String kind = object.getKind();
    String apiVersion = object.getApiVersion();
    if (kind == null || kind.isEmpty()) {
      kind = object.getClass().getSimpleName().replaceFirst("^V\\d+(alpha\\d+|beta\\d+)?", "");
    }
    if (apiVersion == null || apiVersion.isEmpty()) {
      apiVersion = API_VERSIONS.getOrDefault(kind, "v1");
    }
    V1ObjectReference ref = new V1ObjectReference().kind(kind).apiVersion(apiVersion);
    if (meta != null) {
      ref.name(meta.getName()).namespace(meta.getNamespace()).uid(meta.getUid())
          .resourceVersion(meta.getResourceVersion());
    }
    return ref;
  }
}
