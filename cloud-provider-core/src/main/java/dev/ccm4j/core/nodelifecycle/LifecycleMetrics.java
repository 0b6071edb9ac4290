package dev.ccm4j.core.nodelifecycle;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Counters of the nodes the lifecycle controller deleted and of the deletions its safety valve refused. */
final class LifecycleMetrics {
  private final Counter deleted;
  private final Counter refused;

  LifecycleMetrics(PrometheusRegistry registry) {
    deleted = Counter.builder().name("cloud_node_lifecycle_nodes_deleted")
        .help("Nodes deleted because their instance no longer exists in the cloud.").register(registry);
    refused = Counter.builder().name("cloud_node_lifecycle_deletions_refused")
        .help("Node deletions refused because more than --node-deletion-max-fraction of the nodes looked gone.")
        .register(registry);
  }

  void deleted() {
    deleted.inc();
  }

  void refused(int count) {
    refused.inc(count);
  }
}
