package dev.ccm4j.core.controller;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code ccm4j_controller_reconcile_total{controller,result}}, with {@code result} one of {@code success},
 * {@code requeue} and {@code error}, so the label cardinality is three per controller. The counter family is
 * registered once per registry.
 */
final class ControllerMetrics {

  private static final Map<PrometheusRegistry, Counter> BY_REGISTRY = new WeakHashMap<>();
  private static final Runnable NOTHING = () -> { };

  private final Runnable success;
  private final Runnable requeue;
  private final Runnable error;

  private ControllerMetrics(Runnable success, Runnable requeue, Runnable error) {
    this.success = success;
    this.requeue = requeue;
    this.error = error;
  }

  /**
   * Returns the metrics of one controller.
   *
   * @param controller the controller name
   * @param registry the registry, or {@code null} to record nothing
   * @return the metrics
   */
  static ControllerMetrics forController(String controller, PrometheusRegistry registry) {
    if (registry == null) {
      return new ControllerMetrics(NOTHING, NOTHING, NOTHING);
    }
    Counter counter;
    synchronized (BY_REGISTRY) {
      counter = BY_REGISTRY.computeIfAbsent(registry, r -> Counter.builder()
          .name("ccm4j_controller_reconcile")
          .help("Number of reconciles per controller and result (success, requeue or error).")
          .labelNames("controller", "result")
          .register(r));
    }
    CounterDataPoint success = counter.labelValues(controller, "success");
    CounterDataPoint requeue = counter.labelValues(controller, "requeue");
    CounterDataPoint error = counter.labelValues(controller, "error");
    return new ControllerMetrics(success::inc, requeue::inc, error::inc);
  }

  void success() {
    success.run();
  }

  void requeue() {
    requeue.run();
  }

  void error() {
    error.run();
  }
}
