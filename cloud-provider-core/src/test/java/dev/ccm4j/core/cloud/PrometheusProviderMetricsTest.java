package dev.ccm4j.core.cloud;

import dev.ccm4j.core.testing.Exposition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.ProviderMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class PrometheusProviderMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ProviderMetrics metrics = new PrometheusProviderMetrics(registry);

  @Test
  void providerMetricsAppearInTheExpositionAndRegisterOnce() {
    metrics.counter("mycloud_api_retries", "retries", "api").inc(2, "ecs");
    metrics.counter("mycloud_api_retries", "retries", "api").inc(1, "ecs");
    metrics.gauge("mycloud_quota_remaining", "quota").set(42);
    metrics.histogram("mycloud_api_latency_seconds", "latency", new double[] {0.1, 1}, "api").observe(0.5, "slb");

    assertThat(Exposition.of(registry))
        .contains("mycloud_api_retries_total{api=\"ecs\"} 3.0")
        .contains("mycloud_quota_remaining 42.0")
        .contains("mycloud_api_latency_seconds_bucket{api=\"slb\",le=\"1.0\"} 1")
        .contains("mycloud_api_latency_seconds_bucket{api=\"slb\",le=\"0.1\"} 0");
  }

  @Test
  void aNameCannotChangeTypeOrLabels() {
    metrics.counter("mycloud_calls", "calls", "api");

    assertThatThrownBy(() -> metrics.gauge("mycloud_calls", "calls", "api"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Counter");
    assertThatThrownBy(() -> metrics.counter("mycloud_calls", "calls", "region"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
