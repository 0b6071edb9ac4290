package dev.ccm4j.conformance.tck;

import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.FakeCloudFixtureFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every contract of the TCK against a fresh {@link FakeCloud} per test: the reference provider passes them all. */
@DisplayName("[ccm4j] FakeCloud TCK")
class FakeCloudTckIT implements ProviderContracts {
  @RegisterExtension
  static final TckExtension TCK = TckExtension.of(FakeCloud::new, new FakeCloudFixtureFactory(), "tck-cluster");
}
