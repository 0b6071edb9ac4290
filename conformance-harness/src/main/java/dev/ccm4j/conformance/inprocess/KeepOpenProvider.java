package dev.ccm4j.conformance.inprocess;

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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider as the controller manager sees it, minus {@link #close()}: the manager closes its provider when it
 * stops, but the cluster still needs it open to close the fixture, which may talk to the same cloud.
 */
final class KeepOpenProvider implements CloudProvider {
  private final CloudProvider delegate;

  KeepOpenProvider(CloudProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
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
    return delegate.loadBalancer();
  }

  @Override
  public Optional<Instances> instances() {
    return delegate.instances();
  }

  @Override
  public Optional<InstancesV2> instancesV2() {
    return delegate.instancesV2();
  }

  @Override
  public Optional<Zones> zones() {
    return delegate.zones();
  }

  @Override
  public Optional<Routes> routes() {
    return delegate.routes();
  }

  @Override
  public Optional<Clusters> clusters() {
    return delegate.clusters();
  }

  @Override
  public Optional<PersistentVolumeLabeler> persistentVolumeLabeler() {
    return delegate.persistentVolumeLabeler();
  }

  @Override
  public boolean hasClusterId() {
    return delegate.hasClusterId();
  }

  @Override
  public List<ProviderController> controllers() {
    return delegate.controllers();
  }

  @Override
  public boolean ownsProviderId(String providerId) {
    return delegate.ownsProviderId(providerId);
  }

  /** Leaves the provider open; {@link InProcessCluster#close()} closes it last but one. */
  @Override
  public void close() {}
}
