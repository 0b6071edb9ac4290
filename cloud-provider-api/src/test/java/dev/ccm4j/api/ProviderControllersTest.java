package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderControllersTest {

  private static final LoadBalancer BALANCER = new LoadBalancer() {
    @Override
    public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
      return Optional.empty();
    }

    @Override
    public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
      return new V1LoadBalancerStatus();
    }

    @Override
    public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {}

    @Override
    public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {}
  };

  private static CloudProvider provider(String name) {
    return () -> name;
  }

  @Test
  void loadBalancerClassControllerDefaultsToEnabledAndKeepsItsParts() {
    LoadBalancerClassController c =
        LoadBalancerClassController.builder("nlb-service-controller", "alibabacloud.com/nlb", BALANCER).build();
    assertThat(c.name()).isEqualTo("nlb-service-controller");
    assertThat(c.loadBalancerClass()).isEqualTo("alibabacloud.com/nlb");
    assertThat(c.loadBalancer()).isSameAs(BALANCER);
    assertThat(c.enabledByDefault()).isTrue();
    assertThat(c.finalizer()).isEqualTo("ccm4j.dev/nlb-service-controller");
    assertThat(LoadBalancerClassController.builder("nlb", "c", BALANCER).finalizer("service.k8s.alibaba/nlb")
        .build().finalizer()).isEqualTo("service.k8s.alibaba/nlb");
    assertThat(LoadBalancerClassController.builder("x", "c", BALANCER).enabledByDefault(false).build()
        .enabledByDefault()).isFalse();
  }

  @Test
  void loadBalancerClassControllerRejectsBadInputNamingIt() {
    assertThatThrownBy(() -> LoadBalancerClassController.builder("NLB", "c", BALANCER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"NLB\"");
    assertThatThrownBy(() -> LoadBalancerClassController.builder("nlb", "", BALANCER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loadBalancerClass");
    assertThatThrownBy(() -> LoadBalancerClassController.builder("nlb", "a b", BALANCER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a b\"");
    assertThatThrownBy(() -> LoadBalancerClassController.builder("a".repeat(64), "c", BALANCER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 63");
    LoadBalancerClassController.Builder b = LoadBalancerClassController.builder("nlb", "c", BALANCER);
    assertThatThrownBy(() -> b.finalizer("no-prefix"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid finalizer \"no-prefix\"");
    assertThatThrownBy(() -> b.finalizer("Bad.Domain/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("provider controller nlb");
    assertThatThrownBy(() -> b.finalizer(WellKnown.FINALIZER_LOAD_BALANCER_CLEANUP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs its own");
    assertThatThrownBy(() -> LoadBalancerClassController.builder("nlb", "c", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("balancer");
  }

  @Test
  void nodeControllerDefaultsToDisabledWithFiveMinuteResync() {
    List<String> seen = new ArrayList<>();
    NodeController c = NodeController.builder("sg-controller", (name, node) -> seen.add(name)).build();
    assertThat(c.enabledByDefault()).isFalse();
    assertThat(c.resyncPeriod()).isEqualTo(Duration.ofMinutes(5));
    c.reconciler().reconcile("n1", Optional.empty());
    assertThat(seen).containsExactly("n1");

    NodeController tuned = NodeController.builder("sg-controller", (name, node) -> {})
        .enabledByDefault(true).resyncPeriod(Duration.ofSeconds(30)).build();
    assertThat(tuned.enabledByDefault()).isTrue();
    assertThat(tuned.resyncPeriod()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void nodeControllerRejectsNonPositiveResync() {
    NodeController.Builder b = NodeController.builder("sg", (name, node) -> {});
    assertThatThrownBy(() -> b.resyncPeriod(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resyncPeriod of provider controller sg");
    assertThatThrownBy(() -> b.resyncPeriod(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeController.builder("-sg", (name, node) -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"-sg\"");
  }

  @Test
  void controllerKindsAreClosed() {
    assertThat(ProviderController.class.isSealed()).isTrue();
    assertThat(ProviderController.class.getPermittedSubclasses())
        .containsExactlyInAnyOrder(LoadBalancerClassController.class, NodeController.class);
  }

  @Test
  void providerDefaultsContributeNothingAndOwnSchemeIds() {
    CloudProvider p = provider("local");
    assertThat(p.controllers()).isEmpty();
    assertThat(p.ownsProviderId("local://n1")).isTrue();
    assertThat(p.ownsProviderId("aws:///us-east-1a/i-1")).isFalse();
    assertThat(p.ownsProviderId("local://")).isFalse();
    assertThat(p.ownsProviderId("cn-hangzhou.i-1")).isFalse();
    assertThat(p.ownsProviderId("")).isFalse();
    assertThat(p.ownsProviderId(null)).isFalse();
    assertThat(BALANCER.adoptedFinalizers()).isEmpty();
  }

  @Test
  void serviceConfigurationExceptionIsACloudProviderException() {
    ServiceConfigurationException e = new ServiceConfigurationException("annotation x: expected one of a, b");
    assertThat(e).isInstanceOf(CloudProviderException.class);
    assertThat(e).hasMessage("annotation x: expected one of a, b");
    assertThat(CloudProviderException.findInChain(new RuntimeException("wrapped", e),
        ServiceConfigurationException.class)).containsSame(e);
  }
}
