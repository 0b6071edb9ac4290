package dev.ccm4j.core.cloud;

import dev.ccm4j.core.testing.Exposition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.ThrottledException;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /** A provider with Alibaba's provider ID format, an adopting load balancer and contributed controllers. */
  private static CloudProvider vendor(LoadBalancer balancer, NodeReconciler reconciler) {
    return new CloudProvider() {
      @Override
      public String name() {
        return "vendor";
      }

      @Override
      public Optional<LoadBalancer> loadBalancer() {
        return Optional.of(balancer);
      }

      @Override
      public List<ProviderController> controllers() {
        return List.of(
            LoadBalancerClassController.builder("vendor-nlb", "vendor.example/nlb", balancer)
                .enabledByDefault(false).finalizer("service.vendor.example/nlb").build(),
            NodeController.builder("vendor-sg", reconciler).enabledByDefault(true)
                .resyncPeriod(Duration.ofMinutes(1)).build());
      }

      @Override
      public boolean ownsProviderId(String providerId) {
        return providerId.matches("[a-z0-9-]+\\.i-[a-z0-9]+");
      }
    };
  }

  @Test
  void theProvidersOwnRulesAndContributedControllersSurviveTheWrapping() {
    AtomicInteger deletes = new AtomicInteger();
    LoadBalancer balancer = new LoadBalancer() {
      @Override
      public Optional<V1LoadBalancerStatus> getLoadBalancer(String cluster, V1Service service) {
        return Optional.empty();
      }

      @Override
      public V1LoadBalancerStatus ensureLoadBalancer(String cluster, V1Service service,
          List<V1Node> nodes) {
        throw new ThrottledException("Throttling.User", Duration.ofSeconds(2), null);
      }

      @Override
      public void updateLoadBalancer(String cluster, V1Service service, List<V1Node> nodes) {}

      @Override
      public void ensureLoadBalancerDeleted(String cluster, V1Service service) {
        deletes.incrementAndGet();
      }

      @Override
      public Set<String> adoptedFinalizers() {
        return Set.of("service.k8s.alibaba/resources");
      }
    };
    AtomicInteger reconciles = new AtomicInteger();
    GovernedCloudProvider governed = new GovernedCloudProvider(
        vendor(balancer, (n, node) -> reconciles.incrementAndGet()),
        CloudCallGovernor.builder("vendor", registry).time(time::nanoTime, time).build());

    assertThat(governed.ownsProviderId("cn-hangzhou.i-bp1abc")).isTrue();
    assertThat(governed.ownsProviderId("vendor://i-bp1abc")).isFalse();
    assertThat(governed.loadBalancer().orElseThrow().adoptedFinalizers())
        .containsExactly("service.k8s.alibaba/resources");

    List<ProviderController> controllers = governed.controllers();
    LoadBalancerClassController nlb = (LoadBalancerClassController) controllers.get(0);
    assertThat(nlb.name()).isEqualTo("vendor-nlb");
    assertThat(nlb.loadBalancerClass()).isEqualTo("vendor.example/nlb");
    assertThat(nlb.finalizer()).isEqualTo("service.vendor.example/nlb");
    assertThat(nlb.enabledByDefault()).isFalse();
    assertThat(nlb.loadBalancer().adoptedFinalizers()).containsExactly("service.k8s.alibaba/resources");
    NodeController sg = (NodeController) controllers.get(1);
    assertThat(sg.enabledByDefault()).isTrue();
    assertThat(sg.resyncPeriod()).isEqualTo(Duration.ofMinutes(1));

    // the class controller's throttling slows down every later call to the provider, the node reconciler's too
    long start = time.nanoTime();
    assertThatThrownBy(() -> nlb.loadBalancer().ensureLoadBalancer("k", new V1Service(), List.of()))
        .isInstanceOf(ThrottledException.class);
    sg.reconciler().reconcile("n1", Optional.empty());
    nlb.loadBalancer().ensureLoadBalancerDeleted("k", new V1Service());
    assertThat(time.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(reconciles).hasValue(1);
    assertThat(deletes).hasValue(1);
    assertThat(Exposition.of(registry))
        .contains("cloudprovider_api_requests_total{operation=\"EnsureLoadBalancer\",provider=\"vendor\","
            + "result=\"throttled\"} 1")
        .contains("cloudprovider_api_requests_total{operation=\"ReconcileNode\",provider=\"vendor\","
            + "result=\"success\"} 1");
    governed.close();
  }
}
