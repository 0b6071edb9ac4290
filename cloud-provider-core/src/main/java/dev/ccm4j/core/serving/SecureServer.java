package dev.ccm4j.core.serving;

import dev.ccm4j.core.concurrent.DaemonThreads;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud-controller-manager's secure port: HTTPS with {@code /healthz}, {@code /livez}, {@code /readyz}
 * (each with {@code ?verbose}, {@code ?exclude=} and {@code /<check>} sub-paths), {@code /metrics} and
 * {@code /configz}, behind delegated authentication and authorization.
 *
 * <p>Delegated auth is mandatory unless explicitly switched off with {@link Builder#withoutDelegatedAuth()}:
 * give an {@link ApiClient} (upstream's defaults) or a configured {@link DelegatedAuth}. Close the server to stop
 * it.
 *
 * <p>The port stays responsive under slow and hostile clients: the TLS handshake, the request headers, the request
 * body, the response and idle keep-alive each have a deadline, request headers and bodies have a size cap (431 and
 * 413), and connections are bounded per client address and overall, where a new connection takes the place of
 * the oldest one that is not being answered. A probe therefore always gets through. TLS 1.2 offers only the suites
 * Go's TLS stack offers by default with forward secrecy and AEAD (ECDHE with AES-GCM or ChaCha20-Poly1305), and a
 * connection that renegotiates is closed.
 */
public final class SecureServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SecureServer.class);
  private static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
  /** The TLS 1.2 suites offered when {@code --tls-cipher-suites} is not given, in preference order. */
  static final List<String> DEFAULT_TLS12_SUITES = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** Default of {@link Builder#handshakeTimeout(Duration)}. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** Default of {@link Builder#readHeaderTimeout(Duration)}. */
  public static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /** Default of {@link Builder#readBodyTimeout(Duration)}. */
  public static final Duration DEFAULT_READ_BODY_TIMEOUT = Duration.ofSeconds(10);
  /** Default of {@link Builder#writeTimeout(Duration)}. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  /** Default of {@link Builder#idleTimeout(Duration)}: Go's {@code http.DefaultTransport} keep-alive, as upstream. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
  /** Default of {@link Builder#maxHeaderBytes(int)}. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
  /** Default of {@link Builder#maxBodyBytes(long)}. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  /** Default of {@link Builder#maxConnections(int)}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 128;
  /** Default of {@link Builder#maxConnectionsPerClient(int)}. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 32;

  private final Http1Server server;
  private final ServingCertificate certificate;
  private final HealthChecks healthz;
  private final HealthChecks livez;
  private final HealthChecks readyz;

  private SecureServer(Builder b, ServingCertificate certificate, Http1Server server) {
    this.server = server;
    this.certificate = certificate;
    this.healthz = b.healthz;
    this.livez = b.livez;
    this.readyz = b.readyz;
  }

  /**
   * Starts a builder.
   *
   * @param options the secure serving flags; must be enabled
   * @return a builder
   */
  public static Builder builder(SecureServingOptions options) {
    return new Builder(options);
  }

  /**
   * The address the server is bound to, with the actual port.
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return server.address();
  }

  /**
   * The bound port, which is the free port chosen by the system when an ephemeral port was asked for.
   *
   * @return the port
   */
  public int port() {
    return server.address().getPort();
  }

  /**
   * The certificate the server presents.
   *
   * @return the serving certificate
   */
  public ServingCertificate certificate() {
    return certificate;
  }

  /**
   * The checks behind {@code /healthz}; add and remove while running.
   *
   * @return the registry
   */
  public HealthChecks healthz() {
    return healthz;
  }

  /**
   * The checks behind {@code /livez}.
   *
   * @return the registry
   */
  public HealthChecks livez() {
    return livez;
  }

  /**
   * The checks behind {@code /readyz}.
   *
   * @return the registry
   */
  public HealthChecks readyz() {
    return readyz;
  }

  /**
   * The connections open right now.
   *
   * @return the number of open connections
   */
  public int openConnections() {
    return server.openConnections();
  }

  /** Stops listening and closes every connection; serving threads end with their connection. */
  @Override
  public void close() {
    server.close();
  }

  /** Configures and starts a {@link SecureServer}. */
  public static final class Builder {
    private final SecureServingOptions options;
    private HealthChecks healthz = new HealthChecks();
    private HealthChecks livez = new HealthChecks();
    private HealthChecks readyz = new HealthChecks();
    private PrometheusRegistry metrics;
    private Supplier<?> configz;
    private DelegatedAuth auth;
    private boolean authDisabled;
    private ServingCertificate certificate;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration readHeaderTimeout = DEFAULT_READ_HEADER_TIMEOUT;
    private Duration readBodyTimeout = DEFAULT_READ_BODY_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxConnectionsPerClient = DEFAULT_MAX_CONNECTIONS_PER_CLIENT;

    private Builder(SecureServingOptions options) {
      this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Uses the given checks for {@code /healthz} instead of a new empty registry.
     *
     * @param checks the registry
     * @return this builder
     */
    public Builder healthz(HealthChecks checks) {
      this.healthz = Objects.requireNonNull(checks, "checks");
      return this;
    }

    /**
     * Uses the given checks for {@code /livez}.
     *
     * @param checks the registry
     * @return this builder
     */
    public Builder livez(HealthChecks checks) {
      this.livez = Objects.requireNonNull(checks, "checks");
      return this;
    }

    /**
     * Uses the given checks for {@code /readyz}.
     *
     * @param checks the registry
     * @return this builder
     */
    public Builder readyz(HealthChecks checks) {
      this.readyz = Objects.requireNonNull(checks, "checks");
      return this;
    }

    /**
     * Serves {@code /metrics} from this registry.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder metrics(PrometheusRegistry registry) {
      this.metrics = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Serves {@code /configz} from this supplier, called per request. Any object Gson can serialize works; the
     * result is redacted with {@link ConfigRedactor}.
     *
     * @param configuration the effective configuration
     * @return this builder
     */
    public Builder configz(Supplier<?> configuration) {
      this.configz = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    /**
     * Authenticates and authorizes with this API server, with upstream's defaults (10 s caches, health paths
     * always allowed).
     *
     * @param client the API server client
     * @return this builder
     */
    public Builder apiClient(ApiClient client) {
      return delegatedAuth(DelegatedAuth.builder(client).build());
    }

    /**
     * Authenticates and authorizes with this configured delegate.
     *
     * @param auth the delegate
     * @return this builder
     */
    public Builder delegatedAuth(DelegatedAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      this.authDisabled = false;
      return this;
    }

    /**
     * Serves every path to anyone who can reach the port. Only for embedding and tests.
     *
     * @return this builder
     */
    public Builder withoutDelegatedAuth() {
      this.auth = null;
      this.authDisabled = true;
      return this;
    }

    /**
     * Presents this certificate instead of loading the configured files or generating a self-signed one.
     *
     * @param certificate the certificate
     * @return this builder
     */
    public Builder certificate(ServingCertificate certificate) {
      this.certificate = Objects.requireNonNull(certificate, "certificate");
      return this;
    }

    /**
     * Kept for source compatibility: each connection is served by its own thread, and the number of connections
     * is bounded by {@link #maxConnections(int)}.
     *
     * @param threads at least 1; has no other effect
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      return this;
    }

    /**
     * How long a client may take to complete the TLS handshake (default 10 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshakeTimeout");
      return this;
    }

    /**
     * How long a client may take to send a request line and its headers, from the end of the handshake or from
     * the request's first byte on a kept-alive connection (default 10 s; upstream's apiserver uses 32 s, but
     * health and metrics requests are tiny).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder readHeaderTimeout(Duration timeout) {
      this.readHeaderTimeout = positive(timeout, "readHeaderTimeout");
      return this;
    }

    /**
     * How long a client may take to send a request body after its headers (default 10 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder readBodyTimeout(Duration timeout) {
      this.readBodyTimeout = positive(timeout, "readBodyTimeout");
      return this;
    }

    /**
     * How long answering one request may take, including writing the response to a slow reader (default 30 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    /**
     * How long a kept-alive connection may wait for its next request (default 90 s, as upstream).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /**
     * The largest request line plus headers accepted; larger ones get 431 (default 64 KiB, ample for any bearer
     * token).
     *
     * @param bytes at least 1024
     * @return this builder
     */
    public Builder maxHeaderBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxHeaderBytes must be at least 1024, got " + bytes);
      }
      this.maxHeaderBytes = bytes;
      return this;
    }

    /**
     * The largest request body accepted (and dropped: no endpoint reads one); larger ones get 413 (default
     * 64 KiB).
     *
     * @param bytes not negative
     * @return this builder
     */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * The most connections open at once (default 128).
     *
     * @param connections at least 1
     * @return this builder
     */
    public Builder maxConnections(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, got " + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /**
     * The most connections open at once from one client address (default 32).
     *
     * @param connections at least 1
     * @return this builder
     */
    public Builder maxConnectionsPerClient(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("maxConnectionsPerClient must be at least 1, got " + connections);
      }
      this.maxConnectionsPerClient = connections;
      return this;
    }

    private static Duration positive(Duration timeout, String name) {
      Objects.requireNonNull(timeout, name);
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + timeout);
      }
      return timeout;
    }

    /**
     * Binds the port and starts serving.
     *
     * @return the running server
     * @throws IllegalStateException if serving is disabled, or neither delegated auth nor its explicit absence
     *     was configured
     * @throws IllegalArgumentException naming the flag, if the TLS files cannot be used, a cipher suite is not
     *     supported, or the address cannot be bound (for example {@code --secure-port 10258: address already in
     *     use})
     */
    public SecureServer start() {
      if (!options.enabled()) {
        throw new IllegalStateException("secure serving is disabled (--secure-port=0)");
      }
      if (auth == null && !authDisabled) {
        throw new IllegalStateException(
            "configure delegated authentication (apiClient or delegatedAuth) or call withoutDelegatedAuth()");
      }
      ServingCertificate cert = certificate != null ? certificate
          : options.certFile().isPresent()
              ? ServingCertificate.fromPemFiles(options.certFile().get(), options.keyFile().orElseThrow())
              : ServingCertificate.selfSignedForLocalhost();
      SSLContext context = cert.sslContext();
      SSLParameters parameters = tlsParameters(context);
      ServerSocket listener = bind();

      Map<String, Endpoint> routes = new LinkedHashMap<>();
      routes.put("/healthz", new HealthHandler("/healthz", healthz));
      routes.put("/livez", new HealthHandler("/livez", livez));
      routes.put("/readyz", new HealthHandler("/readyz", readyz));
      if (metrics != null) {
        routes.put("/metrics", new MetricsHandler(metrics));
      }
      if (configz != null) {
        routes.put("/configz", new ConfigzHandler(configz));
      }
      Endpoint notFound = new NotFoundHandler();
      Endpoint router = exchange -> {
        // Like the JDK server's contexts: the longest registered prefix of the path wins.
        String path = exchange.path();
        Endpoint target = notFound;
        int matched = 0;
        for (Map.Entry<String, Endpoint> route : routes.entrySet()) {
          if (path.startsWith(route.getKey()) && route.getKey().length() > matched) {
            target = route.getValue();
            matched = route.getKey().length();
          }
        }
        target.handle(exchange);
      };
      Http1Server.Limits limits = new Http1Server.Limits(handshakeTimeout, readHeaderTimeout, readBodyTimeout,
          writeTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes, maxConnections, maxConnectionsPerClient);
      Http1Server server = new Http1Server(listener, context.getSocketFactory(), parameters, limits,
          new AuthorizingHandler(auth, router), DaemonThreads.factory("secure-serving"));
      server.start();
      SecureServer started = new SecureServer(this, cert, server);
      LOG.info("Serving securely on {} (TLS >= {}, delegated auth {})", started.address(),
          options.minVersion().flagValue(), auth == null ? "off" : "on");
      return started;
    }

    private ServerSocket bind() {
      InetAddress address;
      try {
        address = InetAddress.getByName(options.bindAddress());
      } catch (IOException e) {
        throw new IllegalArgumentException("--bind-address " + options.bindAddress() + ": not an IP address");
      }
      ServerSocket listener = null;
      try {
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(address, options.port()), 128);
        return listener;
      } catch (IOException e) {
        closeQuietly(listener);
        String port = "--secure-port " + options.port();
        if (e instanceof BindException) {
          String reason = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
          if (reason.contains("in use")) {
            throw new IllegalArgumentException(port + ": address already in use");
          }
          if (reason.contains("assign") || reason.contains("not available")) {
            throw new IllegalArgumentException(
                "--bind-address " + options.bindAddress() + ": not an address of this host");
          }
          if (reason.contains("permission") || reason.contains("access")) {
            throw new IllegalArgumentException(port + ": permission denied");
          }
        }
        throw new IllegalArgumentException(port + ": cannot listen on " + options.bindAddress() + " ("
            + e.getClass().getSimpleName() + ")");
      }
    }

    private static void closeQuietly(ServerSocket socket) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // never bound
        }
      }
    }

    private SSLParameters tlsParameters(SSLContext context) {
      SSLParameters supported = context.getSupportedSSLParameters();
      Set<String> supportedProtocols = Set.of(supported.getProtocols());
      List<String> protocols = new ArrayList<>();
      for (String p : options.minVersion().protocols()) {
        if (supportedProtocols.contains(p)) {
          protocols.add(p);
        }
      }
      if (protocols.isEmpty()) {
        throw new IllegalStateException("this JDK supports none of " + options.minVersion().protocols());
      }
      Set<String> supportedSuites = Set.of(supported.getCipherSuites());
      Set<String> suites = new LinkedHashSet<>();
      if (protocols.contains("TLSv1.3")) {
        TLS13_SUITES.stream().filter(supportedSuites::contains).forEach(suites::add);
      }
      if (options.cipherSuites().isEmpty()) {
        DEFAULT_TLS12_SUITES.stream().filter(supportedSuites::contains).forEach(suites::add);
      } else {
        for (String suite : options.cipherSuites()) {
          if (!supportedSuites.contains(suite)) {
            throw new IllegalArgumentException(
                "--tls-cipher-suites: suite \"" + suite + "\" is not supported by this Java runtime");
          }
          suites.add(suite);
        }
      }
      SSLParameters parameters = new SSLParameters(suites.toArray(String[]::new), protocols.toArray(String[]::new));
      parameters.setUseCipherSuitesOrder(true);
      parameters.setNeedClientAuth(false);
      return parameters;
    }
  }
}
