package dev.ccm4j.conformance.e2e;

import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.fixture.CloudFixture;
import io.kubernetes.client.openapi.ApiClient;
import java.util.Optional;

/**
 * The cluster the end-to-end suite runs against, with a CCM under test already running there.
 *
 * <p>Cloud-side checks (no orphaned load balancers, backends, routes, terminating an instance) need a fixture; without
 * one those checks are skipped and the report says so.
 */
public interface E2eEnvironment {
  /**
   * A client for the cluster's API server.
   *
   * @return the client
   */
  ApiClient client();

  /**
   * The cluster name the CCM under test was started with ({@code --cluster-name}).
   *
   * @return the cluster name
   */
  String clusterName();

  /**
   * The name of the provider under test.
   *
   * @return the provider name
   */
  String providerName();

  /**
   * Whether a Node's {@code spec.providerID} is in the format the provider under test writes.
   *
   * @param providerId the provider ID
   * @return by default, whether it is {@code <providerName()>://<instance-id>}; environments with a provider
   *     instance ask its {@link dev.ccm4j.api.CloudProvider#ownsProviderId}
   */
  default boolean ownsProviderId(String providerId) {
    int scheme = providerId.indexOf("://");
    return scheme > 0 && providerId.substring(0, scheme).equals(providerName())
        && providerId.length() > scheme + 3;
  }

  /**
   * The provider's load balancer naming, to find a Service's load balancer through the fixture.
   *
   * @return the load balancer capability of a provider of the same kind; empty if it offers none
   */
  Optional<LoadBalancer> loadBalancerNaming();

  /**
   * Controls and reads back the cloud.
   *
   * @return the fixture, or empty when cloud-side checks are not possible
   */
  Optional<CloudFixture> fixture();

  /**
   * Brings new nodes into the cluster.
   *
   * @return the pool, or empty against a real cluster
   */
  Optional<NodePool> nodePool();

  /**
   * Whether the CCM under test runs the route controller ({@code --configure-cloud-routes} with
   * {@code --allocate-node-cidrs} or kubelet-assigned pod CIDRs).
   *
   * @return true if routes are expected
   */
  boolean routesExpected();

  /**
   * How long the scenarios wait.
   *
   * @return the timeouts
   */
  E2eTimeouts timeouts();
}
