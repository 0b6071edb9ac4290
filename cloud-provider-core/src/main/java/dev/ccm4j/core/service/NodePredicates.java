package dev.ccm4j.core.service;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which nodes back a load balancer (upstream's {@code stableNodeSetPredicates}) and which node updates can change
 * that. Readiness is deliberately ignored, as upstream does since KEP-3458: a transient NotReady wave must not drain
 * every load balancer; the load balancer's own health checks take unhealthy nodes out.
 */
final class NodePredicates {

  private NodePredicates() {}

  /** Not being deleted, not excluded by label, not about to be removed by the cluster autoscaler. */
  static boolean isBackend(V1Node node) {
    return notDeleted(node) && included(node) && notTainted(node);
  }

  static boolean notDeleted(V1Node node) {
    return node.getMetadata() == null || node.getMetadata().getDeletionTimestamp() == null;
  }

  /**
   * The exclude label is absent or parses as false ({@code strconv.ParseBool} rules); an unparseable value counts
   * as excluded, so a typo errs on the side of the operator's evident intent.
   */
  static boolean included(V1Node node) {
    Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(WellKnown.LABEL_EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS)) {
      return true;
    }
    Boolean excluded = parseBool(labels.get(WellKnown.LABEL_EXCLUDE_FROM_EXTERNAL_LOAD_BALANCERS));
    return excluded != null && !excluded;
  }

  static boolean notTainted(V1Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null || node.getSpec().getTaints().stream()
        .noneMatch(t -> WellKnown.TAINT_TO_BE_DELETED_BY_CLUSTER_AUTOSCALER.equals(t.getKey()));
  }

  /**
   * Whether a node update can change any load balancer's backend set: the exclusion result flipped, the provider
   * ID changed, or the compounded backend predicate flipped (autoscaler taint, deletion). Readiness, addresses and
   * other taints or labels never trigger a sync.
   */
  static boolean shouldSyncUpdatedNode(V1Node oldNode, V1Node newNode) {
    if (included(oldNode) != included(newNode)) {
      return true;
    }
    if (!Objects.equals(providerId(oldNode), providerId(newNode))) {
      return true;
    }
    return isBackend(oldNode) != isBackend(newNode);
  }

  /** The backend nodes among {@code nodes}, in name order. */
  static List<V1Node> backends(Collection<V1Node> nodes) {
    return nodes.stream().filter(NodePredicates::isBackend)
        .sorted((a, b) -> name(a).compareTo(name(b))).toList();
  }

  /** The identity of a backend set as upstream's {@code nodesSufficientlyEqual} sees it: name to provider ID. */
  static Map<String, String> fingerprint(Collection<V1Node> nodes) {
    Map<String, String> byName = new TreeMap<>();
    for (V1Node node : nodes) {
      String providerId = providerId(node);
      byName.put(name(node), providerId == null ? "" : providerId);
    }
    return Map.copyOf(byName);
  }

  static String name(V1Node node) {
    return node.getMetadata() == null || node.getMetadata().getName() == null ? "" : node.getMetadata().getName();
  }

  private static String providerId(V1Node node) {
    return node.getSpec() == null ? null : node.getSpec().getProviderID();
  }

  /** Go's {@code strconv.ParseBool}; null when the value is not one of its accepted spellings. */
  static Boolean parseBool(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }
}
