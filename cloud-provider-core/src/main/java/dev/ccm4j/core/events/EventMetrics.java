package dev.ccm4j.core.events;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The {@code ccm4j_events} counter: a broadcaster's Events by outcome, read when {@code /metrics} is scraped. */
public final class EventMetrics {
  private EventMetrics() {}

  /**
   * Registers the counter for one broadcaster.
   *
   * @param events the broadcaster whose outcomes are counted
   * @param registry the registry served on {@code /metrics}
   */
  public static void register(EventBroadcaster events, PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name("ccm4j_events")
        .help("Kubernetes Events by outcome: written (created or count-patched), dropped because the queue was full,"
            + " dropped by the per-object spam filter, or failed after retries")
        .labelNames("result")
        .callback(cb -> {
          cb.call(events.written(), "written");
          cb.call(events.droppedQueueFull(), "dropped_queue_full");
          cb.call(events.droppedSpam(), "dropped_spam");
          cb.call(events.failed(), "failed");
        })
        .register(registry);
  }
}
