package dev.ccm4j.conformance.cli;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviders;
import dev.ccm4j.api.KubernetesClientFactory;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.conformance.tck.TckTarget;
import dev.ccm4j.conformance.tck.TckTargetFactory;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens the provider named on the command line, fresh for each contract: {@link CloudProviders#load} with the
 * cloud-config, initialized with the cluster name and clients from the kubeconfig, plus its fixture.
 */
final class LoadedProviderTargets implements TckTargetFactory {
  private final String providerName;
  private final Path cloudConfig;
  private final String clusterName;
  private final KubernetesClientFactory clients;
  private final CloudFixtureFactory fixtures;

  /**
   * @param cloudConfig the cloud-config file, or null
   */
  LoadedProviderTargets(String providerName, Path cloudConfig, String clusterName, KubernetesClientFactory clients,
      CloudFixtureFactory fixtures) {
    this.providerName = Objects.requireNonNull(providerName, "providerName");
    this.cloudConfig = cloudConfig;
    this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.fixtures = Objects.requireNonNull(fixtures, "fixtures");
  }

  @Override
  public TckTarget open() {
    CloudProvider provider = openProvider(providerName, cloudConfig, clusterName, clients);
    try {
      CloudFixture fixture = fixtures.create(provider, clusterName);
      return new TckTarget(provider, fixture, clusterName);
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
  }

  /** Loads and initializes a provider; closes it again if initialization fails. */
  static CloudProvider openProvider(String providerName, Path cloudConfig, String clusterName,
      KubernetesClientFactory clients) {
    CloudProvider provider = CloudProviders.load(providerName, cloudConfig);
    try {
      provider.initialize(ProviderContext.builder(clusterName, clients).build());
      return provider;
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
  }
}
