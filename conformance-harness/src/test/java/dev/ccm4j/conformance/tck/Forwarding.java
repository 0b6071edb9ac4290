package dev.ccm4j.conformance.tck;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.Zones;
import dev.ccm4j.testkit.cloud.FakeCloud;
import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Decorators around a {@link FakeCloud} for building deliberately broken providers: each forwards every call, and a
 * test overrides the one behaviour it breaks.
 */
final class Forwarding {
  private Forwarding() {}

  /** A provider whose capabilities are the fake's, passed through replaceable decorators. */
  static final class Provider implements CloudProvider {
    private final FakeCloud cloud;
    private final UnaryOperator<LoadBalancer> lb;
    private final UnaryOperator<InstancesV2> v2;
    private final UnaryOperator<Instances> v1;
    private final UnaryOperator<Routes> routes;

    private Provider(FakeCloud cloud, UnaryOperator<LoadBalancer> lb, UnaryOperator<InstancesV2> v2,
        UnaryOperator<Instances> v1, UnaryOperator<Routes> routes) {
      this.cloud = cloud;
      this.lb = lb;
      this.v2 = v2;
      this.v1 = v1;
      this.routes = routes;
    }

    static Provider of(FakeCloud cloud) {
      return new Provider(cloud, UnaryOperator.identity(), UnaryOperator.identity(), UnaryOperator.identity(),
          UnaryOperator.identity());
    }

    Provider loadBalancer(UnaryOperator<LoadBalancer> decorator) {
      return new Provider(cloud, decorator, v2, v1, routes);
    }

    Provider instances(UnaryOperator<Instances> v1Decorator, UnaryOperator<InstancesV2> v2Decorator) {
      return new Provider(cloud, lb, v2Decorator, v1Decorator, routes);
    }

    Provider routes(UnaryOperator<Routes> decorator) {
      return new Provider(cloud, lb, v2, v1, decorator);
    }

    @Override
    public String name() {
      return cloud.name();
    }

    @Override
    public Optional<LoadBalancer> loadBalancer() {
      return cloud.loadBalancer().map(lb);
    }

    @Override
    public Optional<Instances> instances() {
      return cloud.instances().map(v1);
    }

    @Override
    public Optional<InstancesV2> instancesV2() {
      return cloud.instancesV2().map(v2);
    }

    @Override
    public Optional<Zones> zones() {
      return cloud.zones();
    }

    @Override
    public Optional<Routes> routes() {
      return cloud.routes().map(routes);
    }

    @Override
    public void close() {
      cloud.close();
    }
  }

  /** Forwards every {@link LoadBalancer} call. */
  static class ForwardingLoadBalancer implements LoadBalancer {
    final LoadBalancer delegate;

    ForwardingLoadBalancer(LoadBalancer delegate) {
      this.delegate = delegate;
    }

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
  }

  /** Forwards every {@link InstancesV2} call, the batch lookup included. */
  static class ForwardingInstancesV2 implements InstancesV2 {
    final InstancesV2 delegate;

    ForwardingInstancesV2(InstancesV2 delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean instanceExists(V1Node node) {
      return delegate.instanceExists(node);
    }

    @Override
    public boolean instanceShutdown(V1Node node) {
      return delegate.instanceShutdown(node);
    }

    @Override
    public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
      return delegate.instanceMetadata(node);
    }

    @Override
    public Map<String, MetadataLookup> instanceMetadata(List<V1Node> nodes) {
      return delegate.instanceMetadata(nodes);
    }
  }

  /** Forwards every {@link Instances} call. */
  static class ForwardingInstances implements Instances {
    final Instances delegate;

    ForwardingInstances(Instances delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<V1NodeAddress> nodeAddresses(String nodeName) {
      return delegate.nodeAddresses(nodeName);
    }

    @Override
    public List<V1NodeAddress> nodeAddressesByProviderId(String providerId) {
      return delegate.nodeAddressesByProviderId(providerId);
    }

    @Override
    public String instanceId(String nodeName) {
      return delegate.instanceId(nodeName);
    }

    @Override
    public String instanceType(String nodeName) {
      return delegate.instanceType(nodeName);
    }

    @Override
    public String instanceTypeByProviderId(String providerId) {
      return delegate.instanceTypeByProviderId(providerId);
    }

    @Override
    public void addSshKeyToAllInstances(String user, byte[] keyData) {
      delegate.addSshKeyToAllInstances(user, keyData);
    }

    @Override
    public String currentNodeName(String hostname) {
      return delegate.currentNodeName(hostname);
    }

    @Override
    public boolean instanceExistsByProviderId(String providerId) {
      return delegate.instanceExistsByProviderId(providerId);
    }

    @Override
    public boolean instanceShutdownByProviderId(String providerId) {
      return delegate.instanceShutdownByProviderId(providerId);
    }
  }

  /** Forwards every {@link Routes} call. */
  static class ForwardingRoutes implements Routes {
    final Routes delegate;

    ForwardingRoutes(Routes delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<Route> listRoutes(String clusterName) {
      return delegate.listRoutes(clusterName);
    }

    @Override
    public void createRoute(String clusterName, String nameHint, Route route) {
      delegate.createRoute(clusterName, nameHint, route);
    }

    @Override
    public void deleteRoute(String clusterName, Route route) {
      delegate.deleteRoute(clusterName, route);
    }
  }
}
