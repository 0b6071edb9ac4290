package dev.ccm4j.conformance.inprocess;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.FixtureInstance;
import dev.ccm4j.api.fixture.FixtureLoadBalancer;
import dev.ccm4j.conformance.e2e.CreatedInstances;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fixture an in-process cluster hands to the suite: the provider's own fixture, plus what the machine's kubelet
 * would do. Stopping or terminating an instance silences its kubelet (the node turns Ready=Unknown, as
 * kube-controller-manager's node lifecycle marks it after its grace period); starting it makes the node Ready again.
 * It remembers the instances it created, for the node initialization scenario. Public for clusters assembled
 * outside this package, such as the launcher's {@code ccm4j conformance --cloud-emulator}.
 */
public final class KubeletAwareFixture implements CloudFixture, CreatedInstances {
  private final CloudFixture delegate;
  private final SimulatedKubelets kubelets;
  private final Map<String, FixtureInstance> byNodeName = new ConcurrentHashMap<>();

  /**
   * Wraps a provider's fixture.
   *
   * @param delegate the provider's fixture; closed with this one
   * @param kubelets the kubelets of the nodes on the instances it creates
   */
  public KubeletAwareFixture(CloudFixture delegate, SimulatedKubelets kubelets) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.kubelets = Objects.requireNonNull(kubelets, "kubelets");
  }

  @Override
  public FixtureInstance createInstance(String name) {
    FixtureInstance instance = delegate.createInstance(name);
    byNodeName.put(instance.name(), instance);
    return instance;
  }

  @Override
  public Optional<FixtureInstance> createdInstance(String nodeName) {
    return Optional.ofNullable(byNodeName.get(nodeName));
  }

  @Override
  public void stopInstance(String providerId) {
    delegate.stopInstance(providerId);
    nodeOf(providerId).ifPresent(kubelets::stop);
  }

  @Override
  public void startInstance(String providerId) {
    delegate.startInstance(providerId);
    nodeOf(providerId).ifPresent(kubelets::start);
  }

  @Override
  public void terminateInstance(String providerId) {
    delegate.terminateInstance(providerId);
    nodeOf(providerId).ifPresent(kubelets::stop);
  }

  @Override
  public Optional<FixtureLoadBalancer> loadBalancer(String name) {
    return delegate.loadBalancer(name);
  }

  @Override
  public List<FixtureLoadBalancer> loadBalancers(String clusterName) {
    return delegate.loadBalancers(clusterName);
  }

  @Override
  public V1Service prepareLoadBalancerService(V1Service service) {
    return delegate.prepareLoadBalancerService(service);
  }

  @Override
  public List<Route> routes(String clusterName) {
    return delegate.routes(clusterName);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private Optional<String> nodeOf(String providerId) {
    return byNodeName.values().stream().filter(i -> i.providerId().equals(providerId)).map(FixtureInstance::name)
        .findFirst();
  }
}
