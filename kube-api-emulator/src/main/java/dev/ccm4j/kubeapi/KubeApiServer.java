package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ccm4j.kubeapi.admission.ServiceAdmission;
import dev.ccm4j.kubeapi.typed.TypedObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM Kubernetes API server emulator for tests: discovery, CRUD with resourceVersion semantics, status
 * subresources, patches, lists with selectors and pagination, watches with bookmarks and 410 handling, plus fault
 * injection and a request journal. Serves client-java informers, leader election and kubectl.
 *
 * <pre>{@code
 * try (KubeApiServer server = KubeApiServer.builder().https(true).build().start()) {
 *   server.writeKubeconfig(dir.resolve("kubeconfig"));
 *   ...
 * }
 * }</pre>
 */
public final class KubeApiServer implements AutoCloseable {
  static {
    // the JDK server leaves Nagle's algorithm on by default, which delays small watch chunks by tens of milliseconds
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final List<String> INITIAL_NAMESPACES = List.of("default", "kube-system", "kube-public",
      "kube-node-lease");

  private final Builder config;
  private final ResourceRegistry registry = ResourceRegistry.standard();
  private final Store store;
  private final ResourceOperations operations;
  private final FaultInjector faults;
  private final RequestJournal journal;
  private final AccessReviews reviews;
  private final ApiHandler handler;
  private final NamespaceController namespaceController;
  private TlsMaterial tls;
  private HttpServer server;
  private ExecutorService executor;

  private KubeApiServer(Builder config) {
    this.config = config;
    this.reviews = new AccessReviews(config.bearerToken, config.users, config.accessPolicy, config.clock);
    this.store = new Store(registry.all(), config.watchHistorySize);
    ResourceType namespaces = registry.find("v1", "namespaces").orElseThrow();
    this.operations = new ResourceOperations(store, namespaces,
        new ServiceAdmission(config.serviceCidrs, config.nodePortMin, config.nodePortMax),
        Normalizer.typed(TypedObjects.standard()), config.clock);
    this.namespaceController = new NamespaceController(operations, registry);
    operations.onNamespaceTerminating(namespaceController::terminating);
    this.faults = new FaultInjector(store);
    this.journal = new RequestJournal(config.journalSize);
    this.handler = new ApiHandler(registry, store, operations, faults, journal,
        new ApiHandler.Settings(config.bookmarkInterval, config.watchQueueCapacity), reviews, config.clock);
    for (String ns : INITIAL_NAMESPACES) {
      JsonObject namespace = new JsonObject();
      JsonObject meta = new JsonObject();
      meta.addProperty("name", ns);
      namespace.add("metadata", meta);
      operations.create(namespaces, "", namespace, WriteOptions.plain());
    }
  }

  /** A builder with the defaults: an ephemeral port, plain HTTP, no token. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds the port and starts serving; returns this server. */
  public synchronized KubeApiServer start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port);
      if (config.https) {
        tls = TlsMaterial.generate();
        HttpsServer https = HttpsServer.create(address, 1024);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
        server = https;
      } else {
        server = HttpServer.create(address, 1024);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the emulator to port " + config.port, e);
    }
    executor = Executors.newCachedThreadPool(new DaemonThreads());
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    handler.serverAddress("127.0.0.1:" + port());
    return this;
  }

  /** The bound port. */
  public int port() {
    return requireStarted().getAddress().getPort();
  }

  /** The base URL clients use, for example {@code https://127.0.0.1:41234}. */
  public String url() {
    return (config.https ? "https" : "http") + "://127.0.0.1:" + port();
  }

  /** The PEM of the CA that signed the serving certificate; empty for plain HTTP. */
  public String caCertificatePem() {
    requireStarted();
    return tls == null ? "" : tls.caPem();
  }

  /** The bearer token clients must send, or null when none is enforced. */
  public String bearerToken() {
    return config.bearerToken;
  }

  /**
   * Writes a kubeconfig for this started server (with the CA for HTTPS and the token when set) that client-java and
   * kubectl accept, and returns the path.
   */
  public Path writeKubeconfig(Path file) {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: v1\nkind: Config\nclusters:\n- name: ccm4j-emulator\n  cluster:\n    server: ")
        .append(url()).append('\n');
    if (tls != null) {
      y.append("    certificate-authority-data: ")
          .append(Base64.getEncoder().encodeToString(tls.caPem().getBytes(StandardCharsets.US_ASCII))).append('\n');
    }
    y.append("contexts:\n- name: ccm4j-emulator\n  context:\n    cluster: ccm4j-emulator\n    user: ccm4j-emulator\n")
        .append("current-context: ccm4j-emulator\nusers:\n- name: ccm4j-emulator\n  user:");
    if (config.bearerToken != null) {
      y.append("\n    token: \"").append(config.bearerToken.replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\"\n");
    } else {
      y.append(" {}\n");
    }
    try {
      Files.writeString(file, y.toString(), StandardCharsets.UTF_8);
      // it carries the bearer token: readable by its owner only, as kubectl writes kubeconfigs
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Scripted failures, latency, hangs, dropped watches and history compaction. */
  public FaultInjector faults() {
    return faults;
  }

  /** The requests served so far. */
  public RequestJournal journal() {
    return journal;
  }

  /**
   * The emulator's authentication and authorization: who each accepted token stands for (as TokenReview answers)
   * and the policy that answers SubjectAccessReviews.
   */
  public AccessReviews accessReviews() {
    return reviews;
  }

  /** The current global resourceVersion. */
  public long resourceVersion() {
    return store.currentResourceVersion();
  }

  /** Stops serving: open watches end, hung requests are released and the port is freed. */
  @Override
  public synchronized void close() {
    if (server == null) {
      return;
    }
    store.dropWatches();
    faults.clear();
    namespaceController.close();
    server.stop(0);
    executor.shutdownNow();
    server = null;
  }

  private HttpServer requireStarted() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("the emulator is not running; call start()");
    }
    return s;
  }

  /** Names the emulator's threads and keeps them from holding the JVM open. */
  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "kube-api-emulator-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** Settings for a {@link KubeApiServer}. */
  public static final class Builder {
    private int port;
    private boolean https;
    private String bearerToken;
    private int watchHistorySize = 10_000;
    private int watchQueueCapacity = 100_000;
    private int journalSize = 10_000;
    private String serviceCidrs = "10.96.0.0/12";
    private int nodePortMin = 30000;
    private int nodePortMax = 32767;
    private Duration bookmarkInterval = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private final Map<String, AccessReviews.User> users = new LinkedHashMap<>();
    private AccessPolicy accessPolicy = AccessPolicy.knownUsers();

    private Builder() {}

    /** The port to bind on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port out of range: " + value);
      }
      this.port = value;
      return this;
    }

    /** Serve HTTPS with a certificate generated at start (default: plain HTTP). */
    public Builder https(boolean value) {
      this.https = value;
      return this;
    }

    /**
     * Require a token on every request except health checks (401 otherwise): this one, which authenticates as
     * {@link AccessReviews#DEFAULT_USER} and goes into {@link #writeKubeconfig}, or one of the {@link #user} tokens.
     * Null (the default) serves anonymous requests too; a request with a token the emulator does not know gets 401
     * either way.
     */
    public Builder bearerToken(String value) {
      if (value != null && value.isEmpty()) {
        throw new IllegalArgumentException("the bearer token must not be empty (null for none)");
      }
      if (value != null && users.containsKey(value)) {
        throw new IllegalArgumentException("the bearer token is already the token of another user");
      }
      this.bearerToken = value;
      return this;
    }

    /**
     * One more token the emulator accepts, for its own requests and in TokenReviews, standing for this user. Like the
     * real server, the user is also in {@code system:authenticated}; its uid is {@code uid-<username>}.
     *
     * @throws IllegalArgumentException for an empty or already used token, or an empty user or group name
     */
    public Builder user(String token, String username, String... groups) {
      users.put(token, AccessReviews.extraUser(token, username, List.of(groups), bearerToken, users));
      return this;
    }

    /**
     * The policy that answers SubjectAccessReviews (default {@link AccessPolicy#knownUsers()}: the users this
     * emulator authenticates may do everything, nobody else anything).
     */
    public Builder accessPolicy(AccessPolicy value) {
      this.accessPolicy = Objects.requireNonNull(value, "accessPolicy");
      return this;
    }

    /** Events kept per resource for watch resumption (default 10,000); older resumes get 410 Expired. */
    public Builder watchHistorySize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("watch history size must be positive");
      }
      this.watchHistorySize = value;
      return this;
    }

    /** Events a watcher may lag behind before its stream ends with 410 (default 100,000). */
    public Builder watchQueueCapacity(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("watch queue capacity must be positive");
      }
      this.watchQueueCapacity = value;
      return this;
    }

    /** Requests kept in the journal (default 10,000; 0 keeps none). */
    public Builder journalSize(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("journal size must not be negative");
      }
      this.journalSize = value;
      return this;
    }

    /** Service CIDRs, comma-separated, one per IP family (default {@code 10.96.0.0/12}). */
    public Builder serviceCidrs(String value) {
      this.serviceCidrs = Objects.requireNonNull(value, "serviceCidrs");
      return this;
    }

    /** The NodePort range (default 30000-32767). */
    public Builder nodePortRange(int min, int max) {
      if (min < 1 || max > 65535 || min > max) {
        throw new IllegalArgumentException("invalid node port range " + min + "-" + max);
      }
      this.nodePortMin = min;
      this.nodePortMax = max;
      return this;
    }

    /** How often idle watches that asked for bookmarks get one (default 1 s). */
    public Builder bookmarkInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("bookmark interval must be positive");
      }
      this.bookmarkInterval = value;
      return this;
    }

    /** The clock for timestamps and ages (default the system UTC clock). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Creates the server, with the four standard namespaces, ready to {@link KubeApiServer#start()}. */
    public KubeApiServer build() {
      return new KubeApiServer(this);
    }
  }
}
