package dev.ccm4j.provider.inspur;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.conformance.tck.ProviderContracts;
import dev.ccm4j.conformance.tck.TckExtension;
import dev.ccm4j.provider.inspur.emulator.InspurEmulator;
import dev.ccm4j.provider.inspur.fixture.InspurCloudFixtureFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider TCK against a fresh Inspur emulator: a provider made by the factory from the emulator's own
 * cloud-config for every contract, and the fixture, which creates each Service's SLB in front. Contracts that need
 * instances to stop or terminate, routes or zones skip with the fixture's or the TCK's reason.
 */
@DisplayName("[ccm4j] incloud provider TCK")
class InspurProviderTckIT implements ProviderContracts {
  private static final InspurEmulator EMULATOR = InspurEmulator.builder()
      .clientId("tck-client").clientSecret("tck&secret=1 +x").instances(0).build().start();

  @RegisterExtension
  static final TckExtension TCK = TckExtension.of(
      () -> new InspurCloudProviderFactory().create(CloudConfig.of(EMULATOR.cloudConfig())),
      new InspurCloudFixtureFactory(), "tck-cluster");

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }
}
