package dev.ccm4j.conformance.cli;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.conformance.e2e.E2eEnvironment;
import dev.ccm4j.conformance.e2e.E2eTimeouts;
import dev.ccm4j.conformance.e2e.NodePool;
import io.kubernetes.client.openapi.ApiClient;
import java.util.Objects;
import java.util.Optional;

/**
 * A real cluster reached through a kubeconfig, with the CCM under test already running in it. Nodes are the
 * cluster's own (no {@link NodePool}); load balancer names come from a local instance of the provider under test,
 * and cloud-side checks from its fixture when one exists. Closing it closes the fixture and that provider.
 */
public final class KubeconfigEnvironment implements E2eEnvironment, AutoCloseable {
  private final ApiClient client;
  private final String clusterName;
  private final CloudProvider provider;
  private final Optional<CloudFixture> fixture;
  private final boolean routesExpected;
  private final E2eTimeouts timeouts;

  /**
   * Creates the environment.
   *
   * @param client a client for the cluster
   * @param clusterName the CCM's {@code --cluster-name}
   * @param provider a local, initialized instance of the provider under test, for load balancer naming; closed with
   *     this environment
   * @param fixture the cloud fixture, if there is one; closed with this environment
   * @param routesExpected whether the CCM under test runs the route controller
   * @param timeouts how long the scenarios wait
   */
  public KubeconfigEnvironment(ApiClient client, String clusterName, CloudProvider provider,
      Optional<CloudFixture> fixture, boolean routesExpected, E2eTimeouts timeouts) {
    this.client = Objects.requireNonNull(client, "client");
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.fixture = Objects.requireNonNull(fixture, "fixture");
    this.routesExpected = routesExpected;
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
  }

  @Override
  public ApiClient client() {
    return client;
  }

  @Override
  public String clusterName() {
    return clusterName;
  }

  @Override
  public String providerName() {
    return provider.name();
  }

  @Override
  public boolean ownsProviderId(String providerId) {
    return provider.ownsProviderId(providerId);
  }

  @Override
  public Optional<LoadBalancer> loadBalancerNaming() {
    return provider.loadBalancer();
  }

  @Override
  public Optional<CloudFixture> fixture() {
    return fixture;
  }

  @Override
  public Optional<NodePool> nodePool() {
    return Optional.empty();
  }

  @Override
  public boolean routesExpected() {
    return routesExpected;
  }

  @Override
  public E2eTimeouts timeouts() {
    return timeouts;
  }

  /** Closes the fixture (which cleans up what it created), then the provider. */
  @Override
  public void close() {
    try {
      fixture.ifPresent(CloudFixture::close);
    } finally {
      provider.close();
    }
  }
}
