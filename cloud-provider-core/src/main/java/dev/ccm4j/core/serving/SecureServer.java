package dev.ccm4j.core.serving;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.ccm4j.core.concurrent.DaemonThreads;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * give an {@link ApiClient} (upstream's defaults) or a configured {@link DelegatedAuth}. Requests are handled
 * by a small pool of daemon threads. Close the server to stop it.
 */
public final class SecureServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SecureServer.class);
  private static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private final HttpsServer server;
  private final ExecutorService executor;
  private final ServingCertificate certificate;
  private final HealthChecks healthz;
  private final HealthChecks livez;
  private final HealthChecks readyz;

  private SecureServer(Builder b, ServingCertificate certificate, HttpsServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
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
    return server.getAddress();
  }

  /**
   * The bound port, which is the free port chosen by the system when an ephemeral port was asked for.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
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

  /** Stops listening, drops open exchanges and stops the serving threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
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
    private int threads = 2;

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
     * Sets the number of serving threads (default 2).
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @return the running server
     * @throws IllegalStateException if serving is disabled, or neither delegated auth nor its explicit absence
     *     was configured
     * @throws UncheckedIOException if the port cannot be bound
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

      HttpsServer server;
      try {
        server = HttpsServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot bind the secure port " + options.bindAddress() + ":" + options.port(), e);
      }
      server.setHttpsConfigurator(new HttpsConfigurator(context) {
        @Override
        public void configure(HttpsParameters params) {
          params.setSSLParameters(copy(parameters));
        }
      });
      route(server, "/healthz", new HealthHandler("/healthz", healthz));
      route(server, "/livez", new HealthHandler("/livez", livez));
      route(server, "/readyz", new HealthHandler("/readyz", readyz));
      if (metrics != null) {
        route(server, "/metrics", new MetricsHandler(metrics));
      }
      if (configz != null) {
        route(server, "/configz", new ConfigzHandler(configz));
      }
      route(server, "/", new NotFoundHandler());
      ExecutorService executor = Executors.newFixedThreadPool(threads, DaemonThreads.factory("secure-serving"));
      server.setExecutor(executor);
      server.start();
      SecureServer started = new SecureServer(this, cert, server, executor);
      LOG.info("Serving securely on {} (TLS >= {}, delegated auth {})", started.address(),
          options.minVersion().flagValue(), auth == null ? "off" : "on");
      return started;
    }

    private void route(HttpsServer server, String path, HttpHandler handler) {
      server.createContext(path, new AuthorizingHandler(auth, handler));
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
      SSLParameters parameters = context.getDefaultSSLParameters();
      parameters.setProtocols(protocols.toArray(String[]::new));
      if (!options.cipherSuites().isEmpty()) {
        Set<String> supportedSuites = Set.of(supported.getCipherSuites());
        Set<String> suites = new LinkedHashSet<>();
        for (String suite : options.cipherSuites()) {
          if (!supportedSuites.contains(suite)) {
            throw new IllegalArgumentException("unsupported --tls-cipher-suites entry: " + suite);
          }
          suites.add(suite);
        }
        if (protocols.contains("TLSv1.3")) {
          TLS13_SUITES.stream().filter(supportedSuites::contains).forEach(suites::add);
        }
        parameters.setCipherSuites(suites.toArray(String[]::new));
      }
      parameters.setNeedClientAuth(false);
      return parameters;
    }

    private static SSLParameters copy(SSLParameters p) {
      SSLParameters copy = new SSLParameters(p.getCipherSuites(), p.getProtocols());
      copy.setNeedClientAuth(false);
      copy.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
      return copy;
    }

  }
}
