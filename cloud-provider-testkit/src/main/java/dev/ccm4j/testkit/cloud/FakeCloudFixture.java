package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The conformance fixture for a {@link FakeCloud}: instances it creates get a free address from 10.240.0.0/16 and
 * the zone {@code fake-zone-a} in region {@code fake-region}; load balancers and routes are read from the cloud's
 * in-memory state. Closing it removes the instances it created.
 */
public final class FakeCloudFixture implements CloudFixture {
  private static final String ZONE = "fake-zone-a";
  private static final String REGION = "fake-region";
  private static final String TYPE = "fake.small";
  private static final int ADDRESSES = 1 << 16;

  private final FakeCloud cloud;
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  /**
   * Creates the fixture.
   *
   * @param cloud the cloud under test
   */
  public FakeCloudFixture(FakeCloud cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
  }

  /**
   * Adds a running instance with the lowest address of 10.240.0.0/16 that no instance of the cloud uses yet.
   *
   * @throws IllegalArgumentException if the cloud already has an instance of this name, which is not ours to replace
   */
  @Override
  public synchronized FixtureInstance createInstance(String name) {
    if (cloud.instance(name).isPresent()) {
      throw new IllegalArgumentException("fake cloud " + cloud.name() + " already has an instance named " + name);
    }
    FakeInstance stored = cloud.addInstance(FakeInstance.builder(name)
        .instanceType(TYPE)
        .address("InternalIP", freeAddress())
        .address("Hostname", name)
        .zone(ZONE)
        .region(REGION)
        .build());
    created.add(stored.name());
    return FixtureInstance.builder(stored.name(), stored.providerId()).addresses(stored.addresses())
        .instanceType(stored.instanceType()).zone(stored.zone()).region(stored.region()).build();
  }

  @Override
  public void stopInstance(String providerId) {
    cloud.setInstanceState(byProviderId(providerId).name(), InstanceState.STOPPED);
  }

  @Override
  public void startInstance(String providerId) {
    cloud.setInstanceState(byProviderId(providerId).name(), InstanceState.RUNNING);
  }

  @Override
  public void terminateInstance(String providerId) {
    cloud.setInstanceState(byProviderId(providerId).name(), InstanceState.TERMINATED);
  }

  @Override
  public Optional<FixtureLoadBalancer> loadBalancer(String name) {
    return cloud.loadBalancers().values().stream().filter(b -> b.name().equals(name)).findFirst()
        .map(FakeCloudFixture::describe);
  }

  @Override
  public List<FixtureLoadBalancer> loadBalancers(String clusterName) {
    List<FixtureLoadBalancer> result = new ArrayList<>();
    for (FakeLoadBalancer b : cloud.loadBalancers().values()) {
      if (b.clusterName().equals(clusterName)) {
        result.add(describe(b));
      }
    }
    return result;
  }

  @Override
  public List<Route> routes(String clusterName) {
    if (!cloud.isEnabled(Capability.ROUTES)) {
      throw new UnsupportedOperationException("routes are disabled in this fake cloud");
    }
    return cloud.routesOf(clusterName);
  }

  /** Removes the instances this fixture created. */
  @Override
  public void close() {
    for (String name : created) {
      cloud.removeInstance(name);
    }
    created.clear();
  }

  private String freeAddress() {
    Set<String> used = cloud.allInstances().stream().flatMap(i -> i.addresses().stream())
        .map(V1NodeAddress::getAddress).collect(Collectors.toSet());
    for (int n = 1; n < ADDRESSES; n++) {
      String candidate = "10.240." + (n >> 8) + "." + (n & 0xff);
      if ((n & 0xff) != 0 && (n & 0xff) != 0xff && !used.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("fixture address pool 10.240.0.0/16 of fake cloud " + cloud.name()
        + " is exhausted");
  }

  private FakeInstance byProviderId(String providerId) {
    return cloud.allInstances().stream().filter(i -> i.providerId().equals(providerId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no instance with provider ID " + providerId
            + " in fake cloud " + cloud.name()));
  }

  private static FixtureLoadBalancer describe(FakeLoadBalancer b) {
    List<String> addresses = new ArrayList<>();
    if (!b.ingress().ip().isEmpty()) {
      addresses.add(b.ingress().ip());
    }
    if (!b.ingress().hostname().isEmpty()) {
      addresses.add(b.ingress().hostname());
    }
    List<FixtureLoadBalancer.Listener> listeners = b.ports().stream()
        .map(p -> FixtureLoadBalancer.Listener.of(p.protocol(), p.port(), p.nodePort())).toList();
    return FixtureLoadBalancer.builder(b.name()).addresses(addresses).listeners(listeners).backendNodes(b.nodes())
        .build();
  }
}
