package dev.ccm4j.api;

/**
 * Lets a provider publish its own metrics on the cloud-controller-manager's {@code /metrics} endpoint without
 * depending on a metrics library. The core backs it with its Prometheus registry.
 *
 * <p>Names follow Prometheus conventions ({@code snake_case}, base units, counters without the {@code _total}
 * suffix, which the exposition adds). Keep label values bounded: never a node name, a Service name or an ID.
 */
public interface ProviderMetrics {

  /**
   * Registers (or returns the already registered) counter.
   *
   * @param name the metric name, for example {@code mycloud_api_retries}
   * @param help what it counts
   * @param labelNames the label names
   * @return the counter
   */
  Counter counter(String name, String help, String... labelNames);

  /**
   * Registers (or returns the already registered) gauge.
   *
   * @param name the metric name
   * @param help what it measures
   * @param labelNames the label names
   * @return the gauge
   */
  Gauge gauge(String name, String help, String... labelNames);

  /**
   * Registers (or returns the already registered) histogram with the given bucket upper bounds.
   *
   * @param name the metric name, in base units, for example {@code mycloud_api_latency_seconds}
   * @param help what it measures
   * @param buckets the bucket upper bounds, ascending
   * @param labelNames the label names
   * @return the histogram
   */
  Histogram histogram(String name, String help, double[] buckets, String... labelNames);

  /** A monotonically increasing count. */
  interface Counter {
    /**
     * Adds to the counter.
     *
     * @param amount a non-negative amount
     * @param labelValues one value per label name, in order
     */
    void inc(double amount, String... labelValues);
  }

  /** A value that goes up and down. */
  interface Gauge {
    /**
     * Sets the gauge.
     *
     * @param value the value
     * @param labelValues one value per label name, in order
     */
    void set(double value, String... labelValues);
  }

  /** A distribution of observed values. */
  interface Histogram {
    /**
     * Records one observation.
     *
     * @param value the observed value, in base units
     * @param labelValues one value per label name, in order
     */
    void observe(double value, String... labelValues);
  }

  /**
   * Metrics that go nowhere, for tests and for embedding without a metrics endpoint.
   *
   * @return a no-op implementation
   */
  static ProviderMetrics noop() {
    return NoopProviderMetrics.INSTANCE;
  }
}
