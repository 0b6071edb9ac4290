package dev.ccm4j.api;

/** {@link ProviderMetrics#noop()}. */
enum NoopProviderMetrics implements ProviderMetrics {
  INSTANCE;

  @Override
  public Counter counter(String name, String help, String... labelNames) {
    return (amount, labelValues) -> {};
  }

  @Override
  public Gauge gauge(String name, String help, String... labelNames) {
    return (value, labelValues) -> {};
  }

  @Override
  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return (value, labelValues) -> {};
  }
}
