package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cloud load balancers for Services of type {@code LoadBalancer}.
 *
 * <p>Contracts every implementation honours (see also {@link CloudProvider}):
 * <ul>
 *   <li>Arguments are read-only: the Service and Node objects come from a shared informer cache. Copy before
 *       changing anything.
 *   <li>{@link #ensureLoadBalancer} is idempotent: calling it again with the same input changes nothing in the
 *       cloud and returns the same status.
 *   <li>{@link #ensureLoadBalancerDeleted} returns normally when the load balancer does not exist, and cleans up
 *       after a partially created one.
 *   <li>Only resources this cluster created (for example tagged with the cluster name and the Service UID) are
 *       ever modified or deleted.
 *   <li>Calls for different Services may run concurrently; the core never runs two calls for the same Service at
 *       once.
 *   <li>A blocked call returns promptly when its thread is interrupted, by throwing an unchecked exception with
 *       the interrupt flag left set.
 * </ul>
 */
public interface LoadBalancer {

  /**
   * Reports whether the load balancer for {@code service} exists, and its status if it does.
   *
   * <p>Report existence only for load balancers this controller created; a provider that delegates some
   * Services elsewhere reports those as absent.
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @param service the Service, read-only
   * @return the status when the load balancer exists, otherwise empty
   */
  Optional<V1LoadBalancerStatus> getLoadBalancer(String clusterName, V1Service service);

  /**
   * The cloud-side name of the load balancer for {@code service}. Must be stable for the Service's lifetime.
   *
   * <p>The default is upstream's: {@code "a"} followed by the Service UID without dashes, cut to 32 characters.
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @param service the Service, read-only
   * @return the name
   */
  default String getLoadBalancerName(String clusterName, V1Service service) {
    return LoadBalancers.defaultName(service);
  }

  /**
   * Creates the load balancer, or updates it to match the Service and the given backend nodes.
   *
   * <p>Throw {@link RetryAfterException} to be called again after a fixed delay (for example while the cloud is
   * still provisioning), and {@link ImplementedElsewhereException} if another controller owns this Service.
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @param service the Service, read-only
   * @param nodes the backend nodes, read-only; may be empty
   * @return the status to write to the Service; never null
   */
  V1LoadBalancerStatus ensureLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes);

  /**
   * Makes the load balancer's backend set exactly {@code nodes}. Only hosts change; everything else is left to
   * {@link #ensureLoadBalancer}.
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @param service the Service, read-only
   * @param nodes the backend nodes, read-only; may be empty
   */
  void updateLoadBalancer(String clusterName, V1Service service, List<V1Node> nodes);

  /**
   * Deletes the load balancer and everything created for it. Returns normally if it does not exist, and is safe
   * to call when only some of its parts are left. Must not throw {@link ImplementedElsewhereException}.
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @param service the Service, read-only; it may already be marked for deletion
   */
  void ensureLoadBalancerDeleted(String clusterName, V1Service service);

  /**
   * Finalizers that a vendor's previous cloud-controller-manager put on Services, which the core treats as its
   * own so that a cluster can switch to ccm4j without orphaning load balancers. For example Alibaba's CCM uses
   * {@code service.k8s.alibaba/resources}.
   *
   * <p>A Service carrying one of them that is being deleted, or no longer wants a load balancer, is cleaned up
   * through {@link #ensureLoadBalancerDeleted}, and the adopted finalizers are removed together with the core's
   * own once that succeeds. A live Service carrying one gets the core's finalizer added; the adopted one stays
   * until cleanup.
   *
   * @return the finalizer names; empty by default
   */
  default Set<String> adoptedFinalizers() {
    return Set.of();
  }
}
