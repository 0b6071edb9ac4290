package dev.ccm4j.provider.local;

import dev.ccm4j.api.ProviderId;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The conformance fixture for a {@link LocalCloud}. Every node is an instance here, so creating one only chooses its
 * addresses (a loopback address from 127.0.3.1, unless the cloud-config names some) and stopping or terminating it
 * sets its state through {@link LocalCloud#setInstanceState}. Load balancers and routes are read from the provider's
 * own proxy and route table, which are this cloud's truth. A process runs one cluster, so
 * {@link #loadBalancers(String)} lists every load balancer.
 *
 * <p>Closing the fixture clears the states it set, so the cloud-config decides again.
 */
public final class LocalCloudFixture implements CloudFixture {
  private final LocalCloud cloud;
  private final Set<String> touched = ConcurrentHashMap.newKeySet();
  private final AtomicInteger nextAddress = new AtomicInteger(1);

  /**
   * Creates the fixture.
   *
   * @param cloud the provider under test
   */
  public LocalCloudFixture(LocalCloud cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
  }

  @Override
  public FixtureInstance createInstance(String name) {
    LocalConfig config = cloud.config();
    NodeSettings settings = config.nodes().get(name);
    List<V1NodeAddress> addresses = settings != null && !settings.addresses().isEmpty() ? settings.addresses()
        : List.of(new V1NodeAddress().type("InternalIP").address(nextLoopback()),
            new V1NodeAddress().type("Hostname").address(name));
    touched.add(name);
    cloud.setInstanceState(name, InstanceState.RUNNING);
    return FixtureInstance.builder(name, LocalCloud.NAME + "://" + name).addresses(addresses)
        .instanceType(pick(settings == null ? Optional.empty() : settings.instanceType(), config.instanceType(),
            LocalInstances.DEFAULT_INSTANCE_TYPE))
        .zone(pick(settings == null ? Optional.empty() : settings.zone(), config.zone(), LocalInstances.DEFAULT_ZONE))
        .region(pick(settings == null ? Optional.empty() : settings.region(), config.region(),
            LocalInstances.DEFAULT_REGION)).build();
  }

  @Override
  public void stopInstance(String providerId) {
    setState(providerId, InstanceState.SHUTDOWN);
  }

  @Override
  public void startInstance(String providerId) {
    setState(providerId, InstanceState.RUNNING);
  }

  @Override
  public void terminateInstance(String providerId) {
    setState(providerId, InstanceState.TERMINATED);
  }

  @Override
  public Optional<FixtureLoadBalancer> loadBalancer(String name) {
    return cloud.localLoadBalancer().describe(name);
  }

  @Override
  public List<FixtureLoadBalancer> loadBalancers(String clusterName) {
    return cloud.localLoadBalancer().describeAll();
  }

  @Override
  public List<Route> routes(String clusterName) {
    return cloud.routes().orElseThrow().listRoutes(clusterName);
  }

  /** Forgets every state this fixture set. */
  @Override
  public void close() {
    touched.forEach(cloud::clearInstanceState);
    touched.clear();
  }

  private void setState(String providerId, InstanceState state) {
    ProviderId id = ProviderId.parse(providerId);
    if (!id.belongsTo(LocalCloud.NAME)) {
      throw new IllegalArgumentException("provider ID " + providerId + " is not a " + LocalCloud.NAME + " instance");
    }
    touched.add(id.instanceId());
    cloud.setInstanceState(id.instanceId(), state);
  }

  private String nextLoopback() {
    int n = nextAddress.getAndIncrement();
    return "127.0." + (3 + n / 254) + "." + (n % 254 + 1);
  }

  private static String pick(Optional<String> own, Optional<String> configDefault, String builtIn) {
    return own.or(() -> configDefault).orElse(builtIn);
  }
}
