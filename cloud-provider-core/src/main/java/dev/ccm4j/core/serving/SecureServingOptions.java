package dev.ccm4j.core.serving;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secure serving flags: {@code --secure-port}, {@code --bind-address}, {@code --tls-cert-file},
 * {@code --tls-private-key-file}, {@code --tls-min-version} and {@code --tls-cipher-suites}.
 *
 * <p>Upstream overloads {@code --secure-port=0} to mean "do not serve". Here that is an explicit
 * {@link #enabled()} switch ({@link Builder#securePortFlag(int)} maps the flag), and a port of 0 is only ever
 * asked for through {@link Builder#ephemeralPort()}, which binds any free port (for tests and embedding).
 */
public final class SecureServingOptions {
  /** Default of {@code --secure-port}. */
  public static final int DEFAULT_PORT = 10258;
  /** Default of {@code --bind-address}. */
  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
      + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  /**
   * The cipher suite names {@code --tls-cipher-suites} accepts: Go's secure and insecure suites under their IANA
   * names, as upstream accepts them. TLS 1.3 suites are accepted and ignored, as upstream does.
   */
  private static final Set<String> KNOWN_SUITES = Set.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
      "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
  /** Go's legacy spellings of the ChaCha20 suites, which upstream's flag still accepts. */
  private static final Map<String, String> SUITE_ALIASES = Map.of(
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

  private final boolean enabled;
  private final String bindAddress;
  private final int port;
  private final Path certFile;
  private final Path keyFile;
  private final TlsVersion minVersion;
  private final List<String> cipherSuites;

  private SecureServingOptions(Builder b) {
    this.enabled = b.enabled;
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.certFile = b.certFile;
    this.keyFile = b.keyFile;
    this.minVersion = b.minVersion;
    this.cipherSuites = b.cipherSuites;
  }

  /**
   * Starts a builder with upstream's defaults: enabled, {@code 0.0.0.0:10258}, self-signed certificate,
   * TLS 1.2 minimum, for TLS 1.2 the suites Go offers by default with forward secrecy and AEAD.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the secure port is served at all.
   *
   * @return false when serving is disabled
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The address to bind.
   *
   * @return an IP address literal
   */
  public String bindAddress() {
    return bindAddress;
  }

  /**
   * The port to bind.
   *
   * @return 1 to 65535, or 0 for any free port when {@link Builder#ephemeralPort()} was chosen
   */
  public int port() {
    return port;
  }

  /**
   * {@code --tls-cert-file}.
   *
   * @return the PEM certificate chain file, or empty for an in-memory self-signed certificate
   */
  public Optional<Path> certFile() {
    return Optional.ofNullable(certFile);
  }

  /**
   * {@code --tls-private-key-file}.
   *
   * @return the PEM private key file; present exactly when {@link #certFile()} is
   */
  public Optional<Path> keyFile() {
    return Optional.ofNullable(keyFile);
  }

  /**
   * {@code --tls-min-version}.
   *
   * @return the minimum TLS version
   */
  public TlsVersion minVersion() {
    return minVersion;
  }

  /**
   * {@code --tls-cipher-suites}, IANA names. They govern TLS 1.2; TLS 1.3 suites are always enabled, as in
   * upstream, where TLS 1.3 suites are not configurable.
   *
   * @return the suites (IANA names, Go's legacy ChaCha20 spellings normalised), or empty for the defaults: ECDHE
   *     with AES-GCM or ChaCha20-Poly1305 for TLS 1.2
   */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /** Configures {@link SecureServingOptions}. */
  public static final class Builder {
    private boolean enabled = true;
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int port = DEFAULT_PORT;
    private Path certFile;
    private Path keyFile;
    private TlsVersion minVersion = TlsVersion.TLS12;
    private List<String> cipherSuites = List.of();

    private Builder() {}

    /**
     * Applies {@code --secure-port} with upstream's meaning: 0 disables serving.
     *
     * @param flagValue 0 to 65535
     * @return this builder
     */
    public Builder securePortFlag(int flagValue) {
      if (flagValue == 0) {
        return disabled();
      }
      return port(flagValue);
    }

    /**
     * Serves on a fixed port.
     *
     * @param port 1 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--secure-port must be between 1 and 65535, got " + port);
      }
      this.enabled = true;
      this.port = port;
      return this;
    }

    /**
     * Serves on any free port; read the bound port from {@link SecureServer#port()}.
     *
     * @return this builder
     */
    public Builder ephemeralPort() {
      this.enabled = true;
      this.port = 0;
      return this;
    }

    /**
     * Turns the secure port off.
     *
     * @return this builder
     */
    public Builder disabled() {
      this.enabled = false;
      return this;
    }

    /**
     * Sets {@code --bind-address}.
     *
     * @param address an IPv4 or IPv6 literal, as upstream's flag takes
     * @return this builder
     * @throws IllegalArgumentException naming the flag if the value is not an IP address
     */
    public Builder bindAddress(String address) {
      Objects.requireNonNull(address, "address");
      if (!isIpLiteral(address)) {
        throw new IllegalArgumentException("--bind-address \"" + address + "\": not an IP address");
      }
      this.bindAddress = address;
      return this;
    }

    private static boolean isIpLiteral(String address) {
      if (IPV4.matcher(address).matches()) {
        return true;
      }
      if (address.indexOf(':') < 0 || !IPV6.matcher(address).matches()) {
        return false;
      }
      try {
        // A literal made of these characters is parsed, never looked up.
        java.net.InetAddress.getByName(address);
        return true;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }

    /**
     * Sets {@code --tls-cert-file} and {@code --tls-private-key-file}, which go together.
     *
     * @param certFile the PEM certificate chain, leaf first
     * @param keyFile the PEM private key
     * @return this builder
     */
    public Builder tlsFiles(Path certFile, Path keyFile) {
      this.certFile = Objects.requireNonNull(certFile, "certFile");
      this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
      return this;
    }

    /**
     * Sets {@code --tls-min-version}.
     *
     * @param version the minimum version
     * @return this builder
     */
    public Builder tlsMinVersion(TlsVersion version) {
      this.minVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets {@code --tls-cipher-suites}.
     *
     * @param suites IANA cipher suite names; empty for the defaults
     * @return this builder
     * @throws IllegalArgumentException naming the flag and the entry for an empty or unknown entry
     */
    public Builder tlsCipherSuites(List<String> suites) {
      List<String> normalised = new ArrayList<>(suites.size());
      for (String suite : suites) {
        String name = suite == null ? "" : suite.trim();
        if (name.isEmpty()) {
          throw new IllegalArgumentException("--tls-cipher-suites: empty entry");
        }
        name = SUITE_ALIASES.getOrDefault(name, name);
        if (!KNOWN_SUITES.contains(name)) {
          throw new IllegalArgumentException("--tls-cipher-suites: unknown suite \"" + name + "\"");
        }
        normalised.add(name);
      }
      this.cipherSuites = List.copyOf(normalised);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public SecureServingOptions build() {
      return new SecureServingOptions(this);
    }
  }
}
