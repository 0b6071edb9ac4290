package dev.ccm4j.core.serving;

import java.util.Arrays;
import java.util.List;

/** The values of {@code --tls-min-version} this server supports, and the JSSE protocols each enables. */
public enum TlsVersion {
  /** {@code VersionTLS12}: TLS 1.2 and 1.3. */
  TLS12("VersionTLS12", List.of("TLSv1.3", "TLSv1.2")),
  /** {@code VersionTLS13}: TLS 1.3 only. */
  TLS13("VersionTLS13", List.of("TLSv1.3"));

  private final String flagValue;
  private final List<String> protocols;

  TlsVersion(String flagValue, List<String> protocols) {
    this.flagValue = flagValue;
    this.protocols = protocols;
  }

  /**
   * Parses a {@code --tls-min-version} value.
   *
   * @param flagValue {@code VersionTLS12} or {@code VersionTLS13}
   * @return the version
   * @throws IllegalArgumentException for any other value, including the insecure TLS 1.0 and 1.1
   */
  public static TlsVersion parse(String flagValue) {
    return Arrays.stream(values())
        .filter(v -> v.flagValue.equals(flagValue))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unsupported --tls-min-version " + flagValue + ", use VersionTLS12 or VersionTLS13"));
  }

  /**
   * The flag spelling.
   *
   * @return for example {@code VersionTLS13}
   */
  public String flagValue() {
    return flagValue;
  }

  /**
   * The JSSE protocol names enabled at this minimum.
   *
   * @return for example {@code [TLSv1.3]}
   */
  public List<String> protocols() {
    return protocols;
  }
}
