package dev.ccm4j.core.cloud;

import dev.ccm4j.api.LoadBalancer;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Routes {@link LoadBalancer} calls through a {@link CloudCallGovernor}. */
final class GovernedLoadBalancer implements LoadBalancer {
  private final LoadBalancer delegate;
  private final CloudCallGovernor governor;

  GovernedLoadBalancer(LoadBalancer delegate, CloudCallGovernor governor) {
    this.delegate = delegate;
    this.governor = governor;
  }

  @Override
  public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
    return governor.call("GetLoadBalancer", () -> delegate.getLoadBalancer(clusterName, service));
  }

  /** A naming function, not a cloud call: it must not spend rate-limit tokens. */
  @Override
  public String getLoadBalancerName(String clusterName, V1Service service) {
    return delegate.getLoadBalancerName(clusterName, service);
  }

  @Override
  public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    return governor.call("EnsureLoadBalancer", () -> delegate.ensureLoadBalancer(clusterName, service, nodes));
  }

  @Override
  public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
    governor.run("UpdateLoadBalancer", () -> delegate.updateLoadBalancer(clusterName, service, nodes));
  }

  @Override
  public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
    governor.run("EnsureLoadBalancerDeleted", () -> delegate.ensureLoadBalancerDeleted(clusterName, service));
  }

  /** Static configuration, not a cloud call. */
  @Override
  public Set<String> adoptedFinalizers() {
    return delegate.adoptedFinalizers();
  }
}
