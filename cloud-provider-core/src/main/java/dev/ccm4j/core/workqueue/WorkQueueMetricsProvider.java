package dev.ccm4j.core.workqueue;

import dev.ccm4j.core.clock.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Creates the {@link QueueMetrics} of each queue. */
@FunctionalInterface
public interface WorkQueueMetricsProvider {

  /**
   * Creates the metrics of one queue.
   *
   * @param queueName the queue name, used as the {@code name} label
   * @param clock the queue's clock, used to measure durations
   * @return the queue's metrics
   */
  QueueMetrics newQueueMetrics(String queueName, Clock clock);

  /**
   * Returns a provider whose metrics record nothing.
   *
   * @return the no-op provider
   */
  static WorkQueueMetricsProvider noop() {
    return (queueName, clock) -> NoopQueueMetrics.INSTANCE;
  }

  /**
   * Returns the provider exporting the upstream {@code workqueue_*} metrics to a registry; see
   * {@link PrometheusWorkQueueMetrics#forRegistry(PrometheusRegistry)}.
   *
   * @param registry the registry
   * @return the provider for that registry
   */
  static WorkQueueMetricsProvider prometheus(PrometheusRegistry registry) {
    return PrometheusWorkQueueMetrics.forRegistry(registry);
  }
}
