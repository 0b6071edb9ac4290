package dev.ccm4j.provider.alibaba.clb;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.LoadBalancer;
import dev.ccm4j.api.ProviderContext;
import dev.ccm4j.conformance.tck.LoadBalancerContract;
import dev.ccm4j.conformance.tck.TckExtension;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.provider.alibaba.AlibabaCloudProvider;
import dev.ccm4j.provider.alibaba.AlibabaCloudProviderFactory;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.fixture.AlibabaCloudFixtureFactory;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TCK's load balancer contracts against {@link ClbLoadBalancer} itself, on the provider's instances and fixture,
 * so that the CLB implementation is held to the contracts independently of how the provider wires it.
 */
@DisplayName("[ccm4j] alibaba CLB load balancer contracts")
class ClbTckIT implements LoadBalancerContract {
  private static final AlibabaEmulator EMULATOR = AlibabaEmulator.builder()
      .accessKey("tck-access-key", "tck-access-secret").instances(0).build().start();

  @RegisterExtension
  static final TckExtension TCK = TckExtension.of(ClbTckIT::provider, new CloudFixtureFactory() {
    @Override
    public String providerName() {
      return AlibabaCloudProvider.NAME;
    }

    @Override
    public CloudFixture create(CloudProvider provider, String clusterName) {
      // the provider's own fixture, given the provider it knows
      return new AlibabaCloudFixtureFactory().create(((WithClb) provider).real, clusterName);
    }
  }, "tck-cluster");

  private static CloudProvider provider() {
    CloudConfig cloudConfig = CloudConfig.of(EMULATOR.cloudConfig());
    CloudProvider real = new AlibabaCloudProviderFactory().create(cloudConfig, Map.of());
    AlibabaCloudConfig config = AlibabaCloudConfig.parse(cloudConfig, Map.of());
    AlibabaApi api = AlibabaApi.create(config, Map.of(), "ccm4j-tck");
    return new WithClb(real, api, new ClbLoadBalancer(api, config));
  }

  /** The provider with {@link ClbLoadBalancer} as its load balancer. */
  private static final class WithClb implements CloudProvider {
    final CloudProvider real;
    final AlibabaApi api;
    final ClbLoadBalancer clb;

    WithClb(CloudProvider real, AlibabaApi api, ClbLoadBalancer clb) {
      this.real = real;
      this.api = api;
      this.clb = clb;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public void initialize(ProviderContext context) {
      real.initialize(context);
    }

    @Override
    public Optional<InstancesV2> instancesV2() {
      return real.instancesV2();
    }

    @Override
    public Optional<LoadBalancer> loadBalancer() {
      return Optional.of(clb);
    }

    @Override
    public boolean ownsProviderId(String providerId) {
      return real.ownsProviderId(providerId);
    }

    @Override
    public void close() {
      api.close();
      real.close();
    }
  }

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }
}
