package dev.ccm4j.provider.alibaba;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderFactory;
import dev.ccm4j.provider.alibaba.api.AlibabaApi;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Creates the {@code alibaba} provider (aliases {@code alicloud}, upstream v1's name, and {@code alibabacloud},
 * upstream v2's default) from upstream's {@code {"Global":{...}}} cloud-config and environment variables.
 *
 * <p>Creation parses and validates the configuration and builds the client, and calls nothing: a bad file stops
 * start-up with a {@link CloudConfigException} naming the key, before any network traffic. When the cloud-config
 * names no region, the client is made in {@link CloudProvider#initialize}, where the region is asked of the ECS
 * metadata service.
 */
public final class AlibabaCloudProviderFactory implements CloudProviderFactory {
  /** Upstream v1's provider name. */
  public static final String ALIAS_ALICLOUD = "alicloud";
  /** Upstream v2's default {@code --cloud-provider}. */
  public static final String ALIAS_ALIBABACLOUD = "alibabacloud";

  /** For {@link java.util.ServiceLoader}. */
  public AlibabaCloudProviderFactory() {}

  @Override
  public String name() {
    return AlibabaCloudProvider.NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of(ALIAS_ALICLOUD, ALIAS_ALIBABACLOUD);
  }

  /**
   * Creates the provider with the process environment.
   *
   * @param config the {@code --cloud-config} contents
   * @return the provider
   * @throws CloudConfigException naming the key or environment variable at fault
   */
  @Override
  public CloudProvider create(CloudConfig config) {
    return create(config, System.getenv());
  }

  /**
   * Creates the provider with a given environment, for tests and embedding.
   *
   * @param config the {@code --cloud-config} contents
   * @param env the environment variables to read ({@code ACCESS_KEY_ID}, {@code ECS_ENDPOINT}, ...)
   * @return the provider
   * @throws CloudConfigException naming the key or environment variable at fault
   */
  public AlibabaCloudProvider create(CloudConfig config, Map<String, String> env) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(env, "env");
    AlibabaCloudConfig parsed = AlibabaCloudConfig.parse(config, env);
    Map<String, String> environment = Map.copyOf(env);
    String userAgent = userAgent();
    AlibabaCloudProvider provider = new AlibabaCloudProvider(parsed,
        () -> AlibabaApi.create(parsed, environment, userAgent), AlibabaCloudProvider.ROUTE_AVAILABLE_WAIT);
    if (parsed.region().isPresent()) {
      // with the region known, making the client needs no network: its own checks (credentials in the
      // environment, endpoints) then stop start-up here as well
      provider.api();
    }
    return provider;
  }

  /** {@code ccm4j/<version> (alibaba)}; the version is the jar's, or {@code dev} when run from classes. */
  static String userAgent() {
    String version = AlibabaCloudProviderFactory.class.getPackage().getImplementationVersion();
    return "ccm4j/" + (version == null ? "dev" : version) + " (" + AlibabaCloudProvider.NAME + ")";
  }
}
