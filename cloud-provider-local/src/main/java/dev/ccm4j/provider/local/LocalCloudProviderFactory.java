package dev.ccm4j.provider.local;

import dev.ccm4j.api.CloudConfig;
import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderFactory;

/** Creates the {@code local} provider from an optional YAML or JSON cloud-config; see {@link LocalConfig}. */
public final class LocalCloudProviderFactory implements CloudProviderFactory {

  /** Creates the factory; called by {@link java.util.ServiceLoader}. */
  public LocalCloudProviderFactory() {}

  @Override
  public String name() {
    return LocalCloud.NAME;
  }

  @Override
  public CloudProvider create(CloudConfig config) {
    return new LocalCloud(LocalConfig.parse(config), config.path());
  }
}
