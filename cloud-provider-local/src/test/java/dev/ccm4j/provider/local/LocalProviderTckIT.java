package dev.ccm4j.provider.local;

import dev.ccm4j.conformance.tck.ProviderContracts;
import dev.ccm4j.conformance.tck.TckExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider TCK against the local provider: a fresh provider with its own loopback pool for every contract. */
@DisplayName("[ccm4j] local provider TCK")
class LocalProviderTckIT implements ProviderContracts {
  @RegisterExtension
  static final TckExtension TCK = TckExtension.of(LocalProviderTckIT::provider, new LocalCloudFixtureFactory(),
      "tck-cluster");

  private static LocalCloud provider() {
    // no drain: a deleted balancer frees its ports at once, so contracts can reuse them
    LocalConfig config = new LocalConfig(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
        new LoadBalancerSettings(List.of(IpRange.parse("127.78.0.1-127.78.3.250")), Duration.ofSeconds(1),
            Duration.ZERO));
    return new LocalCloud(config, Optional.empty());
  }
}
