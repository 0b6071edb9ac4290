package dev.ccm4j.core.cloud;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The cloud call metrics, registered once per {@link PrometheusRegistry} no matter how many governors share it.
 */
final class CloudCallMetrics {
  private static final Map<PrometheusRegistry, CloudCallMetrics> BY_REGISTRY = new WeakHashMap<>();

  final Counter requests;
  final Histogram duration;
  final Histogram rateLimiterWait;
  final Gauge rateLimit;

  private CloudCallMetrics(PrometheusRegistry registry) {
    requests = Counter.builder()
        .name("cloudprovider_api_requests")
        .help("Calls into the cloud provider, by operation and result.")
        .labelNames("provider", "operation", "result")
        .register(registry);
    duration = Histogram.builder()
        .name("cloudprovider_api_request_duration_seconds")
        .help("Duration of cloud provider calls, excluding the rate limiter wait.")
        .labelNames("provider", "operation")
        .classicOnly()
        .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
        .register(registry);
    rateLimiterWait = Histogram.builder()
        .name("cloudprovider_api_rate_limiter_wait_seconds")
        .help("Time calls waited for the cloud provider rate limiter, including retry-after pauses.")
        .labelNames("provider")
        .classicOnly()
        .classicUpperBounds(0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60)
        .register(registry);
    rateLimit = Gauge.builder()
        .name("cloudprovider_api_rate_limit_qps")
        .help("Effective calls per second allowed to the cloud provider after throttling adjustments.")
        .labelNames("provider")
        .register(registry);
  }

  static CloudCallMetrics of(PrometheusRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, CloudCallMetrics::new);
    }
  }
}
