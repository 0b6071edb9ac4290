package dev.ccm4j.api;

import java.util.List;
import java.util.Optional;

/**
 * A cloud, as the cloud-controller-manager sees it: a name and a set of optional capabilities.
 *
 * <p>A provider implements this interface, the capabilities its cloud supports, and a {@link CloudProviderFactory}
 * registered with {@link java.util.ServiceLoader}. The core calls {@link #initialize} once, after this process
 * has won leader election and before any controller starts, and {@link #close} on shutdown.
 *
 * <h2>Contracts for every capability</h2>
 * <ul>
 *   <li><b>Arguments are read-only.</b> Nodes and Services come from shared informer caches; copy them before any
 *       change.
 *   <li><b>Writes are idempotent.</b> Every ensure, create and delete may be repeated after a crash or a timeout
 *       and must converge to the same cloud state; deleting something that is already gone returns normally.
 *   <li><b>"Instance not found" means gone.</b> Throw {@link InstanceNotFoundException} (or answer "does not
 *       exist") only when the cloud positively says the instance is terminated, never for a stopped instance and
 *       never because a call failed. The lifecycle controller deletes Nodes on that signal alone.
 *   <li><b>Only touch what is ours.</b> Delete or modify only cloud resources this cluster created, identified by
 *       tags that carry the cluster name.
 *   <li><b>Concurrency.</b> Methods may be called concurrently for different objects. The core never runs two
 *       load balancer calls for the same Service at once.
 *   <li><b>Interruption.</b> A blocked call returns promptly when its thread is interrupted, by throwing an
 *       unchecked exception with the interrupt flag left set. The core interrupts calls that exceed
 *       {@code --cloud-api-timeout}.
 *   <li><b>Throttling.</b> Report the cloud's rate limiting as {@link ThrottledException} so that the core slows
 *       down every call to this provider.
 *   <li><b>Secrets.</b> Never put credentials in exception messages or logs.
 * </ul>
 */
public interface CloudProvider extends AutoCloseable {

  /**
   * The provider's name, for example {@code local}. By default it is also the scheme of the provider IDs this
   * provider writes ({@code <name>://<instance-id>}); a provider with another format overrides
   * {@link #ownsProviderId(String)}.
   *
   * @return the name; lower-case letters, digits, {@code .} and {@code -}
   */
  String name();

  /**
   * Called once, after this process won leader election and before any controller starts. A provider may start
   * its own background work here and must stop it when {@link ProviderContext#shutdown()} completes or
   * {@link #close()} is called.
   *
   * @param context the cluster name, a Kubernetes client factory, the shutdown signal and metrics
   */
  default void initialize(ProviderContext context) {}

  /**
   * The load balancer capability.
   *
   * @return the capability, or empty if the cloud has no load balancers
   */
  default Optional<LoadBalancer> loadBalancer() {
    return Optional.empty();
  }

  /**
   * The legacy instances capability. Ignored when {@link #instancesV2()} is present.
   *
   * @return the capability, or empty
   */
  default Optional<Instances> instances() {
    return Optional.empty();
  }

  /**
   * The instances capability. When present, {@link #instances()} and {@link #zones()} are not used by the node
   * controllers.
   *
   * @return the capability, or empty
   */
  default Optional<InstancesV2> instancesV2() {
    return Optional.empty();
  }

  /**
   * The deprecated zones capability.
   *
   * @return the capability, or empty
   */
  default Optional<Zones> zones() {
    return Optional.empty();
  }

  /**
   * The routes capability.
   *
   * @return the capability, or empty
   */
  default Optional<Routes> routes() {
    return Optional.empty();
  }

  /**
   * The clusters capability.
   *
   * @return the capability, or empty
   */
  default Optional<Clusters> clusters() {
    return Optional.empty();
  }

  /**
   * The persistent volume labelling capability, used only by the opt-in
   * {@code persistent-volume-label-controller}.
   *
   * @return the capability, or empty
   */
  default Optional<PersistentVolumeLabeler> persistentVolumeLabeler() {
    return Optional.empty();
  }

  /**
   * Whether this provider has the cluster ID it needs to tag and recognise its resources. A provider that needs
   * none returns true. When false, the launcher refuses to start unless {@code --allow-untagged-cloud} is given.
   *
   * @return true if no cluster ID is required, or one is required and set
   */
  default boolean hasClusterId() {
    return true;
  }

  /**
   * Controllers this provider contributes, run by the core next to the built-in ones: only on the leader, with
   * the core's work queue, rate limiting, metrics, events and {@code --controllers} selection by
   * {@link ProviderController#name()}.
   *
   * <p>Called when the controller manager is built, before leader election and usually before
   * {@link #initialize}, so that {@code --controllers} can be checked at start-up; the launcher may call it once
   * more to check the flag. Return equivalent controllers on every call and do no cloud work here. The core calls
   * the returned controllers' load balancers and reconcilers only after {@link #initialize}, on the leader. Names
   * must be unique and must not clash with a built-in controller's name or alias, and two load balancer class
   * controllers must not serve the same class; the core refuses to start otherwise, naming both.
   *
   * @return the contributed controllers; empty by default
   */
  default List<ProviderController> controllers() {
    return List.of();
  }

  /**
   * Whether {@code providerId} is in the format this provider writes to {@code spec.providerID}. The core and
   * the conformance kit use it to recognise this provider's nodes.
   *
   * <p>The default accepts {@code <name()>://<instance-id>}. A provider that writes another format (Alibaba
   * writes {@code <region>.<instance-id>}) overrides this, and keeps accepting every format it ever wrote.
   *
   * @param providerId a provider ID, for example from {@code node.spec.providerID}; may be null or empty
   * @return true if it is well formed and belongs to this provider
   */
  default boolean ownsProviderId(String providerId) {
    if (providerId == null || providerId.isEmpty()) {
      return false;
    }
    try {
      return ProviderId.parse(providerId).belongsTo(name());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Releases the provider's resources: threads, connection pools. Called once on shutdown; must not throw. */
  @Override
  default void close() {}
}
