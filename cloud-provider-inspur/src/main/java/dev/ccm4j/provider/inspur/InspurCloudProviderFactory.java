package dev.ccm4j.provider.inspur;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderFactory;
import dev.ccm4j.provider.inspur.config.InspurConfig;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Creates the {@code incloud} provider (alias {@code inspur}) from the original CCM's {@code key=value}
 * cloud-config. A missing or bad key stops start-up with a {@link CloudConfigException} naming it; nothing is
 * called until the first load balancer operation.
 */
public final class InspurCloudProviderFactory implements CloudProviderFactory {
  /** The alias. */
  public static final String ALIAS = "inspur";

  /** For {@link java.util.ServiceLoader}. */
  public InspurCloudProviderFactory() {}

  @Override
  public String name() {
    return InspurCloudProvider.NAME;
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
   * @param clock the clock of token expiry and request dates
   * @return the provider
   * @throws CloudConfigException naming the missing or invalid key
   */
  public InspurCloudProvider create(CloudConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    if (config.isEmpty()) {
      throw new CloudConfigException(config.source() + ": the incloud provider needs a --cloud-config with "
          + InspurConfig.SLB_URL + ", " + InspurConfig.KEYCLOAK_URL + ", " + InspurConfig.CLIENT_SECRET + ", "
          + InspurConfig.CLIENT_ID + " and " + InspurConfig.REQUESTED_SUBJECT);
    }
    InspurConfig parsed = InspurConfig.parse(config);
    Package p = InspurCloudProviderFactory.class.getPackage();
    String version = p == null || p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion();
    return new InspurCloudProvider(parsed, clock, "ccm4j-incloud/" + version);
  }
}
