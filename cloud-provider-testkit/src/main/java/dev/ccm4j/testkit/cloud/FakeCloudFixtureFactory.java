package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;

/** Registers {@link FakeCloudFixture} for the provider {@value FakeCloud#DEFAULT_NAME}. */
public final class FakeCloudFixtureFactory implements CloudFixtureFactory {
  /** For {@link java.util.ServiceLoader}. */
  public FakeCloudFixtureFactory() {}

  @Override
  public String providerName() {
    return FakeCloud.DEFAULT_NAME;
  }

  @Override
  public CloudFixture create(CloudProvider provider, String clusterName) {
    if (!(provider instanceof FakeCloud fake)) {
      throw new IllegalArgumentException("the fake cloud fixture works with a " + FakeCloud.class.getName()
          + ", not " + provider.getClass().getName());
    }
    return new FakeCloudFixture(fake);
  }
}
