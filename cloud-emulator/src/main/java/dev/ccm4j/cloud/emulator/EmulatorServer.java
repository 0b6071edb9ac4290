package dev.ccm4j.cloud.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server for one emulated vendor cloud, on the JDK HTTP server with a bounded thread pool.
 *
 * <p>Every request outside {@code /_ccm4j/} is a vendor request: the {@link VendorDialect} names its operation, the
 * {@link Faults} may delay, hang, throttle or fail it, otherwise the vendor {@link EmulatorHandler} answers it, and
 * the {@link Journal} records it with its secrets masked. Requests under {@code /_ccm4j/} are the vendor-neutral
 * control API (no signature needed): instances, journal, faults, load balancers, routes, health, plus any extra routes
 * the vendor registers.
 *
 * <pre>{@code
 * try (EmulatorServer server = EmulatorServer.builder().dialect(dialect).handler(api).control(state).build().start()) {
 *   URI endpoint = server.endpoint();
 *   ...
 * }
 * }</pre>
 */
public final class EmulatorServer implements AutoCloseable {
  static {
    // the JDK server leaves Nagle's algorithm on by default, which delays small answers by tens of milliseconds
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The path prefix of the control API. */
  public static final String CONTROL_PREFIX = "/_ccm4j/";

  private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final String name;
  private final String bindAddress;
  private final int requestedPort;
  private final VendorDialect dialect;
  private final EmulatorHandler handler;
  private final SSLContext sslContext;
  private final int threads;
  private final Clock clock;
  private final Journal journal;
  private final Faults faults;
  private final ControlApi controlApi;
  private final AtomicLong sequence = new AtomicLong();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Object lifecycle = new Object();
  private HttpServer server;
  private ExecutorService executor;

  private EmulatorServer(Builder b) {
    this.name = b.name;
    this.bindAddress = b.bindAddress;
    this.requestedPort = b.port;
    this.dialect = Objects.requireNonNull(b.dialect, "dialect is required");
    this.handler = Objects.requireNonNull(b.handler, "handler is required");
    this.sslContext = b.sslContext;
    this.threads = b.threads;
    this.clock = b.clock;
    this.journal = new Journal(b.journalSize);
    this.faults = new Faults(b.faultSeed);
    this.controlApi = new ControlApi(b.control, journal, faults, Map.copyOf(b.controlRoutes));
  }

  /** A builder: loopback, a free port, plain HTTP, 32 threads, a journal of the last 20,000 requests. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @return this server
   * @throws UncheckedIOException when the address cannot be bound
   * @throws IllegalStateException when already started or closed
   */
  public EmulatorServer start() {
    synchronized (lifecycle) {
      if (server != null || closing.getCount() == 0) {
        throw new IllegalStateException("emulator server already started or closed");
      }
      try {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bindAddress), requestedPort);
        HttpServer s;
        if (sslContext != null) {
          HttpsServer https = HttpsServer.create(address, 1024);
          https.setHttpsConfigurator(new HttpsConfigurator(sslContext));
          s = https;
        } else {
          s = HttpServer.create(address, 1024);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, new DaemonThreads(name));
        s.setExecutor(pool);
        s.createContext("/", this::exchange);
        s.start();
        this.server = s;
        this.executor = pool;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind the " + name + " emulator to " + bindAddress + ":" + requestedPort,
            e);
      }
      LOG.debug("{} emulator listening on {}", name, endpoint());
      return this;
    }
  }

  /** The base URI clients use, e.g. {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    HttpServer s = requireStarted();
    InetAddress address = s.getAddress().getAddress();
    if (address.isAnyLocalAddress()) {
      address = InetAddress.getLoopbackAddress();
    }
    String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return URI.create((sslContext != null ? "https" : "http") + "://" + host + ":" + s.getAddress().getPort());
  }

  /** The bound port. */
  public int port() {
    return requireStarted().getAddress().getPort();
  }

  /** The request journal. */
  public Journal journal() {
    return journal;
  }

  /** The fault rules. */
  public Faults faults() {
    return faults;
  }

  /** Stops serving; held (hanging or delayed) requests are released and their connections dropped. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closing.countDown();
      if (server != null) {
        server.stop(0);
        executor.shutdownNow();
        try {
          executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private HttpServer requireStarted() {
    synchronized (lifecycle) {
      if (server == null) {
        throw new IllegalStateException("emulator server not started");
      }
      return server;
    }
  }

  private void exchange(HttpExchange ex) {
    try (ex) {
      long started = System.nanoTime();
      Instant at = clock.instant();
      byte[] body = readBody(ex.getRequestBody());
      String path = ex.getRequestURI().getPath();
      if (path == null || path.isEmpty()) {
        path = "/";
      }
      Map<String, List<String>> headers = headersOf(ex.getRequestHeaders());
      String host = ex.getRequestHeaders().getFirst("Host");
      if (body == null) {
        send(ex, ControlApi.error(413, "request body larger than " + MAX_BODY_BYTES + " bytes"));
        return;
      }
      if (path.equals("/_ccm4j") || path.startsWith(CONTROL_PREFIX)) {
        EmulatorRequest request;
        try {
          request = EmulatorRequest.of(ex.getRequestMethod(), path, ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(), headers, body, host);
        } catch (IllegalArgumentException e) {
          send(ex, ControlApi.error(400, e.getMessage()));
          return;
        }
        send(ex, controlApi.handle(request));
        return;
      }
      vendor(ex, path, headers, host, body, at, started);
    } catch (IOException e) {
      // the client went away mid-answer; nothing to tell anyone
      LOG.debug("{} emulator: connection failed while answering: {}", name, e.toString());
    } catch (RuntimeException e) {
      LOG.warn("{} emulator: request failed outside the vendor handler", name, e);
    }
  }

  private void vendor(HttpExchange ex, String path, Map<String, List<String>> headers, String host, byte[] body,
      Instant at, long started) throws IOException {
    EmulatorRequest request;
    EmulatorResponse badRequest = null;
    try {
      request = EmulatorRequest.of(ex.getRequestMethod(), path, ex.getRequestURI().getRawPath(),
          ex.getRequestURI().getRawQuery(), headers, body, host);
    } catch (IllegalArgumentException e) {
      request = EmulatorRequest.of(ex.getRequestMethod(), path, ex.getRequestURI().getRawPath(), null, headers,
          new byte[0], host);
      badRequest = renderError(request, 400, dialect.badRequestCode(), e.getMessage());
    }
    String operation = operationOf(request);
    Map<String, String> params = badRequest == null ? masked(request.params()) : Map.of();
    EmulatorResponse response;
    if (badRequest != null) {
      response = badRequest;
    } else {
      Faults.Decision decision = faults.evaluate(operation);
      if (!decision.latency().isZero() && !pause(decision.latency())) {
        record(at, request, operation, params, 0, "", started);
        return;
      }
      if (!decision.hang().isZero()) {
        pause(decision.hang());
        // closing the exchange without response headers drops the connection: the client sees no answer at all
        record(at, request, operation, params, 0, "", started);
        return;
      }
      Faults.Failure failure = decision.failure();
      response = failure != null ? injected(request, failure) : invoke(request, operation);
    }
    // recorded before the answer leaves, so a client that has its answer always finds the call in the journal
    record(at, request, operation, params, response.status(), response.errorCode(), started);
    send(ex, response);
  }

  private EmulatorResponse injected(EmulatorRequest request, Faults.Failure failure) {
    EmulatorResponse r = failure.throttle()
        ? renderError(request, dialect.throttleStatus(), dialect.throttleCode(),
            "Request was denied due to flow control.")
        : renderError(request, failure.status(), failure.code(), failure.message());
    if (failure.retryAfter().isPresent()) {
      r = r.header("Retry-After", Long.toString(FaultRule.ceilSeconds(failure.retryAfter().get())));
    }
    return r;
  }

  private EmulatorResponse invoke(EmulatorRequest request, String operation) {
    try {
      EmulatorResponse r = handler.handle(request);
      if (r == null) {
        throw new IllegalStateException("the vendor handler returned no response");
      }
      return r;
    } catch (Exception e) {
      try {
        var vendorAnswer = dialect.errorFor(request, e);
        if (vendorAnswer.isPresent()) {
          return vendorAnswer.get();
        }
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      // logged once, here; the query is not part of the line and the request's secrets are masked in the trace
      LOG.warn("{} emulator: handler failed for {} {} ({})", name, request.method(), request.path(), operation,
          SecretMasking.mask(e, secretsOf(request)));
      return renderError(request, 500, dialect.internalErrorCode(),
          "The emulator failed to process the request (" + e.getClass().getSimpleName() + ").");
    }
  }

  private EmulatorResponse renderError(EmulatorRequest request, int status, String code, String message) {
    EmulatorResponse r;
    try {
      r = dialect.error(request, status, code, message);
    } catch (RuntimeException e) {
      LOG.warn("{} emulator: the dialect failed to render error {}", name, code, e);
      r = ControlApi.error(status, message);
    }
    return r.errorCode().isEmpty() ? r.errorCode(code) : r;
  }

  private String operationOf(EmulatorRequest request) {
    try {
      String op = dialect.operation(request);
      return op == null || op.isEmpty() ? "unknown" : op;
    } catch (RuntimeException e) {
      LOG.debug("{} emulator: the dialect could not name the operation of {}", name, request, e);
      return "unknown";
    }
  }

  /** The secret values a request carries: the dialect's secret parameters and credential-bearing headers. */
  private Set<String> secretsOf(EmulatorRequest request) {
    Set<String> out = new java.util.HashSet<>();
    Set<String> names = dialect.secretParameters();
    request.params().forEach((k, v) -> {
      if (names.contains(k) && !v.isEmpty()) {
        out.add(v);
      }
    });
    request.headers().forEach((k, values) -> {
      if (k.equals("authorization") || k.contains("token") || k.contains("signature")) {
        values.stream().filter(v -> !v.isEmpty()).forEach(out::add);
      }
    });
    return out;
  }

  private Map<String, String> masked(Map<String, String> params) {
    Set<String> secrets = dialect.secretParameters();
    if (secrets.isEmpty()) {
      return params;
    }
    Map<String, String> out = new LinkedHashMap<>(params);
    out.replaceAll((k, v) -> secrets.contains(k) ? JournalEntry.MASK : v);
    return out;
  }

  private void record(Instant at, EmulatorRequest request, String operation, Map<String, String> params, int status,
      String errorCode, long started) {
    journal.record(new JournalEntry(sequence.incrementAndGet(), at, request.method(), request.path(), operation,
        params, status, errorCode, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
  }

  /** Waits, returning false when the server closed meanwhile. */
  private boolean pause(Duration d) {
    try {
      return !closing.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    return bytes.length > MAX_BODY_BYTES ? null : bytes;
  }

  private static Map<String, List<String>> headersOf(Headers headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach(out::put);
    return out;
  }

  static void send(HttpExchange ex, EmulatorResponse response) throws IOException {
    Headers h = ex.getResponseHeaders();
    response.contentType().ifPresent(ct -> h.set("Content-Type", ct));
    response.headers().forEach(h::set);
    int status = response.status();
    boolean noBody = status == 204 || status == 304 || status < 200 || "HEAD".equals(ex.getRequestMethod())
        || response.bodyLength() == 0;
    ex.sendResponseHeaders(status, noBody ? -1 : response.bodyLength());
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(response.bodyUnsafe());
      }
    }
  }

  /** Checks a port setting: 0 (a free port) to 65535; every emulator's builder and settings check the same way. */
  static int requirePort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    return port;
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String name) {
      this.prefix = name + "-emulator-";
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** Builds an {@link EmulatorServer}; {@code dialect} and {@code handler} are required. */
  public static final class Builder {
    private String name = "cloud";
    private String bindAddress = "127.0.0.1";
    private int port;
    private VendorDialect dialect;
    private EmulatorHandler handler;
    private ControlPlane control;
    private final Map<String, EmulatorHandler> controlRoutes = new LinkedHashMap<>();
    private SSLContext sslContext;
    private int threads = 32;
    private int journalSize = 20_000;
    private long faultSeed = 20_241_207L;
    private Clock clock = Clock.systemUTC();

    private Builder() {
    }

    /**
     * Names the emulator in thread names and log lines.
     *
     * @param name e.g. {@code alibaba}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = ControlInstance.requireText(name, "name");
      return this;
    }

    /**
     * Sets the address to bind.
     *
     * @param bindAddress an IP literal or host name; default {@code 127.0.0.1}
     * @return this builder
     */
    public Builder bindAddress(String bindAddress) {
      this.bindAddress = ControlInstance.requireText(bindAddress, "bindAddress");
      return this;
    }

    /**
     * Sets the port.
     *
     * @param port 0 (the default) for a free port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = requirePort(port);
      return this;
    }

    /**
     * Sets the vendor's wire format.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(VendorDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Sets the vendor API: everything not under {@code /_ccm4j/}.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder handler(EmulatorHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets the state the control API serves; without one, the instance, load balancer and route endpoints answer
     * 404.
     *
     * @param control the control plane
     * @return this builder
     */
    public Builder control(ControlPlane control) {
      this.control = Objects.requireNonNull(control, "control");
      return this;
    }

    /**
     * Adds a vendor-specific control route, tried before the built-in ones. A path ending in {@code /*} matches
     * every path below it.
     *
     * @param method the HTTP method, e.g. {@code GET}
     * @param path an absolute path under {@code /_ccm4j/}, or one relative to it (e.g. {@code state})
     * @param handler the handler; its answer is sent as is
     * @return this builder
     */
    public Builder controlRoute(String method, String path, EmulatorHandler handler) {
      Objects.requireNonNull(handler, "handler");
      String p = Objects.requireNonNull(path, "path");
      if (!p.startsWith("/")) {
        p = CONTROL_PREFIX + p;
      }
      if (!p.startsWith(CONTROL_PREFIX) || p.length() == CONTROL_PREFIX.length()) {
        throw new IllegalArgumentException("control routes live under " + CONTROL_PREFIX + ", got " + path);
      }
      controlRoutes.put(ControlApi.routeKey(method, p), handler);
      return this;
    }

    /**
     * Serves HTTPS with this context instead of plain HTTP.
     *
     * @param sslContext the server's TLS context
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * Sets the size of the request thread pool (hanging requests hold a thread each).
     *
     * @param threads at least 1; default 32
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
     * Sets how many requests the journal keeps.
     *
     * @param journalSize at least 1; default 20,000
     * @return this builder
     */
    public Builder journalSize(int journalSize) {
      if (journalSize < 1) {
        throw new IllegalArgumentException("journalSize must be at least 1, got " + journalSize);
      }
      this.journalSize = journalSize;
      return this;
    }

    /**
     * Seeds the random source deciding which calls a throttle fraction hits.
     *
     * @param seed the seed; fixed by default so runs repeat
     * @return this builder
     */
    public Builder faultSeed(long seed) {
      this.faultSeed = seed;
      return this;
    }

    /**
     * Sets the clock stamping journal entries.
     *
     * @param clock the clock; default system UTC
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the server (not yet started).
     *
     * @throws NullPointerException when the dialect or handler is missing
     * @throws IllegalArgumentException when the bind address does not resolve
     */
    public EmulatorServer build() {
      try {
        InetAddress.getByName(bindAddress);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("bind address does not resolve: " + bindAddress, e);
      }
      return new EmulatorServer(this);
    }
  }
}
