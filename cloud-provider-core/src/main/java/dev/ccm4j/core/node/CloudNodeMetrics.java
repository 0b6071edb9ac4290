package dev.ccm4j.core.node;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Upstream's cloud-node controller metrics, both measured from the node's {@code creationTimestamp}. Registered
 * once per registry, so a controller recreated after a leadership change reuses them.
 */
final class CloudNodeMetrics {
  private static final Map<PrometheusRegistry, CloudNodeMetrics> BY_REGISTRY = new WeakHashMap<>();
  private static final double[] BUCKETS = {1, 4, 16, 64, 256, 1024};

  private final Histogram taintRemovalDelay;
  private final Histogram initialSyncDelay;

  private CloudNodeMetrics(PrometheusRegistry registry) {
    taintRemovalDelay = Histogram.builder()
        .name("node_controller_cloud_provider_taint_removal_delay_seconds")
        .help("Seconds from node creation until the cloud provider's uninitialized taint was removed.")
        .classicOnly()
        .classicUpperBounds(BUCKETS)
        .register(registry);
    initialSyncDelay = Histogram.builder()
        .name("node_controller_initial_node_sync_delay_seconds")
        .help("Seconds from node creation until the node's first sync with the cloud provider completed.")
        .classicOnly()
        .classicUpperBounds(BUCKETS)
        .register(registry);
  }

  static CloudNodeMetrics of(PrometheusRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, CloudNodeMetrics::new);
    }
  }

  void taintRemoved(OffsetDateTime created, Instant now) {
    taintRemovalDelay.observe(secondsSince(created, now));
  }

  void initialSyncDone(OffsetDateTime created, Instant now) {
    initialSyncDelay.observe(secondsSince(created, now));
  }

  private static double secondsSince(OffsetDateTime created, Instant now) {
    if (created == null) {
      return 0;
    }
    return Math.max(0, Duration.between(created.toInstant(), now).toNanos() / 1e9);
  }
}
