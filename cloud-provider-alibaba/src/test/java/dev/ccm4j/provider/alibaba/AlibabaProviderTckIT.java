package dev.ccm4j.provider.alibaba;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.conformance.tck.ProviderContracts;
import dev.ccm4j.conformance.tck.TckExtension;
import dev.ccm4j.provider.alibaba.emulator.AlibabaEmulator;
import dev.ccm4j.provider.alibaba.fixture.AlibabaCloudFixtureFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider TCK against a fresh emulator: a provider made by the factory from the emulator's own cloud-config
 * for every contract, and the fixture over the emulator's control API, as {@code ccm4j conformance} runs it.
 */
@DisplayName("[ccm4j] alibaba provider TCK")
class AlibabaProviderTckIT implements ProviderContracts {
  // short but real transitions: instances pass through Pending and Stopping, route entries through Pending
  private static final AlibabaEmulator EMULATOR = AlibabaEmulator.builder()
      .accessKey("tck-access-key", "tck-access-secret").instances(0)
      .instanceTransition(Duration.ofMillis(200)).routeEntryPending(Duration.ofMillis(300)).build().start();

  @RegisterExtension
  static final TckExtension TCK = TckExtension.of(
      () -> new AlibabaCloudProviderFactory().create(CloudConfig.of(EMULATOR.cloudConfig()), Map.of()),
      new AlibabaCloudFixtureFactory(), "tck-cluster");

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }
}
