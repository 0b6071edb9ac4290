package dev.ccm4j.conformance.tck;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.fixture.CloudFixture;
import java.util.Objects;

/**
 * One provider under test and the fixture for its cloud, opened for one contract and closed after it.
 *
 * @param provider the provider under test, initialized
 * @param fixture the fixture for the cloud behind it
 * @param clusterName the cluster name to pass to the provider
 */
public record TckTarget(CloudProvider provider, CloudFixture fixture, String clusterName) implements AutoCloseable {
  /** Rejects nulls. */
  public TckTarget {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(fixture, "fixture");
    Objects.requireNonNull(clusterName, "clusterName");
  }

  /** Closes the fixture (which cleans up what it created), then the provider. */
  @Override
  public void close() {
    try {
      fixture.close();
    } finally {
      provider.close();
    }
  }
}
