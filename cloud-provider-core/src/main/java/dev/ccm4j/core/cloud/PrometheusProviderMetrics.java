package dev.ccm4j.core.cloud;

import dev.ccm4j.api.ProviderMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Backs the SPI's {@link ProviderMetrics} with a {@link PrometheusRegistry}, so provider metrics appear on
 * {@code /metrics}. Asking again for a metric of the same name returns the one already registered; asking with a
 * different type or label names is an error.
 */
public final class PrometheusProviderMetrics implements ProviderMetrics {
  private final PrometheusRegistry registry;
  private final Map<String, Registered> metrics = new HashMap<>();

  /**
   * Creates the adapter.
   *
   * @param registry the registry served at {@code /metrics}
   */
  public PrometheusProviderMetrics(PrometheusRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Counter counter(String name, String help, String... labelNames) {
    return getOrRegister(name, Counter.class, labelNames, () -> {
      var counter = io.prometheus.metrics.core.metrics.Counter.builder()
          .name(name).help(help).labelNames(labelNames).register(registry);
      return (Counter) (amount, labelValues) -> counter.labelValues(labelValues).inc(amount);
    });
  }

  @Override
  public Gauge gauge(String name, String help, String... labelNames) {
    return getOrRegister(name, Gauge.class, labelNames, () -> {
      var gauge = io.prometheus.metrics.core.metrics.Gauge.builder()
          .name(name).help(help).labelNames(labelNames).register(registry);
      return (Gauge) (value, labelValues) -> gauge.labelValues(labelValues).set(value);
    });
  }

  @Override
  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return getOrRegister(name, Histogram.class, labelNames, () -> {
      var histogram = io.prometheus.metrics.core.metrics.Histogram.builder()
          .name(name).help(help).labelNames(labelNames).classicOnly().classicUpperBounds(buckets)
          .register(registry);
      return (Histogram) (value, labelValues) -> histogram.labelValues(labelValues).observe(value);
    });
  }

  private synchronized <T> T getOrRegister(String name, Class<T> kind, String[] labelNames, Supplier<T> register) {
    List<String> labels = List.of(labelNames);
    Registered existing = metrics.get(name);
    if (existing == null) {
      T handle = register.get();
      metrics.put(name, new Registered(kind, labels, handle));
      return handle;
    }
    if (existing.kind != kind || !existing.labelNames.equals(labels)) {
      throw new IllegalArgumentException("metric " + name + " is already registered as a "
          + existing.kind.getSimpleName() + " with labels " + existing.labelNames + ", not as a "
          + kind.getSimpleName() + " with labels " + Arrays.toString(labelNames));
    }
    return kind.cast(existing.handle);
  }

  private record Registered(Class<?> kind, List<String> labelNames, Object handle) {}
}
