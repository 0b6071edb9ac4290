package dev.ccm4j.core.workqueue;

import dev.ccm4j.core.clock.Clock;
import java.util.Objects;

/**
 * Creates queues. Delaying and rate-limiting queues own a daemon thread named {@code <name>-delaying-queue} that
 * ends when the queue is shut down, so always shut such queues down.
 */
public final class WorkQueues {

  private WorkQueues() {
  }

  /**
   * Creates a plain work queue.
   *
   * @param name the queue name, the {@code name} label of its metrics
   * @param clock the clock measuring queue and work durations
   * @param metrics the metrics provider, e.g. {@link WorkQueueMetricsProvider#noop()}
   * @param <T> the item type
   * @return a new queue
   */
  public static <T> WorkQueue<T> newWorkQueue(String name, Clock clock, WorkQueueMetricsProvider metrics) {
    return new BasicWorkQueue<>(queueMetrics(name, clock, metrics));
  }

  /**
   * Creates a delaying queue.
   *
   * @param name the queue name, the {@code name} label of its metrics and the prefix of its thread's name
   * @param clock the clock measuring delays and durations
   * @param metrics the metrics provider, e.g. {@link WorkQueueMetricsProvider#noop()}
   * @param <T> the item type
   * @return a new queue; shut it down to end its thread
   */
  public static <T> DelayingQueue<T> newDelayingQueue(String name, Clock clock, WorkQueueMetricsProvider metrics) {
    QueueMetrics queueMetrics = queueMetrics(name, clock, metrics);
    return BasicDelayingQueue.start(name, new BasicWorkQueue<>(queueMetrics), clock, queueMetrics);
  }

  /**
   * Creates a rate-limiting queue.
   *
   * @param name the queue name, the {@code name} label of its metrics and the prefix of its thread's name
   * @param clock the clock measuring delays and durations
   * @param metrics the metrics provider, e.g. {@link WorkQueueMetricsProvider#noop()}
   * @param limiter the limiter choosing requeue delays, e.g.
   *     {@link RateLimiters#defaultControllerRateLimiter(Clock)}
   * @param <T> the item type
   * @return a new queue; shut it down to end its thread
   */
  public static <T> RateLimitingQueue<T> newRateLimitingQueue(String name, Clock clock,
      WorkQueueMetricsProvider metrics, RateLimiter<T> limiter) {
    Objects.requireNonNull(limiter, "limiter");
    return new BasicRateLimitingQueue<>(newDelayingQueue(name, clock, metrics), limiter);
  }

  private static QueueMetrics queueMetrics(String name, Clock clock, WorkQueueMetricsProvider metrics) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(metrics, "metrics");
    return Objects.requireNonNull(metrics.newQueueMetrics(name, clock), "metrics provider returned null");
  }
}
