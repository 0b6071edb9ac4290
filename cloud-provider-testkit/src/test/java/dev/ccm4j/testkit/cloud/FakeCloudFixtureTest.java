package dev.ccm4j.testkit.cloud;

import static dev.ccm4j.testkit.cloud.Fixtures.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtures;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeCloudFixtureTest {
  private final FakeCloud cloud = new FakeCloud();
  private final FakeCloudFixture fixture = new FakeCloudFixture(cloud);

  @Test
  void createdInstancesAreRunningWithDistinctAddressesAndKnownPlacement() {
    cloud.addInstance(Fixtures.instance("existing").address("InternalIP", "10.240.0.1").build());
    FixtureInstance a = fixture.createInstance("node-a");
    FixtureInstance b = new FakeCloudFixture(cloud).createInstance("node-b");

    assertThat(a.providerId()).isEqualTo("fake://node-a");
    assertThat(a.instanceType()).isEqualTo("fake.small");
    assertThat(a.zone()).isEqualTo("fake-zone-a");
    assertThat(a.region()).isEqualTo("fake-region");
    List<String> all = List.of(internalIp(a), internalIp(b));
    assertThat(all).doesNotHaveDuplicates().doesNotContain("10.240.0.1").allMatch(ip -> ip.startsWith("10.240."));
    assertThat(a.addresses()).extracting(V1NodeAddress::getType).containsExactly("InternalIP", "Hostname");

    InstancesV2 instances = cloud.instancesV2().orElseThrow();
    assertThat(instances.instanceExists(Fixtures.node("node-a"))).isTrue();
    assertThat(instances.instanceShutdown(Fixtures.node("node-a"))).isFalse();
  }

  @Test
  void refusesToReplaceAnInstanceItDidNotCreate() {
    cloud.addInstance(Fixtures.instance("taken").build());
    assertThatThrownBy(() -> fixture.createInstance("taken")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taken");
    assertThat(cloud.instance("taken").orElseThrow().instanceType()).isEqualTo("small");
  }

  @Test
  void stopStartAndTerminateChangeTheInstanceState() {
    FixtureInstance a = fixture.createInstance("node-a");
    fixture.stopInstance(a.providerId());
    assertThat(cloud.instance("node-a").orElseThrow().state()).isEqualTo(InstanceState.STOPPED);
    fixture.startInstance(a.providerId());
    assertThat(cloud.instance("node-a").orElseThrow().state()).isEqualTo(InstanceState.RUNNING);
    fixture.terminateInstance(a.providerId());
    assertThat(cloud.instance("node-a").orElseThrow().state()).isEqualTo(InstanceState.TERMINATED);
    assertThatThrownBy(() -> fixture.stopInstance("fake://nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fake://nope");
  }

  @Test
  void readsLoadBalancersBackPerNameAndCluster() {
    LoadBalancer lb = cloud.loadBalancer().orElseThrow();
    var web = Fixtures.service("web", "11111111-2222-3333-4444-555555555555");
    lb.ensureLoadBalancer(CLUSTER, web, Fixtures.nodes("n1", "n2"));
    lb.ensureLoadBalancer("other", Fixtures.service("db", "99999999-2222-3333-4444-555555555555"),
        Fixtures.nodes("n3"));

    String name = lb.getLoadBalancerName(CLUSTER, web);
    FixtureLoadBalancer read = fixture.loadBalancer(name).orElseThrow();
    assertThat(read.addresses()).containsExactly("192.0.2.1");
    assertThat(read.backendNodes()).containsExactly("n1", "n2");
    assertThat(read.listeners()).containsExactly(FixtureLoadBalancer.Listener.of("TCP", 80, 30080),
        FixtureLoadBalancer.Listener.of("UDP", 53, 30053));
    assertThat(fixture.loadBalancers(CLUSTER)).extracting(FixtureLoadBalancer::name).containsExactly(name);

    lb.ensureLoadBalancerDeleted(CLUSTER, web);
    assertThat(fixture.loadBalancer(name)).isEmpty();
    assertThat(fixture.loadBalancers(CLUSTER)).isEmpty();
  }

  @Test
  void readsRoutesAndReportsRoutesToTerminatedInstancesAsBlackholes() {
    FixtureInstance a = fixture.createInstance("node-a");
    Routes routes = cloud.routes().orElseThrow();
    routes.createRoute(CLUSTER, "uid-a", Route.builder().targetNode("node-a").destinationCidr("10.244.1.0/24").build());
    routes.createRoute(CLUSTER, "uid-b", Route.builder().targetNode("no-instance").destinationCidr("10.244.2.0/24")
        .build());
    assertThat(fixture.routes(CLUSTER)).extracting(Route::blackhole).containsExactly(false, false);

    fixture.terminateInstance(a.providerId());
    assertThat(fixture.routes(CLUSTER)).extracting(Route::targetNode, Route::blackhole)
        .containsExactly(tuple("node-a", true),
            tuple("no-instance", false));
    assertThat(routes.listRoutes(CLUSTER)).extracting(Route::blackhole).containsExactly(true, false);

    cloud.disable(Capability.ROUTES);
    assertThatThrownBy(() -> fixture.routes(CLUSTER)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void closeRemovesOnlyTheInstancesItCreated() {
    cloud.addInstance(Fixtures.instance("theirs").build());
    fixture.createInstance("ours");
    fixture.close();
    assertThat(cloud.allInstances()).extracting(FakeInstance::name).containsExactly("theirs");
  }

  @Test
  void isRegisteredForTheFakeProvider() {
    CloudFixture found = CloudFixtures.forProvider("fake").orElseThrow().create(cloud, CLUSTER);
    assertThat(found).isInstanceOf(FakeCloudFixture.class);
    assertThatThrownBy(() -> new FakeCloudFixtureFactory().create(new CloudProvider() {
      @Override
      public String name() {
        return "other";
      }
    }, CLUSTER)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String internalIp(FixtureInstance instance) {
    return instance.addresses().stream().filter(a -> a.getType().equals("InternalIP")).findFirst().orElseThrow()
        .getAddress();
  }
}
