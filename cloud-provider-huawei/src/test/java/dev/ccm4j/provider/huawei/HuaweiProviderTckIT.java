package dev.ccm4j.provider.huawei;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.conformance.tck.ProviderContracts;
import dev.ccm4j.conformance.tck.TckExtension;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import dev.ccm4j.provider.huawei.fixture.HuaweiCloudFixtureFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider TCK against a fresh Huawei emulator with shared ELBs, the class most clusters use: a provider made by
 * the factory from the emulator's own cloud-config for every contract, and the fixture found as {@code ccm4j
 * conformance} finds it. Contracts the provider does not offer (routes, zones, the legacy Instances) skip with the
 * TCK's reason.
 */
@DisplayName("[ccm4j] huaweicloud provider TCK (shared ELB)")
class HuaweiProviderTckIT implements ProviderContracts {
  private static final HuaweiEmulator EMULATOR = HuaweiEmulator.builder().instances(0).build().start();

  @RegisterExtension
  static final TckExtension TCK = TckExtension.of(
      () -> new HuaweiCloudProviderFactory().create(CloudConfig.of(EMULATOR.cloudConfig())),
      new HuaweiCloudFixtureFactory(), "tck-cluster");

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }
}
