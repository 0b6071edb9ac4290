package dev.ccm4j.provider.alibaba.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One set of Alibaba Cloud credentials: an access key, plus a security token and its expiry for STS credentials.
 * Immutable; {@link #toString()} shows the access key id only.
 */
public final class AlibabaCredentials {
  private final String accessKeyId;
  private final String accessKeySecret;
  private final String securityToken;
  private final Instant expiration;

  private AlibabaCredentials(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration) {
    this.accessKeyId = requireText(accessKeyId, "accessKeyId");
    this.accessKeySecret = requireText(accessKeySecret, "accessKeySecret");
    this.securityToken = securityToken;
    this.expiration = expiration;
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    return value;
  }

  /**
   * A long-lived access key.
   *
   * @param accessKeyId the access key id
   * @param accessKeySecret the access key secret
   * @return the credentials
   */
  public static AlibabaCredentials accessKey(String accessKeyId, String accessKeySecret) {
    return new AlibabaCredentials(accessKeyId, accessKeySecret, null, null);
  }

  /**
   * Temporary STS credentials, as a RAM role yields them.
   *
   * @param accessKeyId the temporary access key id
   * @param accessKeySecret the temporary access key secret
   * @param securityToken the security token sent with every request
   * @param expiration when they stop working
   * @return the credentials
   */
  public static AlibabaCredentials sts(String accessKeyId, String accessKeySecret, String securityToken,
      Instant expiration) {
    return new AlibabaCredentials(accessKeyId, accessKeySecret, requireText(securityToken, "securityToken"),
        Objects.requireNonNull(expiration, "expiration"));
  }

  /**
   * The access key id.
   *
   * @return the id
   */
  public String accessKeyId() {
    return accessKeyId;
  }

  /**
   * The access key secret. Never log it.
   *
   * @return the secret
   */
  public String accessKeySecret() {
    return accessKeySecret;
  }

  /**
   * The STS security token. Never log it.
   *
   * @return the token, or empty for a long-lived access key
   */
  public Optional<String> securityToken() {
    return Optional.ofNullable(securityToken);
  }

  /**
   * When temporary credentials expire.
   *
   * @return the expiry, or empty for a long-lived access key
   */
  public Optional<Instant> expiration() {
    return Optional.ofNullable(expiration);
  }

  /**
   * Describes the credentials without secrets.
   *
   * @return the access key id and, for STS credentials, the expiry
   */
  @Override
  public String toString() {
    return "AlibabaCredentials{accessKeyId=" + accessKeyId
        + (expiration != null ? ", sts, expires " + expiration : "") + "}";
  }
}
