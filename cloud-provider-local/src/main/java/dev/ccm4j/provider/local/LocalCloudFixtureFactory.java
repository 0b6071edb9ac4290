package dev.ccm4j.provider.local;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.fixture.CloudFixture;
import dev.ccm4j.api.fixture.CloudFixtureFactory;

/** Registers {@link LocalCloudFixture} for the provider {@value LocalCloud#NAME}. */
public final class LocalCloudFixtureFactory implements CloudFixtureFactory {
  /** For {@link java.util.ServiceLoader}. */
  public LocalCloudFixtureFactory() {}

  @Override
  public String providerName() {
    return LocalCloud.NAME;
  }

  @Override
  public CloudFixture create(CloudProvider provider, String clusterName) {
    if (!(provider instanceof LocalCloud local)) {
      throw new IllegalArgumentException("the local fixture works with a " + LocalCloud.class.getName() + ", not "
          + provider.getClass().getName());
    }
    return new LocalCloudFixture(local);
  }
}
