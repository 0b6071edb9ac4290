package dev.ccm4j.testkit.cloud;

import java.util.List;
import java.util.Objects;

/**
 * An ensure or update call with the backend nodes it was given, like upstream's {@code UpdateBalancerCall}.
 *
 * @param operation {@link Operation#ENSURE_LOAD_BALANCER} or {@link Operation#UPDATE_LOAD_BALANCER}
 * @param clusterName the cluster name given
 * @param serviceKey the Service's {@code namespace/name}
 * @param nodes the node names given, in order
 */
public record BalancerCall(Operation operation, String clusterName, String serviceKey, List<String> nodes) {
  /** Rejects nulls and copies the node names. */
  public BalancerCall {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(serviceKey, "serviceKey");
    nodes = List.copyOf(nodes);
  }
}
