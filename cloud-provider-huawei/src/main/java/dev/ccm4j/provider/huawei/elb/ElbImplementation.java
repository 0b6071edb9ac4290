package dev.ccm4j.provider.huawei.elb;

import io.kubernetes.client.openapi.models.V1LoadBalancerStatus;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Service;
import java.util.List;
import java.util.Optional;

/**
 * One kind of Huawei load balancer ({@code kubernetes.io/elb.class}), called by {@link HuaweiLoadBalancer} once the
 * Service's annotations are parsed and validated.
 *
 * <p>Implementations honour the {@link dev.ccm4j.api.LoadBalancer} contract: idempotent ensure, delete tolerant of
 * partial state, only resources this cluster created are changed or deleted, {@link dev.ccm4j.api.RetryAfterException}
 * instead of blocking while the cloud provisions.
 */
public interface ElbImplementation {

  /**
   * The status of this Service's load balancer.
   *
   * @param cluster the cluster name
   * @param svc the Service, read-only
   * @param cfg its parsed settings
   * @return the status, or empty when there is no load balancer for it
   */
  Optional<V1LoadBalancerStatus> get(String cluster, V1Service svc, ElbServiceConfig cfg);

  /**
   * Creates or updates the load balancer to match the Service and the nodes.
   *
   * @param cluster the cluster name
   * @param svc the Service, read-only
   * @param nodes the backend nodes, read-only
   * @param cfg its parsed settings
   * @return the status to write
   */
  V1LoadBalancerStatus ensure(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg);

  /**
   * Makes the backends match the nodes; nothing else changes.
   *
   * @param cluster the cluster name
   * @param svc the Service, read-only
   * @param nodes the backend nodes, read-only
   * @param cfg its parsed settings
   */
  void update(String cluster, V1Service svc, List<V1Node> nodes, ElbServiceConfig cfg);

  /**
   * Deletes what was created for the Service; returns normally when nothing is left.
   *
   * @param cluster the cluster name
   * @param svc the Service, read-only
   * @param cfg its parsed settings, or empty when the annotations no longer parse (delete as far as possible)
   */
  void delete(String cluster, V1Service svc, Optional<ElbServiceConfig> cfg);
}
