package dev.ccm4j.provider.huawei;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;
import dev.ccm4j.conformance.tck.ProviderContracts;
import dev.ccm4j.conformance.tck.TckExtension;
import dev.ccm4j.provider.huawei.emulator.HuaweiEmulator;
import dev.ccm4j.provider.huawei.fixture.HuaweiCloudFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider TCK again with dedicated ELBs (ELB v3, availability zones required): the fixture gives every Service
 * {@code kubernetes.io/elb.class: dedicated} and the emulator's first zone.
 */
@DisplayName("[ccm4j] huaweicloud provider TCK (dedicated ELB)")
class HuaweiDedicatedTckIT implements ProviderContracts {
  private static final HuaweiEmulator EMULATOR = HuaweiEmulator.builder().instances(0).build().start();

  @RegisterExtension
  static final TckExtension TCK = TckExtension.of(
      () -> new HuaweiCloudProviderFactory().create(CloudConfig.of(EMULATOR.cloudConfig())),
      new CloudFixtureFactory() {
        @Override
        public String providerName() {
          return HuaweiCloudProvider.NAME;
        }

        @Override
        public CloudFixture create(CloudProvider provider, String clusterName) {
          return new HuaweiCloudFixture(EMULATOR.control(), Map.of(
              HuaweiCloudFixture.CLASS_ANNOTATION, "dedicated",
              "kubernetes.io/elb.availability-zones", EMULATOR.availabilityZones().get(0)));
        }
      }, "tck-dedicated");

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }
}
