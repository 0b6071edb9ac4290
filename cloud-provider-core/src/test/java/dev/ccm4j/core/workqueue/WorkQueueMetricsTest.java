package dev.ccm4j.core.workqueue;

import dev.ccm4j.core.testing.Exposition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.clock.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueMetricsTest {

  private final ManualClock clock = new ManualClock();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final RateLimitingQueue<String> service = WorkQueues.newRateLimitingQueue("service", clock,
      WorkQueueMetricsProvider.prometheus(registry),
      new ItemExponentialFailureRateLimiter<>(Duration.ofSeconds(5), Duration.ofSeconds(300)));
  private final RateLimitingQueue<String> node = WorkQueues.newRateLimitingQueue("node", clock,
      WorkQueueMetricsProvider.prometheus(registry),
      new ItemExponentialFailureRateLimiter<>(Duration.ofSeconds(5), Duration.ofSeconds(300)));

  @AfterEach
  void tearDown() {
    service.shutDown();
    node.shutDown();
  }

  @Test
  void registrationIsIdempotentPerRegistry() {
    assertThat(PrometheusWorkQueueMetrics.forRegistry(registry))
        .isSameAs(PrometheusWorkQueueMetrics.forRegistry(registry))
        .isNotSameAs(PrometheusWorkQueueMetrics.forRegistry(new PrometheusRegistry()));
  }

  @Test
  void exportsTheUpstreamMetricsPerQueueName() throws Exception {
    service.add("a");
    service.add("b");
    service.add("a");
    node.add("n1");
    clock.advance(Duration.ofSeconds(2));
    String a = service.get().orElseThrow();
    clock.advance(Duration.ofSeconds(3));

    String inFlight = scrape();
    assertThat(inFlight)
        .contains("workqueue_depth{name=\"service\"} 1.0")
        .contains("workqueue_depth{name=\"node\"} 1.0")
        .contains("workqueue_adds_total{name=\"service\"} 2.0")
        .contains("workqueue_adds_total{name=\"node\"} 1.0")
        .contains("workqueue_queue_duration_seconds_count{name=\"service\"} 1")
        .contains("workqueue_queue_duration_seconds_sum{name=\"service\"} 2.0")
        .contains("workqueue_queue_duration_seconds_bucket{name=\"service\",le=\"1.0\"} 0")
        .contains("workqueue_queue_duration_seconds_bucket{name=\"service\",le=\"10.0\"} 1")
        .contains("workqueue_queue_duration_seconds_bucket{name=\"service\",le=\"1.0E-8\"} 0")
        .contains("workqueue_unfinished_work_seconds{name=\"service\"} 3.0")
        .contains("workqueue_longest_running_processor_seconds{name=\"service\"} 3.0")
        .contains("workqueue_unfinished_work_seconds{name=\"node\"} 0.0");

    service.done(a);
    service.addRateLimited("a");
    service.addAfter("c", Duration.ofSeconds(1));

    String after = scrape();
    assertThat(after)
        .contains("workqueue_work_duration_seconds_count{name=\"service\"} 1")
        .contains("workqueue_work_duration_seconds_sum{name=\"service\"} 3.0")
        .contains("workqueue_unfinished_work_seconds{name=\"service\"} 0.0")
        .contains("workqueue_longest_running_processor_seconds{name=\"service\"} 0.0")
        .contains("workqueue_retries_total{name=\"service\"} 2.0")
        .contains("workqueue_retries_total{name=\"node\"} 0.0");
  }

  @Test
  void depthCountsItemsReAddedWhileProcessingOnceAndDropsDiscardedOnes() throws Exception {
    service.add("a");
    String a = service.get().orElseThrow();
    service.add("a");
    service.add("a");
    assertThat(scrape()).contains("workqueue_depth{name=\"service\"} 1.0")
        .contains("workqueue_adds_total{name=\"service\"} 2.0");

    service.done(a);
    service.add("b");
    service.shutDown();

    assertThat(scrape()).contains("workqueue_depth{name=\"service\"} 0.0");
  }

  @Test
  void queueWithoutRegistryRecordsNothing() throws Exception {
    WorkQueue<String> quiet = WorkQueues.newWorkQueue("quiet", clock, WorkQueueMetricsProvider.noop());
    quiet.add("x");
    assertThat(scrape()).doesNotContain("quiet");
    quiet.shutDown();
  }

  private String scrape() {
    return Exposition.of(registry);
  }
}
