package dev.ccm4j.provider.huawei.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * One set of Huawei Cloud credentials: an access key, its secret key and, for temporary credentials, the security
 * token sent as {@code X-Security-Token}. {@link #toString()} shows only the access key.
 *
 * @param accessKey the access key (AK)
 * @param secretKey the secret key (SK)
 * @param securityToken the security token of temporary credentials, empty for permanent ones
 */
public record HuaweiCredentials(String accessKey, String secretKey, Optional<String> securityToken) {
  /** Checks the fields. */
  public HuaweiCredentials {
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(securityToken, "securityToken");
    if (accessKey.isBlank() || secretKey.isBlank()) {
      throw new IllegalArgumentException("access key and secret key must not be blank");
    }
    securityToken = securityToken.filter(t -> !t.isBlank());
  }

  /**
   * Permanent credentials.
   *
   * @param accessKey the access key
   * @param secretKey the secret key
   * @return credentials without a security token
   */
  public static HuaweiCredentials permanent(String accessKey, String secretKey) {
    return new HuaweiCredentials(accessKey, secretKey, Optional.empty());
  }

  @Override
  public String toString() {
    return "HuaweiCredentials{accessKey=" + accessKey + ", secretKey=***"
        + (securityToken.isPresent() ? ", securityToken=***" : "") + "}";
  }
}
