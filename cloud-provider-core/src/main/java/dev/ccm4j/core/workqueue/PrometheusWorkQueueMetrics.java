package dev.ccm4j.core.workqueue;

import dev.ccm4j.core.clock.Clock;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream work queue metrics, labelled {@code name}, in one {@link PrometheusRegistry}:
 * {@code workqueue_depth}, {@code workqueue_adds_total}, {@code workqueue_queue_duration_seconds},
 * {@code workqueue_work_duration_seconds}, {@code workqueue_unfinished_work_seconds},
 * {@code workqueue_longest_running_processor_seconds} and {@code workqueue_retries_total}.
 *
 * <p>One instance exists per registry and is shared by all the queues exporting to it, because a registry accepts
 * each metric name once. The two in-flight gauges are computed at scrape time from the items being processed.
 */
public final class PrometheusWorkQueueMetrics implements WorkQueueMetricsProvider {

  private static final Map<PrometheusRegistry, PrometheusWorkQueueMetrics> BY_REGISTRY = new WeakHashMap<>();
  private static final String NAME_LABEL = "name";
  private static final double NANOS_PER_SECOND = 1e9;

  private final Gauge depth;
  private final Counter adds;
  private final Histogram queueDuration;
  private final Histogram workDuration;
  private final Counter retries;
  private final Set<QueueRecorder> liveQueues = ConcurrentHashMap.newKeySet();

  private PrometheusWorkQueueMetrics(PrometheusRegistry registry) {
    depth = Gauge.builder()
        .name("workqueue_depth")
        .help("Number of items currently waiting in the work queue.")
        .labelNames(NAME_LABEL)
        .register(registry);
    adds = Counter.builder()
        .name("workqueue_adds")
        .help("Number of adds the work queue has handled.")
        .labelNames(NAME_LABEL)
        .register(registry);
    queueDuration = latencyHistogram("workqueue_queue_duration_seconds",
        "Seconds an item waits in the work queue before a worker takes it.", registry);
    workDuration = latencyHistogram("workqueue_work_duration_seconds",
        "Seconds a worker spends processing an item taken from the work queue.", registry);
    GaugeWithCallback.builder()
        .name("workqueue_unfinished_work_seconds")
        .help("Seconds of processing in progress that work_duration has not observed yet; a steadily growing"
            + " value points at stuck workers.")
        .labelNames(NAME_LABEL)
        .callback(callback -> inFlightByQueue().forEach(
            (name, inFlight) -> callback.call(inFlight.totalSeconds(), name)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("workqueue_longest_running_processor_seconds")
        .help("Seconds the longest running item of the work queue has been processing.")
        .labelNames(NAME_LABEL)
        .callback(callback -> inFlightByQueue().forEach(
            (name, inFlight) -> callback.call(inFlight.longestSeconds(), name)))
        .register(registry);
    retries = Counter.builder()
        .name("workqueue_retries")
        .help("Number of delayed requeues the work queue has handled.")
        .labelNames(NAME_LABEL)
        .register(registry);
  }

  /**
   * Returns the metrics of a registry, registering the metric families on first use. Calling it again with the same
   * registry returns the same instance.
   *
   * @param registry the registry
   * @return the shared metrics of that registry
   * @throws IllegalArgumentException if another component already registered one of the metric names
   */
  public static PrometheusWorkQueueMetrics forRegistry(PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, PrometheusWorkQueueMetrics::new);
    }
  }

  @Override
  public QueueMetrics newQueueMetrics(String queueName, Clock clock) {
    QueueRecorder recorder = new QueueRecorder(Objects.requireNonNull(queueName, "queueName"),
        Objects.requireNonNull(clock, "clock"));
    liveQueues.add(recorder);
    return recorder;
  }

  private static Histogram latencyHistogram(String name, String help, PrometheusRegistry registry) {
    // client-go's buckets: 10ns to 10s, one per decade.
    double[] bounds = new double[10];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = Double.parseDouble("1e" + (i - 8));
    }
    return Histogram.builder()
        .name(name)
        .help(help)
        .labelNames(NAME_LABEL)
        .classicOnly()
        .classicUpperBounds(bounds)
        .withoutExemplars()
        .register(registry);
  }

  /** Aggregates per name, because two live queues may share a name and a label set may only be reported once. */
  private Map<String, InFlight> inFlightByQueue() {
    Map<String, InFlight> byName = new TreeMap<>();
    for (QueueRecorder queue : liveQueues) {
      byName.merge(queue.name, queue.inFlight(), InFlight::plus);
    }
    return byName;
  }

  private static double seconds(long nanos) {
    return Math.max(0L, nanos) / NANOS_PER_SECOND;
  }

  private record InFlight(double totalSeconds, double longestSeconds) {

    InFlight plus(InFlight other) {
      return new InFlight(totalSeconds + other.totalSeconds, Math.max(longestSeconds, other.longestSeconds));
    }
  }

  private final class QueueRecorder implements QueueMetrics {

    private final String name;
    private final Clock clock;
    private final GaugeDataPoint depthPoint;
    private final CounterDataPoint addsPoint;
    private final DistributionDataPoint queueDurationPoint;
    private final DistributionDataPoint workDurationPoint;
    private final CounterDataPoint retriesPoint;
    private final Map<Object, Long> addedAt = new ConcurrentHashMap<>();
    private final Map<Object, Long> processingSince = new ConcurrentHashMap<>();

    QueueRecorder(String name, Clock clock) {
      this.name = name;
      this.clock = clock;
      depthPoint = depth.labelValues(name);
      addsPoint = adds.labelValues(name);
      queueDurationPoint = queueDuration.labelValues(name);
      workDurationPoint = workDuration.labelValues(name);
      retriesPoint = retries.labelValues(name);
    }

    @Override
    public void added(Object item) {
      addsPoint.inc();
      depthPoint.inc();
      addedAt.putIfAbsent(item, clock.nanoTime());
    }

    @Override
    public void gotten(Object item) {
      long now = clock.nanoTime();
      depthPoint.dec();
      Long since = addedAt.remove(item);
      if (since != null) {
        queueDurationPoint.observe(seconds(now - since));
      }
      processingSince.put(item, now);
    }

    @Override
    public void done(Object item) {
      Long since = processingSince.remove(item);
      if (since != null) {
        workDurationPoint.observe(seconds(clock.nanoTime() - since));
      }
    }

    @Override
    public void discarded(Object item) {
      depthPoint.dec();
      addedAt.remove(item);
    }

    @Override
    public void retried() {
      retriesPoint.inc();
    }

    @Override
    public void close() {
      liveQueues.remove(this);
    }

    InFlight inFlight() {
      long now = clock.nanoTime();
      double total = 0;
      double longest = 0;
      for (long since : processingSince.values()) {
        double running = seconds(now - since);
        total += running;
        longest = Math.max(longest, running);
      }
      return new InFlight(total, longest);
    }
  }
}
