package dev.ccm4j.provider.alibaba.auth;

import dev.ccm4j.api.CloudConfigException;
import dev.ccm4j.provider.alibaba.config.AlibabaCloudConfig;
import dev.ccm4j.vendor.client.Redactor;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the credentials source the way upstream does: the cloud-config access key (base64 in the file), then the
 * plain {@code ACCESS_KEY_ID} / {@code ACCESS_KEY_SECRET} environment variables, then the ECS instance's RAM role
 * from the metadata service. The choice is made once, at start-up; only RAM role credentials change afterwards.
 */
public final class CredentialsChain {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialsChain.class);

  private CredentialsChain() {}

  /**
   * Chooses the credentials source.
   *
   * @param config the parsed cloud-config
   * @param env the process environment
   * @param metadata the metadata service, used for the RAM role
   * @param redactor every static secret is registered here at once, RAM role secrets when fetched
   * @param clock the clock RAM role expiry is judged by
   * @return the provider
   * @throws CloudConfigException when only one of {@code ACCESS_KEY_ID} and {@code ACCESS_KEY_SECRET} is set
   */
  public static CredentialsProvider create(AlibabaCloudConfig config, Map<String, String> env,
      MetadataClient metadata, Redactor redactor, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(redactor, "redactor");
    Objects.requireNonNull(clock, "clock");
    if (config.accessKeyId().isPresent() && config.accessKeySecret().isPresent()) {
      redactor.secret(config.accessKeySecret().get());
      LOG.info("Alibaba credentials: access key from cloud-config {}", config.source());
      return CredentialsProvider.fixed(
          AlibabaCredentials.accessKey(config.accessKeyId().get(), config.accessKeySecret().get()), "cloud-config");
    }
    String id = blankToNull(env.get(AlibabaCloudConfig.ENV_ACCESS_KEY_ID));
    String secret = blankToNull(env.get(AlibabaCloudConfig.ENV_ACCESS_KEY_SECRET));
    if (secret != null) {
      redactor.secret(secret);
    }
    if ((id == null) != (secret == null)) {
      throw new CloudConfigException("environment variable "
          + (id == null ? AlibabaCloudConfig.ENV_ACCESS_KEY_ID : AlibabaCloudConfig.ENV_ACCESS_KEY_SECRET)
          + " is required when "
          + (id == null ? AlibabaCloudConfig.ENV_ACCESS_KEY_SECRET : AlibabaCloudConfig.ENV_ACCESS_KEY_ID)
          + " is set");
    }
    if (id != null) {
      LOG.info("Alibaba credentials: access key from the environment ({})", AlibabaCloudConfig.ENV_ACCESS_KEY_ID);
      return CredentialsProvider.fixed(AlibabaCredentials.accessKey(id, secret), "environment");
    }
    LOG.info("Alibaba credentials: the ECS instance's RAM role from the metadata service {}", metadata.endpoint());
    return new RamRoleCredentialsProvider(metadata, redactor, clock, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
