package dev.ccm4j.vendor.client;

import dev.ccm4j.api.CloudProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client of one vendor provider: one pooled OkHttp client, timeouts, error mapping onto the SPI's
 * exceptions, and a redacted request log.
 *
 * <p>Calls run on OkHttp's dispatcher (this client's own executor) while the calling thread waits, so that an
 * interrupt of the caller cancels the call at once; a blocking socket read on the caller's thread would ignore the
 * interrupt until the read timeout.
 *
 * <p>Request log: logger {@code dev.ccm4j.vendor.client.requests.<vendor>} writes one TRACE line per call
 * ({@code op=.. method=.. url=<redacted> status=.. ms=.. requestId=..}); its child {@code .bodies} writes redacted
 * headers and truncated, redacted bodies at TRACE. Everything that leaves this class (log lines, exception messages,
 * {@code toString()}) has passed through the {@link Redactor}.
 *
 * <p>Thread-safe. {@link #close()} cancels calls in flight, shuts the dispatcher's executor down and evicts the
 * connection pool; later calls fail with {@link IllegalStateException}.
 */
public final class VendorHttpClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VendorHttpClient.class);
  private static final Pattern VENDOR_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final Pattern BODY_REQUEST_ID =
      Pattern.compile("\"(?:RequestId|requestId|request_id)\"\\s*:\\s*\"([^\"]{1,128})\"");
  /** Longest body excerpt in the TRACE body log. */
  static final int LOGGED_BODY_CHARS = 4096;
  /**
   * Longest delay taken from a {@code Retry-After} header, so that a misbehaving proxy cannot park the controllers
   * for days.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
  /** Largest text redacted for an excerpt; a larger one is only described by its size. */
  static final int MAX_REDACTED_CHARS = 256 * 1024;
  /** Longest body excerpt used as an exception message when the error body could not be decoded. */
  static final int ERROR_EXCERPT_CHARS = 200;

  private final String vendor;
  private final OkHttpClient http;
  private final ExecutorService executor;
  private final Redactor redactor;
  private final ErrorDecoder errorDecoder;
  private final Clock clock;
  private final long maxResponseBytes;
  private final Logger requestLog;
  private final Logger bodyLog;
  private final AtomicBoolean closed;
  /** False for a {@link #withTimeouts} view, whose close leaves the shared pool alone. */
  private final boolean owner;

  private VendorHttpClient(Builder b, OkHttpClient http, ExecutorService executor) {
    this.vendor = b.vendor;
    this.http = http;
    this.executor = executor;
    this.redactor = b.redactor;
    this.errorDecoder = b.errorDecoder;
    this.clock = b.clock;
    this.maxResponseBytes = b.maxResponseBytes;
    this.requestLog = LoggerFactory.getLogger("dev.ccm4j.vendor.client.requests." + vendor);
    this.bodyLog = LoggerFactory.getLogger("dev.ccm4j.vendor.client.requests." + vendor + ".bodies");
    this.closed = new AtomicBoolean();
    this.owner = true;
  }

  private VendorHttpClient(VendorHttpClient parent, OkHttpClient http) {
    this.vendor = parent.vendor;
    this.http = http;
    this.executor = parent.executor;
    this.redactor = parent.redactor;
    this.errorDecoder = parent.errorDecoder;
    this.clock = parent.clock;
    this.maxResponseBytes = parent.maxResponseBytes;
    this.requestLog = parent.requestLog;
    this.bodyLog = parent.bodyLog;
    this.closed = parent.closed;
    this.owner = false;
  }

  /**
   * Starts a builder.
   *
   * @param vendor the vendor's name, lower case (for example {@code alibaba}); first word of every exception
   *     message and last segment of the request logger's name
   * @return a builder with the vendor SDKs' timeouts (connect 5s, read 20s, call 30s)
   * @throws IllegalArgumentException when the name is not lower-case letters, digits, {@code .}, {@code _} or
   *     {@code -}
   */
  public static Builder builder(String vendor) {
    return new Builder(vendor);
  }

  /**
   * Sends a request and returns its 2xx response; any other status is decoded by the {@link ErrorDecoder} and
   * thrown.
   *
   * @param operation the vendor operation, for logs and exceptions (for example {@code DescribeInstances})
   * @param request the request, already signed
   * @return the response, body fully read
   * @throws CloudApiThrottledException when the cloud throttles the call
   * @throws CloudResourceNotFoundException when the cloud says the resource does not exist
   * @throws CloudApiException for every other error response
   * @throws CloudProviderException on an I/O failure or timeout (naming operation and host), or when the calling
   *     thread is interrupted (the call is cancelled and the interrupt flag stays set)
   * @throws IllegalStateException after {@link #close()}
   */
  public VendorResponse execute(String operation, Request request) {
    VendorResponse response = executeRaw(operation, request);
    if (response.successful()) {
      return response;
    }
    throw toException(operation, response);
  }

  /**
   * Sends a request and returns its response whatever the status, for calls whose non-2xx answers are expected
   * (a metadata service's 404 for a missing item).
   *
   * @param operation the vendor operation, for logs and exceptions
   * @param request the request, already signed
   * @return the response, body fully read
   * @throws CloudProviderException on an I/O failure or timeout, or when the calling thread is interrupted
   * @throws IllegalStateException after {@link #close()}
   */
  public VendorResponse executeRaw(String operation, Request request) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw new IllegalStateException(vendor + " HTTP client is closed");
    }
    String hostName = request.url().host();
    String host = (hostName.contains(":") ? "[" + hostName + "]" : hostName) + ":" + request.url().port();
    String prefix = vendor + " " + operation + ": ";
    if (Thread.currentThread().isInterrupted()) {
      throw new CloudProviderException(prefix + "interrupted before calling " + host);
    }
    long start = System.nanoTime();
    Call call = http.newCall(request);
    CompletableFuture<VendorResponse> result = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          result.complete(read(operation, response, start));
        } catch (IOException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      }
    });
    try {
      VendorResponse response = result.get();
      logCall(operation, request, response.status(), response.elapsed(), requestIdOf(response), response);
      return response;
    } catch (InterruptedException e) {
      call.cancel();
      Thread.currentThread().interrupt();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      logCall(operation, request, -1, elapsed, "", null);
      throw new CloudProviderException(prefix + "interrupted after " + elapsed.toMillis() + "ms; the call to "
          + host + " was cancelled", e);
    } catch (ExecutionException e) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      logCall(operation, request, -1, elapsed, "", null);
      Throwable cause = e.getCause();
      if (cause instanceof CloudProviderException cpe) {
        // Made on the dispatcher thread; wrap it so the stack trace shows the caller too.
        throw new CloudProviderException(cpe.getMessage(), cpe);
      }
      if (cause instanceof IOException io) {
        throw ioFailure(prefix, host, io, elapsed);
      }
      throw new CloudProviderException(prefix + "failed calling " + host + ": "
          + redactor.redact(String.valueOf(cause)), cause);
    }
  }

  /**
   * The redactor that masks this provider's secrets; register refreshed credentials with it.
   *
   * @return the redactor
   */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * The shared OkHttp client, for a vendor's side clients (a metadata service): derive them with
   * {@link OkHttpClient#newBuilder()} so they share the pool and dispatcher, and never shut them down separately.
   *
   * @return the OkHttp client
   */
  public OkHttpClient okHttp() {
    return http;
  }

  /**
   * A view of this client with other timeouts, for calls that must fail fast (a metadata service on a link-local
   * address, which answers in milliseconds or not at all). It shares the pool, dispatcher, redactor, decoder and
   * request log; closing the view does nothing, closing this client closes the view too.
   *
   * @param connectTimeout positive
   * @param readTimeout positive
   * @param callTimeout positive
   * @return the view
   */
  public VendorHttpClient withTimeouts(Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
    OkHttpClient derived = http.newBuilder()
        .connectTimeout(Builder.positive(connectTimeout, "connectTimeout"))
        .readTimeout(Builder.positive(readTimeout, "readTimeout"))
        .writeTimeout(readTimeout)
        .callTimeout(Builder.positive(callTimeout, "callTimeout"))
        .build();
    return new VendorHttpClient(this, derived);
  }

  /**
   * The vendor name this client was built for.
   *
   * @return the vendor name
   */
  public String vendor() {
    return vendor;
  }

  /**
   * Cancels calls in flight, shuts down the dispatcher's executor and evicts pooled connections. Idempotent; does
   * nothing on a {@link #withTimeouts} view.
   */
  @Override
  public void close() {
    if (!owner || !closed.compareAndSet(false, true)) {
      return;
    }
    http.dispatcher().cancelAll();
    executor.shutdown();
    http.connectionPool().evictAll();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        LOG.debug("vendor={} HTTP dispatcher threads still running 2s after close", vendor);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "VendorHttpClient{vendor=" + vendor + (owner ? "" : ", view") + ", closed=" + closed.get() + "}";
  }

  private VendorResponse read(String operation, Response response, long start) throws IOException {
    ResponseBody body = response.body();
    byte[] bytes;
    Charset charset = StandardCharsets.UTF_8;
    MediaType type = body.contentType();
    if (type != null) {
      charset = type.charset(StandardCharsets.UTF_8);
    }
    try (InputStream in = body.byteStream()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
    }
    if (bytes.length > maxResponseBytes) {
      throw new CloudProviderException(vendor + " " + operation + ": response body exceeds " + maxResponseBytes
          + " bytes");
    }
    return VendorResponse.builder(response.code())
        .operation(operation)
        .headers(response.headers())
        .body(new String(bytes, charset))
        .elapsed(Duration.ofNanos(System.nanoTime() - start))
        .build();
  }

  private CloudProviderException toException(String operation, VendorResponse response) {
    VendorError error = null;
    try {
      error = errorDecoder.decode(response);
    } catch (RuntimeException e) {
      // Never log the exception itself: a decoder's parse error may quote the body.
      LOG.debug("vendor={} op={} error decoder failed ({}); falling back to the HTTP status", vendor, operation,
          e.getClass().getSimpleName());
    }
    if (error == null) {
      error = VendorError.builder(response.status()).requestId(requestIdOf(response)).build();
    }
    VendorError.Builder b = error.toBuilder();
    if (error.code().isEmpty() && error.message().isEmpty()) {
      // Nothing decodable: an excerpt of the body (a proxy's error page) is the operator's only clue.
      b.message(CloudApiErrors.oneLine(excerpt(response.body(), ERROR_EXCERPT_CHARS)));
    }
    if (error.retryAfter().isEmpty()) {
      response.header("Retry-After").flatMap(this::parseRetryAfter).ifPresent(b::retryAfter);
    }
    CloudProviderException e = CloudApiErrors.toException(vendor, operation, b.build(), redactor, null);
    if (requestLog.isDebugEnabled()) {
      CloudApiFailure f = (CloudApiFailure) e;
      requestLog.debug("op={} failed status={} code={} kind={} requestId={}", operation, f.httpStatus(), f.code(),
          f.kind(), f.requestId());
    }
    return e;
  }

  Optional<Duration> parseRetryAfter(String value) {
    return parseRetryAfterUncapped(value).map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  private Optional<Duration> parseRetryAfterUncapped(String value) {
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v))).filter(d -> !d.isZero());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private CloudProviderException ioFailure(String prefix, String host, IOException e, Duration elapsed) {
    String what;
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      what = "timed out after " + elapsed.toMillis() + "ms calling " + host;
    } else if (closed.get() || "Canceled".equals(e.getMessage())) {
      what = "cancelled calling " + host + " (client closed)";
    } else if (e instanceof UnknownHostException) {
      what = "unknown host " + host;
    } else if (e instanceof ConnectException) {
      what = "cannot connect to " + host;
    } else if (e instanceof SSLException) {
      what = "TLS failure calling " + host;
    } else {
      what = "I/O error calling " + host;
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    // TLS messages span lines (OkHttp lists the peer's certificates); keep one line, capped.
    String clean = CloudApiErrors.cap(CloudApiErrors.oneLine(redactor.redact(detail)), 300);
    return new CloudProviderException(prefix + what + " (" + clean + ")", e);
  }

  private String requestIdOf(VendorResponse response) {
    Optional<String> id = ErrorDecoder.requestIdHeader(response);
    if (id.isPresent()) {
      return id.get();
    }
    String body = response.body();
    Matcher m = BODY_REQUEST_ID.matcher(body.length() > 65536 ? body.substring(0, 65536) : body);
    return m.find() ? m.group(1) : "";
  }

  private void logCall(String op, Request request, int status, Duration elapsed, String requestId,
      VendorResponse response) {
    if (!requestLog.isTraceEnabled()) {
      return;
    }
    requestLog.trace("op={} method={} url={} status={} ms={} requestId={}", op, request.method(),
        redactor.redactUrl(request.url()), status < 0 ? "-" : String.valueOf(status), elapsed.toMillis(),
        redactor.redact(requestId));
    if (bodyLog.isTraceEnabled()) {
      bodyLog.trace("op={} request headers=[{}] body={}", op,
          redactor.redactHeaders(request.headers()).replace('\n', ';'),
          excerpt(requestBody(request), LOGGED_BODY_CHARS));
      if (response != null) {
        bodyLog.trace("op={} response status={} body={}", op, response.status(),
            excerpt(response.body(), LOGGED_BODY_CHARS));
      }
    }
  }

  /**
   * A redacted, capped excerpt. The whole text is redacted before capping, because a cut first could leave half
   * a secret behind; texts too large to redact cheaply are summarised instead.
   */
  private String excerpt(String text, int maxChars) {
    if (text.length() > MAX_REDACTED_CHARS) {
      return "<" + text.length() + " chars, not shown>";
    }
    return CloudApiErrors.cap(redactor.redact(text), maxChars);
  }

  private static String requestBody(Request request) {
    RequestBody body = request.body();
    if (body == null) {
      return "";
    }
    if (body.isOneShot() || body.isDuplex()) {
      return "<streamed body>";
    }
    try (Buffer buf = new Buffer()) {
      body.writeTo(buf);
      return buf.readUtf8();
    } catch (IOException e) {
      return "<unreadable body>";
    }
  }

  /** Builds a {@link VendorHttpClient}. Not thread-safe. */
  public static final class Builder {
    private final String vendor;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(20);
    private Duration callTimeout = Duration.ofSeconds(30);
    private String userAgent;
    private Redactor redactor = Redactor.create();
    private ErrorDecoder errorDecoder = ErrorDecoder.standard();
    private Path trustedCertificates;
    private int maxConcurrentRequests = 64;
    private long maxResponseBytes = 32L * 1024 * 1024;
    private Clock clock = Clock.systemUTC();
    private ProxySelector proxySelector;
    private EnvironmentProxy environmentProxy;

    private Builder(String vendor) {
      Objects.requireNonNull(vendor, "vendor");
      if (!VENDOR_NAME.matcher(vendor).matches()) {
        throw new IllegalArgumentException("vendor name must be lower-case letters, digits, '.', '_' or '-', got '"
            + vendor + "'");
      }
      this.vendor = vendor;
      this.userAgent = "ccm4j-" + vendor;
    }

    /**
     * Sets the TCP connect timeout (default 5s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the socket read timeout (default 20s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /**
     * Sets the timeout of a whole call, connect to last body byte (default 30s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets the {@code User-Agent} sent when a request does not set its own (default {@code ccm4j-<vendor>}).
     *
     * @param userAgent not blank
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      if (userAgent == null || userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent must not be blank");
      }
      this.userAgent = userAgent.strip();
      return this;
    }

    /**
     * Sets the redactor (default {@link Redactor#create()}); the vendor registers its secrets with it.
     *
     * @param redactor the redactor
     * @return this builder
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Sets the vendor's error decoder (default {@link ErrorDecoder#standard()}).
     *
     * @param errorDecoder the decoder
     * @return this builder
     */
    public Builder errorDecoder(ErrorDecoder errorDecoder) {
      this.errorDecoder = Objects.requireNonNull(errorDecoder, "errorDecoder");
      return this;
    }

    /**
     * Trusts the CA certificates of a PEM file in addition to the JVM's, for private clouds with their own CA.
     * TLS verification (chain and host name) always stays on.
     *
     * @param pemFile a file with one or more PEM certificates; read by {@link #build()}
     * @return this builder
     */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
      return this;
    }

    /**
     * Sets how many calls may be in flight at once, in total and per host (default 64); further calls queue.
     *
     * @param max positive
     * @return this builder
     */
    public Builder maxConcurrentRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be positive, got " + max);
      }
      this.maxConcurrentRequests = max;
      return this;
    }

    /**
     * Sets the largest response body read (default 32 MiB); a larger one fails the call.
     *
     * @param max positive
     * @return this builder
     */
    public Builder maxResponseBytes(long max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxResponseBytes must be positive, got " + max);
      }
      this.maxResponseBytes = max;
      return this;
    }

    /**
     * Routes calls through the proxies of the process environment, as the vendors' Go CCMs and SDKs do:
     * {@code HTTPS_PROXY} / {@code https_proxy} for https URLs, {@code HTTP_PROXY} / {@code http_proxy} for http URLs,
     * {@code NO_PROXY} / {@code no_proxy} for exceptions ({@code *}, IPs, CIDRs, {@code example.com} for a domain and
     * its subdomains, {@code .example.com} for subdomains only, optional {@code :port}); loopback hosts never go
     * through a proxy. Credentials in an http proxy URL are answered to the proxy's 407 (preemptively for https
     * tunnels) and their password is registered with the redactor. Without this call, or when neither proxy
     * variable is set, OkHttp's default applies (the JVM's {@code http(s).proxyHost} system properties).
     *
     * @param env the environment, usually {@code System.getenv()}
     * @return this builder
     * @throws IllegalArgumentException naming the variable, never quoting it, when a proxy URL is unusable
     *     ({@code https://} or unknown scheme, no host, credentials for SOCKS)
     */
    public Builder proxyFromEnvironment(Map<String, String> env) {
      this.environmentProxy = EnvironmentProxy.from(Objects.requireNonNull(env, "env")).orElse(null);
      if (environmentProxy != null) {
        this.proxySelector = null;
      }
      return this;
    }

    /**
     * Routes calls through an explicit proxy selector instead (replaces {@link #proxyFromEnvironment}).
     *
     * @param selector the selector
     * @return this builder
     */
    public Builder proxySelector(ProxySelector selector) {
      this.proxySelector = Objects.requireNonNull(selector, "selector");
      this.environmentProxy = null;
      return this;
    }

    /**
     * Sets the clock that turns an HTTP-date {@code Retry-After} into a delay (default the system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the client and its connection pool and dispatcher.
     *
     * @return a new client; close it when the provider stops
     * @throws IllegalArgumentException when the trusted-certificates file cannot be read or holds no certificate
     */
    public VendorHttpClient build() {
      OkHttpClient.Builder ok = new OkHttpClient.Builder()
          .connectTimeout(connectTimeout)
          .readTimeout(readTimeout)
          .writeTimeout(readTimeout)
          .callTimeout(callTimeout)
          // Cloud APIs do not redirect; following one would send signed requests somewhere unplanned.
          .followRedirects(false)
          .followSslRedirects(false)
          .connectionPool(new ConnectionPool(16, 1, TimeUnit.MINUTES));
      if (trustedCertificates != null) {
        TrustStores.Trust trust = TrustStores.withExtraCertificates(trustedCertificates);
        ok.sslSocketFactory(trust.socketFactory(), trust.trustManager());
      }
      if (environmentProxy != null) {
        environmentProxy.secrets().forEach(redactor::secret);
        ok.proxySelector(environmentProxy).proxyAuthenticator(environmentProxy.authenticator());
      } else if (proxySelector != null) {
        ok.proxySelector(proxySelector);
      }
      String ua = userAgent;
      ok.addInterceptor(chain -> {
        Request r = chain.request();
        return chain.proceed(r.header("User-Agent") == null ? r.newBuilder().header("User-Agent", ua).build() : r);
      });
      ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
          new SynchronousQueue<>(), threadFactory("ccm4j-" + vendor + "-http-"));
      Dispatcher dispatcher = new Dispatcher(executor);
      dispatcher.setMaxRequests(maxConcurrentRequests);
      dispatcher.setMaxRequestsPerHost(maxConcurrentRequests);
      ok.dispatcher(dispatcher);
      return new VendorHttpClient(this, ok.build(), executor);
    }

    private static java.util.concurrent.ThreadFactory threadFactory(String prefix) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, prefix + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
