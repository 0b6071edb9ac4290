package dev.ccm4j.core.cloud;

import dev.ccm4j.core.testing.Exposition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.ThrottledException;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GovernedCloudProviderTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ManualTime time = new ManualTime();
  private final AtomicInteger routeCalls = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A provider whose routes get throttled and whose instances are all gone. */
  private final CloudProvider provider = new CloudProvider() {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public Optional<Routes> routes() {
      return Optional.of(new Routes() {
        @Override
        public List<Route> listRoutes(String clusterName) {
          if (routeCalls.incrementAndGet() == 1) {
            throw new ThrottledException("Throttling: rate exceeded", Duration.ofSeconds(3), null);
          }
          return List.of();
        }

        @Override
        public void createRoute(String clusterName, String nameHint, Route route) {}

        @Override
        public void deleteRoute(String clusterName, Route route) {}
      });
    }

    @Override
    public Optional<InstancesV2> instancesV2() {
      return Optional.of(new InstancesV2() {
        @Override
        public boolean instanceExists(V1Node node) {
          return false;
        }

        @Override
        public boolean instanceShutdown(V1Node node) {
          return false;
        }

        @Override
        public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
          throw new InstanceNotFoundException(node.getMetadata().getName());
        }
      });
    }

    @Override
    public void close() {
      closed.set(true);
    }
  };

  @Test
  void everyCapabilityCallGoesThroughTheGovernorUnderItsOperationName() {
    GovernedCloudProvider governed = new GovernedCloudProvider(provider,
        CloudCallGovernor.builder("fake", registry).time(time::nanoTime, time).build());
    V1Node node = new V1Node().metadata(new V1ObjectMeta().name("n1"));
    long start = time.nanoTime();

    assertThatThrownBy(() -> governed.routes().orElseThrow().listRoutes("kubernetes"))
        .isInstanceOf(ThrottledException.class);
    assertThat(governed.routes().orElseThrow().listRoutes("kubernetes")).isEmpty();
    assertThat(governed.instancesV2().orElseThrow().instanceExists(node)).isFalse();
    assertThatThrownBy(() -> governed.instancesV2().orElseThrow().instanceMetadata(node))
        .isInstanceOf(InstanceNotFoundException.class)
        .hasMessage("n1");

    assertThat(time.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofSeconds(3).toNanos());
    assertThat(governed.loadBalancer()).isEmpty();
    assertThat(governed.name()).isEqualTo("fake");
    assertThat(Exposition.of(registry))
        .contains("cloudprovider_api_requests_total{operation=\"ListRoutes\",provider=\"fake\",result=\"throttled\"} 1")
        .contains("cloudprovider_api_requests_total{operation=\"ListRoutes\",provider=\"fake\",result=\"success\"} 1")
        .contains("cloudprovider_api_requests_total{operation=\"InstanceExists\",provider=\"fake\",result=\"success\"} 1")
        .contains("cloudprovider_api_requests_total{operation=\"InstanceMetadata\",provider=\"fake\",result=\"not_found\"} 1");

    governed.close();
    assertThat(closed).isTrue();
  }
}
