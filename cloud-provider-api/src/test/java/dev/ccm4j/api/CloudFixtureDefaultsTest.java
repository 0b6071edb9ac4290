package dev.ccm4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudFixtureDefaultsTest {
  private final CloudFixture minimal = new CloudFixture() {
    @Override
    public Optional<FixtureLoadBalancer> loadBalancer(String name) {
      return Optional.empty();
    }

    @Override
    public List<FixtureLoadBalancer> loadBalancers(String clusterName) {
      return List.of();
    }
  };

  @Test
  void aCloudThatCreatesItsOwnLoadBalancersLeavesServicesAsTheyAre() {
    V1Service service = new V1Service().metadata(new V1ObjectMeta().name("web"));
    assertThat(minimal.prepareLoadBalancerService(service)).isSameAs(service);
    assertThat(service.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void instanceOperationsAreUnsupportedByDefault() {
    assertThatThrownBy(() -> minimal.createInstance("n")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> minimal.routes("c")).isInstanceOf(UnsupportedOperationException.class);
  }
}
