package dev.ccm4j.core.cloud;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.Clusters;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.LoadBalancerClassController;
import dev.ccm4j.api.NodeController;
import dev.ccm4j.api.NodeReconciler;
import dev.ccm4j.api.ProviderController;
import dev.ccm4j.api.PersistentVolumeLabeler;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.Zones;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CloudProvider} whose capabilities route every cloud call through a {@link CloudCallGovernor}, so the
 * controllers can use the SPI types while still being rate limited, timed out and measured.
 *
 * <p>{@link #initialize} and {@link #close} go straight to the provider: they are lifecycle hooks, not cloud calls
 * with a bounded duration.
 */
public final class GovernedCloudProvider implements CloudProvider {
  private final CloudProvider delegate;
  private final CloudCallGovernor governor;

  /**
   * Wraps a provider.
   *
   * @param delegate the provider
   * @param governor the governor for that provider's calls; closed by {@link #close()}
   */
  public GovernedCloudProvider(CloudProvider delegate, CloudCallGovernor governor) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.governor = Objects.requireNonNull(governor, "governor");
  }

  /**
   * The governor every call goes through.
   *
   * @return the governor
   */
  public CloudCallGovernor governor() {
    return governor;
  }

  /**
   * The wrapped provider.
   *
   * @return the provider
   */
  public CloudProvider delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void initialize(ProviderContext context) {
    delegate.initialize(context);
  }

  @Override
  public Optional<LoadBalancer> loadBalancer() {
    return delegate.loadBalancer().map(lb -> new GovernedLoadBalancer(lb, governor));
  }

  @Override
  public Optional<Instances> instances() {
    return delegate.instances().map(i -> new GovernedInstances(i, governor));
  }

  @Override
  public Optional<InstancesV2> instancesV2() {
    return delegate.instancesV2().map(i -> new GovernedInstancesV2(i, governor));
  }

  @Override
  public Optional<Zones> zones() {
    return delegate.zones().map(z -> new GovernedZones(z, governor));
  }

  @Override
  public Optional<Routes> routes() {
    return delegate.routes().map(r -> new GovernedRoutes(r, governor));
  }

  @Override
  public Optional<Clusters> clusters() {
    return delegate.clusters().map(c -> new GovernedClusters(c, governor));
  }

  @Override
  public Optional<PersistentVolumeLabeler> persistentVolumeLabeler() {
    return delegate.persistentVolumeLabeler().map(l -> new GovernedVolumeLabeler(l, governor));
  }

  /**
   * The provider's contributed controllers, each calling the cloud through the governor: a class controller's
   * load balancer like the built-in one, a node controller's reconciler as operation {@value #RECONCILE_NODE}.
   *
   * @return the governed controllers, in the provider's order
   */
  @Override
  public List<ProviderController> controllers() {
    List<ProviderController> contributed = delegate.controllers();
    return contributed == null ? List.of() : contributed.stream().map(this::govern).toList();
  }

  /** The governor's operation name for one {@link NodeReconciler} call. */
  public static final String RECONCILE_NODE = "ReconcileNode";

  /**
   * Wraps one contributed controller so that its cloud calls go through the governor. Names, classes, finalizers
   * and defaults are kept.
   *
   * @param controller a controller from the provider
   * @return the same controller whose load balancer or reconciler is governed
   */
  public ProviderController govern(ProviderController controller) {
    Objects.requireNonNull(controller, "controller");
    if (controller instanceof LoadBalancerClassController lb) {
      return LoadBalancerClassController.builder(lb.name(), lb.loadBalancerClass(),
              new GovernedLoadBalancer(lb.loadBalancer(), governor))
          .enabledByDefault(lb.enabledByDefault()).finalizer(lb.finalizer()).build();
    }
    NodeController node = (NodeController) controller;
    NodeReconciler reconciler = node.reconciler();
    return NodeController.builder(node.name(),
            (name, current) -> governor.run(RECONCILE_NODE, () -> reconciler.reconcile(name, current)))
        .enabledByDefault(node.enabledByDefault()).resyncPeriod(node.resyncPeriod()).build();
  }

  /** A format check, not a cloud call; the provider's own rule must survive the wrapping. */
  @Override
  public boolean ownsProviderId(String providerId) {
    return delegate.ownsProviderId(providerId);
  }

  @Override
  public boolean hasClusterId() {
    return delegate.hasClusterId();
  }

  /** Closes the provider, then the governor. */
  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      governor.close();
    }
  }
}
