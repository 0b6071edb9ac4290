package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderFactory;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creates {@link FakeCloud}s for {@code --cloud-provider=fake}, registered with {@link java.util.ServiceLoader}, and
 * remembers them so that a test can reach the instance a launcher created.
 *
 * <p>The cloud-config is optional. When given it is JSON, every field optional:
 * <pre>{@code
 * {
 *   "registryName": "my-test",          // also register the cloud under this name, see named()
 *   "providerName": "fake",             // the provider name and provider ID scheme
 *   "hasClusterId": true,
 *   "enableRouteNodeAddresses": false,
 *   "disabled": ["ROUTES"],             // Capability names
 *   "localZone": {"zone": "zone-a", "region": "region-1"},
 *   "clusters": {"kubernetes": "10.0.0.1"},
 *   "instances": [{"name": "node-1", "providerId": "fake://node-1", "instanceType": "small",
 *                  "zone": "zone-a", "region": "region-1", "state": "RUNNING", "provisioning": false,
 *                  "labels": {"team": "a"}, "addresses": [{"type": "InternalIP", "address": "10.0.0.11"}]}]
 * }
 * }</pre>
 *
 * <p>A test then gets the cloud with {@link #lastCreated()} or {@link #named(String)}, and calls {@link #reset()}
 * between tests.
 */
public final class FakeCloudFactory implements CloudProviderFactory {
  private static final AtomicReference<FakeCloud> LAST = new AtomicReference<>();
  private static final Map<String, FakeCloud> NAMED = new ConcurrentHashMap<>();

  /** For {@link java.util.ServiceLoader}; does nothing. */
  public FakeCloudFactory() {}

  /**
   * {@inheritDoc}
   *
   * @return {@code fake}
   */
  @Override
  public String name() {
    return FakeCloud.DEFAULT_NAME;
  }

  /**
   * Creates a fake cloud, applies the config if there is one, and remembers the cloud.
   *
   * @param config empty, or the JSON described in the class documentation
   * @return a new {@link FakeCloud}
   * @throws CloudConfigException naming the field if the config is not valid
   */
  @Override
  public CloudProvider create(CloudConfig config) {
    FakeCloud cloud;
    String registryName = null;
    if (config.isEmpty() || config.text().isBlank()) {
      cloud = new FakeCloud();
    } else {
      FakeCloudConfig parsed = config.json(FakeCloudConfig.class);
      try {
        cloud = parsed.create(config.source());
      } catch (IllegalArgumentException e) {
        throw new CloudConfigException(config.source() + ": " + e.getMessage(), e);
      }
      registryName = parsed.registryName();
    }
    if (registryName != null) {
      NAMED.put(registryName, cloud);
    }
    LAST.set(cloud);
    return cloud;
  }

  /**
   * The cloud this factory created most recently, in any thread.
   *
   * @return the cloud, or empty if none was created since the last {@link #reset()}
   */
  public static Optional<FakeCloud> lastCreated() {
    return Optional.ofNullable(LAST.get());
  }

  /**
   * The cloud created with this {@code registryName}, the most recent if several were.
   *
   * @param registryName the name from the cloud-config
   * @return the cloud, or empty
   */
  public static Optional<FakeCloud> named(String registryName) {
    return Optional.ofNullable(NAMED.get(Objects.requireNonNull(registryName, "registryName")));
  }

  /** Forgets every cloud created so far. */
  public static void reset() {
    LAST.set(null);
    NAMED.clear();
  }
}
