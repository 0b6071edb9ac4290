package dev.ccm4j.provider.local;

import static dev.ccm4j.provider.local.Fixtures.CLUSTER;
import static dev.ccm4j.provider.local.Fixtures.node;
import static dev.ccm4j.provider.local.Fixtures.service;
import static dev.ccm4j.provider.local.Fixtures.tcp;
import static dev.ccm4j.provider.local.Fixtures.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.api.fixture.CloudFixtures;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import dev.ccm4j.api.fixture.FixtureLoadBalancer.Listener;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local fixture reads back what the real proxy holds and drives instance states. */
class LocalCloudFixtureIT {
  private LocalCloud cloud;
  private CloudFixture fixture;

  @BeforeEach
  void setUp() {
    LocalConfig config = new LocalConfig(Optional.empty(), Optional.of("lab"), Optional.empty(), Map.of(),
        new LoadBalancerSettings(List.of(IpRange.parse("127.77.2.1-127.77.2.50")), Duration.ofSeconds(1),
            Duration.ZERO));
    cloud = new LocalCloud(config, Optional.empty());
    CloudFixtureFactory factory = CloudFixtures.forProvider(LocalCloud.NAME).orElseThrow();
    fixture = factory.create(cloud, CLUSTER);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
    cloud.close();
  }

  @Test
  void readsListenersAndBackendNodesBackFromTheProxy() {
    V1Service svc = service("web", tcp(80, 30080), udp(53, 30053));
    String name = cloud.localLoadBalancer().getLoadBalancerName(CLUSTER, svc);
    assertThat(fixture.loadBalancer(name)).isEmpty();

    String ip = cloud.localLoadBalancer().ensureLoadBalancer(CLUSTER, svc,
        List.of(node("a", "127.77.9.1"), node("b", "127.77.9.2"))).getIngress().get(0).getIp();
    FixtureLoadBalancer lb = fixture.loadBalancer(name).orElseThrow();
    assertThat(lb.addresses()).containsExactly(ip);
    assertThat(lb.listeners()).containsExactlyInAnyOrder(Listener.of("TCP", 80, 30080), Listener.of("UDP", 53, 30053));
    assertThat(lb.backendNodes()).containsExactly("a", "b");

    cloud.localLoadBalancer().updateLoadBalancer(CLUSTER, svc, List.of(node("b", "127.77.9.2")));
    assertThat(fixture.loadBalancer(name).orElseThrow().backendNodes()).containsExactly("b");
    assertThat(fixture.loadBalancers(CLUSTER)).extracting(FixtureLoadBalancer::name).containsExactly(name);

    cloud.localLoadBalancer().ensureLoadBalancerDeleted(CLUSTER, svc);
    assertThat(fixture.loadBalancer(name)).isEmpty();
    assertThat(fixture.loadBalancers(CLUSTER)).isEmpty();
  }

  @Test
  void instanceStatesFollowTheFixtureAndAreClearedOnClose() {
    FixtureInstance created = fixture.createInstance("worker-9");
    assertThat(created.providerId()).isEqualTo("local://worker-9");
    assertThat(created.region()).isEqualTo("lab");
    assertThat(created.zone()).isEqualTo(LocalInstances.DEFAULT_ZONE);
    V1Node node = new V1Node().metadata(node("renamed", null).getMetadata())
        .spec(new V1NodeSpec().providerID(created.providerId())).status(node("x", null).getStatus()
            .addresses(created.addresses()));

    fixture.stopInstance(created.providerId());
    assertThat(cloud.instancesV2().orElseThrow().instanceShutdown(node)).isTrue();
    assertThat(cloud.instancesV2().orElseThrow().instanceExists(node)).isTrue();
    fixture.terminateInstance(created.providerId());
    assertThat(cloud.instancesV2().orElseThrow().instanceExists(node)).isFalse();

    fixture.close();
    assertThat(cloud.instanceState("worker-9")).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void refusesForeignProvidersAndProviderIds() {
    assertThatThrownBy(() -> fixture.stopInstance("aws:///us-east-1a/i-123"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a local instance");
    CloudFixtureFactory factory = CloudFixtures.forProvider(LocalCloud.NAME).orElseThrow();
    CloudProvider other = () -> "other";
    assertThatThrownBy(() -> factory.create(other, CLUSTER)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("works with a");
  }
}
