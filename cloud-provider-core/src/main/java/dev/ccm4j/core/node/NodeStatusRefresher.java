package dev.ccm4j.core.node;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.core.kube.ApiErrors;
import dev.ccm4j.core.patch.NodePatches;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the periodic node refresh (upstream's {@code UpdateNodeStatus}), improved: initialized nodes are
 * looked up in batches (one cloud call per batch on the InstancesV2 path), and both the addresses and the instance
 * type, zone and region labels follow the cloud. A node whose state already matches costs no write; an address
 * reordering counts as a change. Lookups and writes run on a pool sized by
 * {@code --concurrent-node-status-updates}.
 */
final class NodeStatusRefresher {
  private static final Logger LOG = LoggerFactory.getLogger(NodeStatusRefresher.class);

  private final Supplier<List<V1Node>> nodes;
  private final InstanceMetadataSource cloud;
  private final NodePatches patches;
  private final ExecutorService pool;
  private final int batchSize;

  /**
   * Creates the refresher.
   *
   * @param nodes lists the nodes, normally from the informer cache
   * @param cloud the cloud
   * @param patches writes nodes
   * @param pool runs the lookups and writes; its size is the parallelism
   * @param batchSize nodes per batch lookup on the InstancesV2 path; the legacy path looks nodes up one by one
   */
  NodeStatusRefresher(Supplier<List<V1Node>> nodes, InstanceMetadataSource cloud, NodePatches patches,
      ExecutorService pool, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.cloud = Objects.requireNonNull(cloud, "cloud");
    this.patches = Objects.requireNonNull(patches, "patches");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.batchSize = cloud.batches() ? batchSize : 1;
  }

  /**
   * Refreshes every initialized node once.
   *
   * @return how many nodes were written
   * @throws InterruptedException if stopped meanwhile
   */
  int refresh() throws InterruptedException {
    long start = System.nanoTime();
    List<V1Node> initialized = nodes.get().stream().filter(n -> !CloudNodeSync.uninitialized(n)).toList();
    List<Callable<List<Callable<Boolean>>>> lookups = new ArrayList<>();
    for (int from = 0; from < initialized.size(); from += batchSize) {
      List<V1Node> chunk = initialized.subList(from, Math.min(initialized.size(), from + batchSize));
      lookups.add(() -> writesFor(chunk));
    }
    List<Callable<Boolean>> writes = new ArrayList<>();
    for (List<Callable<Boolean>> w : all(lookups)) {
      writes.addAll(w);
    }
    int written = (int) all(writes).stream().filter(Boolean::booleanValue).count();
    LOG.debug("Update {} nodes status took {} ms; {} written", initialized.size(),
        (System.nanoTime() - start) / 1_000_000, written);
    return written;
  }

  private List<Callable<Boolean>> writesFor(List<V1Node> chunk) {
    Map<String, MetadataLookup> results;
    try {
      results = cloud.lookUpAll(chunk);
    } catch (RuntimeException e) {
      LOG.warn("Refreshing {} nodes from the cloud failed: {}", chunk.size(), e.toString());
      return List.of();
    }
    List<Callable<Boolean>> writes = new ArrayList<>();
    for (V1Node node : chunk) {
      String name = InstanceMetadataSource.name(node);
      MetadataLookup result = results.get(name);
      if (result instanceof MetadataLookup.Found found) {
        Callable<Boolean> write = writeFor(node, found.metadata());
        if (write != null) {
          writes.add(write);
        }
      } else if (result instanceof MetadataLookup.Failed failed) {
        LOG.debug("Refreshing node {} from the cloud failed: {}", name, failed.error().toString());
      }
    }
    return writes;
  }

  /** The write that brings the node in line with the cloud, or null when it already is. */
  private Callable<Boolean> writeFor(V1Node node, InstanceMetadata metadata) {
    String name = InstanceMetadataSource.name(node);
    Map<String, String> labels = NodeLabelRules.topologyChanges(CloudNodeSync.labels(node), metadata);
    List<V1NodeAddress> addresses = List.of();
    if (!metadata.nodeAddresses().isEmpty()) {
      try {
        List<V1NodeAddress> desired = NodeAddressRules.desired(node, metadata.nodeAddresses());
        if (NodeAddressRules.changed(NodeAddressRules.current(node), desired)) {
          addresses = desired;
        }
      } catch (InvalidNodeIpException e) {
        LOG.warn("Not updating the addresses of node {}: {}", name, e.getMessage());
      }
    }
    if (labels.isEmpty() && addresses.isEmpty()) {
      return null;
    }
    List<V1NodeAddress> newAddresses = addresses;
    return () -> {
      try {
        if (!labels.isEmpty()) {
          patches.patchLabels(name, labels);
        }
        if (!newAddresses.isEmpty()) {
          patches.replaceAddresses(name, newAddresses);
        }
        return true;
      } catch (ApiException e) {
        LOG.warn("Updating node {} from the cloud failed: {}", name, ApiErrors.describe(e));
        return false;
      }
    };
  }

  private <T> List<T> all(List<Callable<T>> tasks) throws InterruptedException {
    List<T> results = new ArrayList<>();
    for (Future<T> f : pool.invokeAll(tasks)) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        LOG.warn("A node refresh task failed", e.getCause());
      }
    }
    return results;
  }
}
