package dev.ccm4j.launcher.demo;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the components share: copies, selectors, owner references, readiness and events. */
final class Kube {
  private static final Logger LOG = LoggerFactory.getLogger(Kube.class);

  private Kube() {}

  /** A deep copy of a cached object, which must never be modified in place. */
  static <T> T copy(ApiClient client, T obj, Class<T> type) {
    return io.kubernetes.client.openapi.JSON.deserialize(io.kubernetes.client.openapi.JSON.serialize(obj), type);
  }

  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
  }

  static String key(KubernetesObject o) {
    V1ObjectMeta m = o.getMetadata();
    return m.getNamespace() == null ? m.getName() : m.getNamespace() + "/" + m.getName();
  }

  static Map<String, String> labels(KubernetesObject o) {
    Map<String, String> l = o.getMetadata().getLabels();
    return l == null ? Map.of() : l;
  }

  static boolean terminating(KubernetesObject o) {
    return o.getMetadata().getDeletionTimestamp() != null;
  }

  /** Whether a label selector (matchLabels and matchExpressions) selects the labels; a null selector selects none. */
  static boolean matches(V1LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    if (selector.getMatchLabels() != null && !matches(selector.getMatchLabels(), labels)) {
      return false;
    }
    for (V1LabelSelectorRequirement r : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
      String value = labels.get(r.getKey());
      List<String> values = Optional.ofNullable(r.getValues()).orElse(List.of());
      boolean ok = switch (r.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether a Service-style selector (every pair must match) selects the labels. */
  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  static String describe(Map<String, String> selector) {
    return selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
        .collect(Collectors.joining(","));
  }

  /** The owner reference with {@code controller: true}, if any. */
  static Optional<V1OwnerReference> controllerOf(KubernetesObject o) {
    return Optional.ofNullable(o.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  static boolean controlledBy(KubernetesObject o, KubernetesObject owner) {
    return controllerOf(o).map(r -> r.getUid().equals(owner.getMetadata().getUid())).orElse(false);
  }

  static V1OwnerReference controllerRef(String apiVersion, String kind, KubernetesObject owner) {
    return new V1OwnerReference().apiVersion(apiVersion).kind(kind).name(owner.getMetadata().getName())
        .uid(owner.getMetadata().getUid()).controller(true).blockOwnerDeletion(true);
  }

  static Optional<V1PodCondition> condition(V1Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean podReady(V1Pod pod) {
    return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** A pod that still counts: not being deleted and not finished. */
  static boolean active(V1Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return !terminating(pod) && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  static String phase(V1Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
  }

  static boolean nodeReady(V1Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static Optional<String> internalIp(V1Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return Optional.empty();
    }
    return node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
        .map(a -> a.getAddress()).findFirst();
  }

  /**
   * Records an event on an object as the component would; a failure is logged, never thrown, as client-go's
   * event recorder drops what it cannot write.
   */
  static void event(ApiClient client, String component, KubernetesObject about, String apiVersion, String kind,
      String type, String reason, String message) {
    V1ObjectMeta m = about.getMetadata();
    String namespace = m.getNamespace() == null ? "default" : m.getNamespace();
    OffsetDateTime now = now();
    CoreV1Event event = new CoreV1Event()
        .metadata(new V1ObjectMeta().namespace(namespace)
            .name(m.getName() + "." + Long.toHexString(System.nanoTime()) + Long.toHexString(System.identityHashCode(
                about))))
        .involvedObject(new V1ObjectReference().apiVersion(apiVersion).kind(kind).namespace(m.getNamespace())
            .name(m.getName()).uid(m.getUid()).resourceVersion(m.getResourceVersion()))
        .type(type).reason(reason).message(message).count(1).firstTimestamp(now).lastTimestamp(now)
        .source(new V1EventSource().component(component)).reportingComponent(component)
        .reportingInstance(component);
    try {
      new CoreV1Api(client).createNamespacedEvent(namespace, event).execute();
    } catch (ApiException | RuntimeException e) {
      LOG.debug("{}: cannot record event {} on {}: {}", component, reason, key(about), e.toString());
    }
  }
}
