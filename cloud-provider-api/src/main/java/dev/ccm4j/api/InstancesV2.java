package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instances capability: everything the node controllers need to know about the instance behind a Node.
 *
 * <p>Implementations look the instance up by {@code node.spec.providerID} first, and fall back to the node's
 * name, labels or annotations only when it is empty. Contracts: see {@link CloudProvider}.
 */
public interface InstancesV2 {

  /**
   * Whether the instance behind the node exists. {@code false} makes the lifecycle controller delete the Node,
   * so answer {@code false} only when the cloud positively says the instance is gone; a stopped instance exists.
   * Throwing {@link InstanceNotFoundException} means the same as returning {@code false}. Any other exception is
   * a failed lookup, and the Node is kept.
   *
   * @param node the Node, read-only
   * @return whether the instance exists
   */
  boolean instanceExists(V1Node node);

  /**
   * Whether the instance behind the node is shut down (stopped, not terminated).
   *
   * @param node the Node, read-only
   * @return whether it is shut down
   */
  boolean instanceShutdown(V1Node node);

  /**
   * The instance's metadata.
   *
   * @param node the Node, read-only
   * @return the metadata, or empty if the cloud has none yet (the controller retries with backoff)
   * @throws InstanceNotFoundException if the instance is gone
   */
  Optional<InstanceMetadata> instanceMetadata(V1Node node);

  /**
   * The metadata of many instances at once. The controllers use this for periodic refreshes, so that thousands
   * of nodes cost a handful of cloud calls.
   *
   * <p>The default calls {@link #instanceMetadata(V1Node)} once per node. A provider overrides it with its
   * cloud's bulk describe call. One node's failure must never fail the others: report it as
   * {@link MetadataLookup.Failed}.
   *
   * @param nodes the Nodes, read-only
   * @return one result per node name, for every node given
   * @throws CloudProviderException if the thread was interrupted; the interrupt flag stays set
   */
  default Map<String, MetadataLookup> instanceMetadata(List<V1Node> nodes) {
    Map<String, MetadataLookup> results = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CloudProviderException("interrupted during batch instance metadata lookup");
      }
      String name = node.getMetadata() == null ? null : node.getMetadata().getName();
      MetadataLookup result;
      try {
        result = instanceMetadata(node).map(MetadataLookup::found).orElseGet(MetadataLookup::unavailable);
      } catch (RuntimeException e) {
        result = MetadataLookup.failed(e);
      }
      results.put(name, result);
    }
    return results;
  }
}
