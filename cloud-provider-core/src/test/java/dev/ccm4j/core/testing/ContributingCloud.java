package dev.ccm4j.core.testing;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.Clusters;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.PersistentVolumeLabeler;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.Zones;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link FakeCloud} that also contributes controllers and, optionally, has its load balancer adopt a previous
 * controller's finalizers: what a vendor provider looks like to the core.
 */
public final class ContributingCloud implements CloudProvider {
  private final FakeCloud base;
  private final List<ProviderController> controllers;
  private final Set<String> adopted;

  /**
   * Wraps a fake cloud.
   *
   * @param base every capability comes from it
   * @param controllers what {@link #controllers()} returns
   * @param adopted the built-in load balancer's {@link LoadBalancer#adoptedFinalizers()}
   */
  public ContributingCloud(FakeCloud base, List<ProviderController> controllers, Set<String> adopted) {
    this.base = base;
    this.controllers = controllers;
    this.adopted = Set.copyOf(adopted);
  }

  /**
   * A load balancer that adopts the given finalizers and otherwise is {@code delegate}.
   *
   * @param delegate the load balancer
   * @param adopted its adopted finalizers
   * @return the wrapper
   */
  public static LoadBalancer adopting(LoadBalancer delegate, Set<String> adopted) {
    return new LoadBalancer() {
      @Override
      public Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service) {
        return delegate.getLoadBalancer(clusterName, service);
      }

      @Override
      public String getLoadBalancerName(String clusterName, V1Service service) {
        return delegate.getLoadBalancerName(clusterName, service);
      }

      @Override
      public V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
        return delegate.ensureLoadBalancer(clusterName, service, nodes);
      }

      @Override
      public void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes) {
        delegate.updateLoadBalancer(clusterName, service, nodes);
      }

      @Override
      public void ensureLoadBalancerDeleted(String clusterName, V1Service service) {
        delegate.ensureLoadBalancerDeleted(clusterName, service);
      }

      @Override
      public Set<String> adoptedFinalizers() {
        return adopted;
      }
    };
  }

  @Override
  public String name() {
    return base.name();
  }

  @Override
  public void initialize(ProviderContext context) {
    base.initialize(context);
  }

  @Override
  public Optional<LoadBalancer> loadBalancer() {
    return base.loadBalancer().map(lb -> adopted.isEmpty() ? lb : adopting(lb, adopted));
  }

  @Override
  public Optional<Instances> instances() {
    return base.instances();
  }

  @Override
  public Optional<InstancesV2> instancesV2() {
    return base.instancesV2();
  }

  @Override
  public Optional<Zones> zones() {
    return base.zones();
  }

  @Override
  public Optional<Routes> routes() {
    return base.routes();
  }

  @Override
  public Optional<Clusters> clusters() {
    return base.clusters();
  }

  @Override
  public Optional<PersistentVolumeLabeler> persistentVolumeLabeler() {
    return base.persistentVolumeLabeler();
  }

  @Override
  public List<ProviderController> controllers() {
    return controllers;
  }

  @Override
  public boolean hasClusterId() {
    return base.hasClusterId();
  }

  @Override
  public void close() {
    base.close();
  }
}
