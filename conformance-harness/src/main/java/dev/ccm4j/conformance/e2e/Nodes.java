package dev.ccm4j.conformance.e2e;

import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The cluster's nodes as the scenarios read them, and new nodes from the {@link NodePool} when there is one. */
final class Nodes {
  static final String LABEL_CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
  static final String LABEL_MASTER = "node-role.kubernetes.io/master";

  private final E2eEnvironment env;
  private final CoreV1Api api;

  Nodes(E2eEnvironment env) {
    this.env = Objects.requireNonNull(env, "env");
    this.api = new CoreV1Api(env.client());
  }

  List<V1Node> list() throws ApiException {
    return api.listNode().execute().getItems();
  }

  /** The nodes that are not being deleted. */
  List<V1Node> live() throws ApiException {
    return list().stream().filter(n -> !deleting(n)).toList();
  }

  Optional<V1Node> find(String name) throws ApiException {
    try {
      return Optional.of(api.readNode(name).execute());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Joins a fresh node through the pool and waits until the CCM has initialized it.
   *
   * @param pool the environment's pool
   * @return the initialized node
   */
  V1Node joinInitialized(NodePool pool) throws Exception {
    String name = "ccm4j-e2e-" + E2eNamespace.randomSuffix(6);
    pool.join(name);
    return awaitInitialized(name);
  }

  /** Waits, within the node initialization timeout, for the uninitialized taint to go and a provider ID to appear. */
  V1Node awaitInitialized(String name) throws InterruptedException {
    return Waits.until("node " + name + " to be initialized (no " + WellKnown.TAINT_UNINITIALIZED
        + " taint, spec.providerID set)", env.timeouts().nodeInitialization(), env.timeouts().poll(),
        () -> find(name), n -> n.isPresent() && initialized(n.get()),
        n -> n.map(Nodes::describe).orElse("node " + name + " does not exist")).orElseThrow();
  }

  static boolean initialized(V1Node n) {
    return !hasTaint(n, WellKnown.TAINT_UNINITIALIZED) && !providerId(n).isEmpty();
  }

  static String name(V1Node n) {
    return n.getMetadata().getName();
  }

  static boolean deleting(V1Node n) {
    return n.getMetadata().getDeletionTimestamp() != null;
  }

  static String providerId(V1Node n) {
    return n.getSpec() == null || n.getSpec().getProviderID() == null ? "" : n.getSpec().getProviderID();
  }

  static Map<String, String> labels(V1Node n) {
    return n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
  }

  static List<V1Taint> taints(V1Node n) {
    return n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
  }

  static boolean hasTaint(V1Node n, String key) {
    return taints(n).stream().anyMatch(t -> key.equals(t.getKey()));
  }

  static Optional<V1NodeCondition> condition(V1Node n, String type) {
    if (n.getStatus() == null || n.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return n.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static boolean ready(V1Node n) {
    return condition(n, WellKnown.CONDITION_READY).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static boolean controlPlane(V1Node n) {
    return labels(n).containsKey(LABEL_CONTROL_PLANE) || labels(n).containsKey(LABEL_MASTER);
  }

  /** Upstream's ready-schedulable: Ready, not cordoned, no NoSchedule or NoExecute taint, not being deleted. */
  static boolean schedulable(V1Node n) {
    boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    return !deleting(n) && !cordoned && ready(n) && taints(n).stream()
        .noneMatch(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()));
  }

  /** The pod CIDRs, from {@code spec.podCIDRs} or else {@code spec.podCIDR}. */
  static List<String> podCidrs(V1Node n) {
    if (n.getSpec() == null) {
      return List.of();
    }
    if (n.getSpec().getPodCIDRs() != null && !n.getSpec().getPodCIDRs().isEmpty()) {
      return n.getSpec().getPodCIDRs();
    }
    String single = n.getSpec().getPodCIDR();
    return single == null || single.isEmpty() ? List.of() : List.of(single);
  }

  /** What the scenarios check, on one line. */
  static String describe(V1Node n) {
    List<String> parts = new ArrayList<>();
    parts.add("node " + name(n));
    parts.add("providerID=" + providerId(n));
    parts.add("taints=" + taints(n).stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
    List<String> conditions = n.getStatus() == null || n.getStatus().getConditions() == null ? List.of()
        : n.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus()
            + (c.getReason() == null ? "" : "(" + c.getReason() + ")")).toList();
    parts.add("conditions=" + conditions);
    parts.add("podCIDRs=" + podCidrs(n));
    parts.add("zone=" + labels(n).get(WellKnown.LABEL_ZONE));
    parts.add("region=" + labels(n).get(WellKnown.LABEL_REGION));
    List<String> addresses = n.getStatus() == null || n.getStatus().getAddresses() == null ? List.of()
        : n.getStatus().getAddresses().stream().map(a -> a.getType() + ":" + a.getAddress()).toList();
    parts.add("addresses=" + addresses);
    if (deleting(n)) {
      parts.add("deletionTimestamp=" + n.getMetadata().getDeletionTimestamp());
    }
    return String.join(" ", parts);
  }
}
