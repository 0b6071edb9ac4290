package dev.ccm4j.core.service;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;

/** Upstream's {@code service_controller_*} metrics, registered once per registry. */
final class ServiceLbMetrics {
  /** 1 s doubling to 16384 s, as upstream's {@code ExponentialBuckets(1, 2, 15)}. */
  private static final double[] BUCKETS = exponentialBuckets();
  private static final Map<PrometheusRegistry, ServiceLbMetrics> BY_REGISTRY = new WeakHashMap<>();

  private final Counter loadBalancerSync;
  private final Counter nodeSyncErrors;
  private final Histogram nodeSyncLatency;
  private final Histogram updateHostLatency;

  private ServiceLbMetrics(PrometheusRegistry registry) {
    loadBalancerSync = Counter.builder().name("service_controller_loadbalancer_sync")
        .help("A metric counting the amount of times any load balancer has been configured, as an effect of "
            + "service/node changes on the cluster").register(registry);
    nodeSyncErrors = Counter.builder().name("service_controller_nodesync_error")
        .help("A metric counting the amount of times any load balancer has been configured and errored, as an "
            + "effect of node changes on the cluster").register(registry);
    nodeSyncLatency = Histogram.builder().name("service_controller_nodesync_latency_seconds")
        .help("A metric measuring the latency for nodesync which updates loadbalancer hosts on cluster node "
            + "updates.").classicOnly().classicUpperBounds(BUCKETS).register(registry);
    updateHostLatency = Histogram.builder().name("service_controller_update_loadbalancer_host_latency_seconds")
        .help("A metric measuring the latency for updating each load balancer hosts.")
        .classicOnly().classicUpperBounds(BUCKETS).register(registry);
  }

  static ServiceLbMetrics of(PrometheusRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, ServiceLbMetrics::new);
    }
  }

  void loadBalancerSyncAttempted() {
    loadBalancerSync.inc();
  }

  void nodeSyncFailed() {
    nodeSyncErrors.inc();
  }

  void nodeSyncTook(Duration duration) {
    nodeSyncLatency.observe(seconds(duration));
  }

  void updateHostsTook(Duration duration) {
    updateHostLatency.observe(seconds(duration));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static double[] exponentialBuckets() {
    double[] buckets = new double[15];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = Math.pow(2, i);
    }
    return buckets;
  }
}
