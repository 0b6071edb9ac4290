package dev.ccm4j.api;

import java.util.Set;

/**
 * Creates a {@link CloudProvider} from its cloud-config. Register an implementation in
 * {@code META-INF/services/dev.ccm4j.api.CloudProviderFactory}; {@link CloudProviders#load} finds it by name.
 *
 * <p>Implementations have a public no-argument constructor and do no work in it.
 */
public interface CloudProviderFactory {

  /**
   * The name users pass as {@code --cloud-provider}.
   *
   * @return lower-case letters, digits, {@code .} and {@code -}; unique across the classpath
   */
  String name();

  /**
   * Other names this provider answers to, for example a vendor's former provider name.
   *
   * @return the aliases; none by default
   */
  default Set<String> aliases() {
    return Set.of();
  }

  /**
   * Creates the provider. Validate the configuration here and fail with a message that names the offending field,
   * so that a bad cloud-config stops start-up instead of failing later. Do not call the cloud yet if that can be
   * avoided: {@link CloudProvider#initialize} comes later, after leader election.
   *
   * @param config the {@code --cloud-config} contents; {@link CloudConfig#isEmpty()} when none was given
   * @return the provider
   * @throws CloudConfigException if the configuration is invalid
   */
  CloudProvider create(CloudConfig config);
}
