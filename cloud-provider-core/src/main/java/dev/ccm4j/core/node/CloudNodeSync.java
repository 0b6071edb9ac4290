package dev.ccm4j.core.node;

import com.google.gson.JsonObject;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.controller.ReconcileResult;
import dev.ccm4j.core.controller.Reconciler;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.events.EventType;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one node with the cloud (upstream's {@code syncNode}). A node without the uninitialized taint only gets its
 * GA labels reconciled from the beta ones, without any cloud call. A tainted node is initialized: labels, provider
 * ID and addresses are written as small patches, and the taint is removed last, guarded by the resourceVersion and
 * retried on conflict, and only once the node has a provider ID. A node the cache shows as tainted is read again
 * from the API server first, because the cache lags behind this controller's own writes.
 *
 * <p>Every step is idempotent, so a failure anywhere simply retries the whole sync with backoff. Metadata the cloud
 * does not have yet is retried the same way, never dropped.
 *
 * <p>A node that cannot be initialized because of its own configuration (a malformed or unmatched
 * {@code alpha.kubernetes.io/provided-node-ip}, or a {@code spec.providerID} that is not the provider's and that
 * the cloud cannot look up) keeps its taint, gets a Warning event and a WARN line naming it (rate limited per node,
 * see {@link NodeProblems}), and is requeued with backoff; that is not counted as a controller error, since
 * nothing but a change of the node can fix it, and a change is synced at once.
 */
final class CloudNodeSync implements Reconciler<String> {
  private static final Logger LOG = LoggerFactory.getLogger(CloudNodeSync.class);

  private final Function<String, V1Node> nodes;
  private final InstanceMetadataSource cloud;
  private final NodePatches patches;
  private final EventRecorder recorder;
  private final CloudNodeMetrics metrics;
  private final Clock clock;
  private final NodeProblems problems;

  /**
   * Creates the reconciler.
   *
   * @param nodes reads a node by name, normally from the informer cache; null when it does not exist
   * @param cloud the cloud
   * @param patches writes nodes
   * @param recorder records the {@code Synced} event
   * @param metrics the controller's metrics
   * @param clock measures the delays since node creation
   */
  CloudNodeSync(Function<String, V1Node> nodes, InstanceMetadataSource cloud, NodePatches patches,
      EventRecorder recorder, CloudNodeMetrics metrics, Clock clock) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.patches = Objects.requireNonNull(patches, "patches");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.problems = new NodeProblems(recorder, clock);
  }

  static boolean uninitialized(V1Node node) {
    return NodePatches.hasTaint(node, WellKnown.TAINT_UNINITIALIZED, null);
  }

  /**
   * Whether an informer event for this node needs a sync at all: it is still uninitialized, or its GA labels
   * disagree with the beta ones.
   *
   * @param node the node as the event delivered it
   * @return true if the node must be queued
   */
  static boolean needsSync(V1Node node) {
    return uninitialized(node) || !NodeLabelRules.betaToGa(labels(node)).isEmpty();
  }

  @Override
  public ReconcileResult reconcile(String name) throws ApiException {
    V1Node node = nodes.apply(name);
    if (node == null) {
      problems.resolved(name);
      return ReconcileResult.done();
    }
    if (uninitialized(node)) {
      // The cache lags behind our own writes: a key queued by them would otherwise initialize the node twice.
      node = fresh(name);
      if (node == null) {
        problems.resolved(name);
        return ReconcileResult.done();
      }
    }
    if (!uninitialized(node)) {
      problems.resolved(name);
      Map<String, String> fix = NodeLabelRules.betaToGa(labels(node));
      if (!fix.isEmpty()) {
        LOG.debug("Reconciling GA labels of node {}: {}", name, fix);
        patches.patchLabels(name, fix);
      }
      return ReconcileResult.done();
    }
    try {
      // A malformed annotation is the node's fault whatever the cloud says: no cloud call for it.
      NodeAddressRules.checkProvidedNodeIpSyntax(node);
    } catch (InvalidNodeIpException e) {
      return invalidProvidedNodeIp(node, e);
    }
    LOG.debug("Initializing node {} with cloud provider", name);
    Optional<InstanceMetadata> found;
    try {
      found = cloud.lookUp(node);
    } catch (RuntimeException e) {
      if (cloud.hasForeignProviderId(node)) {
        return invalidProviderId(node, e);
      }
      throw e;
    }
    if (found.isEmpty()) {
      if (cloud.hasForeignProviderId(node)) {
        return invalidProviderId(node, null);
      }
      LOG.debug("The cloud has no metadata for node {} yet; retrying", name);
      return ReconcileResult.requeue();
    }
    try {
      initialize(node, found.get());
    } catch (InvalidNodeIpException e) {
      return invalidProvidedNodeIp(node, e);
    }
    problems.resolved(name);
    return ReconcileResult.done();
  }

  private ReconcileResult invalidProvidedNodeIp(V1Node node, InvalidNodeIpException e) {
    problems.report(node, NodeProblems.INVALID_PROVIDED_NODE_IP, "annotation "
        + WellKnown.ANNOTATION_PROVIDED_NODE_IP + " is not valid: " + e.getMessage()
        + "; the node stays uninitialized until the annotation is fixed");
    return ReconcileResult.requeue();
  }

  private ReconcileResult invalidProviderId(V1Node node, RuntimeException lookupFailure) {
    String message = "spec.providerID " + NodeAddressRules.quoted(InstanceMetadataSource.providerId(node))
        + " is not a provider ID of cloud provider " + NodeAddressRules.quoted(cloud.providerName())
        + " and the cloud cannot look it up; the node stays uninitialized until it registers with a valid one";
    if (lookupFailure != null) {
      LOG.debug("Looking up node {} by its provider ID failed", InstanceMetadataSource.name(node), lookupFailure);
    }
    problems.report(node, NodeProblems.INVALID_PROVIDER_ID, message);
    return ReconcileResult.requeue();
  }

  private void initialize(V1Node node, InstanceMetadata metadata) throws ApiException {
    String name = InstanceMetadataSource.name(node);
    String providerId = InstanceMetadataSource.providerId(node).isEmpty()
        ? metadata.providerId() : InstanceMetadataSource.providerId(node);
    if (providerId.isEmpty()) {
      throw new IllegalStateException("cloud provider does not set node provider ID for node " + name);
    }
    List<V1NodeAddress> cloudAddresses = metadata.nodeAddresses();
    NodeAddressRules.validateProvidedNodeIp(node, cloudAddresses);
    List<V1NodeAddress> addresses =
        cloudAddresses.isEmpty() ? List.of() : NodeAddressRules.desired(node, cloudAddresses);

    V1Node current = node;
    Map<String, String> labels = NodeLabelRules.forInitialization(name, labels(node), metadata);
    if (!labels.isEmpty()) {
      current = patches.patchLabels(name, labels);
    }
    if (InstanceMetadataSource.providerId(current).isEmpty()) {
      JsonObject spec = new JsonObject();
      spec.addProperty("providerID", providerId);
      current = patches.patchSpec(name, spec);
    }
    // Addresses go in before the taint comes off, so the node never becomes schedulable without its cloud IPs.
    if (!addresses.isEmpty() && NodeAddressRules.changed(NodeAddressRules.current(current), addresses)) {
      current = patches.replaceAddresses(name, addresses);
    }
    patches.removeTaint(current, WellKnown.TAINT_UNINITIALIZED, null);
    metrics.taintRemoved(node.getMetadata().getCreationTimestamp(), clock.now());
    LOG.info("Successfully initialized node {} with cloud provider", name);
    recorder.event(node, EventType.NORMAL, "Synced", "Node synced successfully");
    metrics.initialSyncDone(node.getMetadata().getCreationTimestamp(), clock.now());
  }

  private V1Node fresh(String name) throws ApiException {
    try {
      return patches.get(name);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  static Map<String, String> labels(V1Node node) {
    return node.getMetadata() == null ? null : node.getMetadata().getLabels();
  }
}
