package dev.ccm4j.provider.huawei;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderFactory;
import dev.ccm4j.provider.huawei.config.HuaweiConfig;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Creates the {@code huaweicloud} provider (alias {@code huawei}) from the original CCM's INI cloud-config. A
 * missing or bad key stops start-up with a {@link CloudConfigException} naming its section and key; nothing is
 * called until the first cloud operation.
 */
public final class HuaweiCloudProviderFactory implements CloudProviderFactory {
  /** The alias. */
  public static final String ALIAS = "huawei";

  /** For {@link java.util.ServiceLoader}. */
  public HuaweiCloudProviderFactory() {}

  @Override
  public String name() {
    return HuaweiCloudProvider.NAME;
  }

  @Override
  public Set<String> aliases() {
    return Set.of(ALIAS);
  }

  /**
   * Creates the provider.
   *
   * @param config the {@code --cloud-config} contents
   * @return the provider
   * @throws CloudConfigException naming the missing or invalid key
   */
  @Override
  public CloudProvider create(CloudConfig config) {
    return create(config, Clock.systemUTC());
  }

  /**
   * Creates the provider with a given clock, for tests.
   *
   * @param config the {@code --cloud-config} contents
   * @param clock the clock of request dates, credential expiry and provisioning waits
   * @return the provider
   * @throws CloudConfigException naming the missing or invalid key
   */
  public HuaweiCloudProvider create(CloudConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    if (config.isEmpty()) {
      throw new CloudConfigException(config.source() + ": the huaweicloud provider needs a --cloud-config with"
          + " [Global] region (and access-key and secret-key, unless the metadata service's temporary credentials"
          + " are used), as the original Huawei CCM's /etc/config/cloud-config");
    }
    HuaweiConfig parsed = HuaweiConfig.parse(config);
    return new HuaweiCloudProvider(parsed, clock, userAgent());
  }

  /**
   * The {@code User-Agent} of every call.
   *
   * @return {@code ccm4j-huaweicloud/<implementation version>}, {@code dev} when run from classes
   */
  static String userAgent() {
    Package p = HuaweiCloudProviderFactory.class.getPackage();
    String version = p == null || p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion();
    return "ccm4j-" + HuaweiCloudProvider.NAME + "/" + version;
  }
}
