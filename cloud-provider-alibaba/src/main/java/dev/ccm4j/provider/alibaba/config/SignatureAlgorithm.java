package dev.ccm4j.provider.alibaba.config;

import java.util.Locale;
import java.util.Optional;

/** How requests to Alibaba Cloud are signed; cloud-config key {@code Global.signatureAlgorithm}. */
public enum SignatureAlgorithm {
  /** The V3 signature in the {@code Authorization} header, what Alibaba's current official SDKs send. */
  ACS3_HMAC_SHA256("ACS3-HMAC-SHA256"),
  /** The classic RPC signature in the query string, for private deployments that accept only it. */
  HMAC_SHA1("HMAC-SHA1");

  private final String wireName;

  SignatureAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name as written in cloud-config and on the wire.
   *
   * @return e.g. {@code ACS3-HMAC-SHA256}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Looks an algorithm up by its wire name, ignoring case.
   *
   * @param name e.g. {@code hmac-sha1}
   * @return the algorithm, or empty when unknown
   */
  public static Optional<SignatureAlgorithm> fromWireName(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.wireName.equalsIgnoreCase(name.strip())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName.toUpperCase(Locale.ROOT);
  }
}
