package dev.ccm4j.core.manager;

import dev.ccm4j.api.ProviderMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Backs the SPI's {@link ProviderMetrics} with the manager's Prometheus registry. */
final class PrometheusProviderMetrics implements ProviderMetrics {
  private final PrometheusRegistry registry;
  private final Map<String, Object> registered = new HashMap<>();

  PrometheusProviderMetrics(PrometheusRegistry registry) {
    this.registry = registry;
  }

  private synchronized <T> T registerOnce(String name, String kind, String[] labelNames, Class<T> type,
      java.util.function.Supplier<T> create) {
    Object existing = registered.get(name);
    if (existing == null) {
      T created = create.get();
      registered.put(name, new Object[] {kind, labelNames.clone(), created});
      return created;
    }
    Object[] entry = (Object[]) existing;
    if (!entry[0].equals(kind) || !Arrays.equals((String[]) entry[1], labelNames)) {
      throw new IllegalArgumentException("metric " + name + " is already registered as a " + entry[0]
          + " with labels " + Arrays.toString((String[]) entry[1]));
    }
    return type.cast(entry[2]);
  }

  @Override
  public ProviderMetrics.Counter counter(String name, String help, String... labelNames) {
    io.prometheus.metrics.core.metrics.Counter c = registerOnce(name, "counter", labelNames,
        io.prometheus.metrics.core.metrics.Counter.class,
        () -> io.prometheus.metrics.core.metrics.Counter.builder().name(name).help(help).labelNames(labelNames).register(registry));
    return (amount, labelValues) -> c.labelValues(labelValues).inc(amount);
  }

  @Override
  public ProviderMetrics.Gauge gauge(String name, String help, String... labelNames) {
    io.prometheus.metrics.core.metrics.Gauge g = registerOnce(name, "gauge", labelNames,
        io.prometheus.metrics.core.metrics.Gauge.class,
        () -> io.prometheus.metrics.core.metrics.Gauge.builder().name(name).help(help).labelNames(labelNames).register(registry));
    return (value, labelValues) -> g.labelValues(labelValues).set(value);
  }

  @Override
  public ProviderMetrics.Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    io.prometheus.metrics.core.metrics.Histogram h = registerOnce(name, "histogram", labelNames,
        io.prometheus.metrics.core.metrics.Histogram.class,
        () -> io.prometheus.metrics.core.metrics.Histogram.builder().name(name).help(help).classicUpperBounds(buckets).labelNames(labelNames)
            .register(registry));
    return (value, labelValues) -> h.labelValues(labelValues).observe(value);
  }
}
