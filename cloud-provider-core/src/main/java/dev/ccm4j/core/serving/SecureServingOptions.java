package dev.ccm4j.core.serving;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
   * TLS 1.2 minimum, the JDK's default cipher suites.
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
   * @return an IP address literal or host name
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
   * @return the suites, or empty for the JDK's defaults
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
     * @param address an IP literal or host name
     * @return this builder
     */
    public Builder bindAddress(String address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
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
     */
    public Builder tlsCipherSuites(List<String> suites) {
      this.cipherSuites = List.copyOf(suites);
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
