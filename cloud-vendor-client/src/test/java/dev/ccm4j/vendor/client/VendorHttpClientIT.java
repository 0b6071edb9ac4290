package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.ThrottledException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.FormBody;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VendorHttpClientIT {
  private static final String THREAD_PREFIX = "ccm4j-testcloud-http-";

  /** Classifies like a vendor decoder: by code first, by status otherwise. */
  private static final ErrorDecoder DECODER = response -> {
    VendorError e = ErrorDecoder.standard().decode(response);
    String code = e.code();
    ErrorKind kind = code.startsWith("Throttling") ? ErrorKind.THROTTLED
        : code.endsWith(".NotFound") ? ErrorKind.NOT_FOUND
        : code.startsWith("Conflict") ? ErrorKind.CONFLICT
        : null;
    return kind == null ? e : e.toBuilder().kind(kind).build();
  };

  private MockWebServer server;
  private final List<VendorHttpClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    clients.forEach(VendorHttpClient::close);
    server.close();
  }

  private VendorHttpClient client(VendorHttpClient.Builder b) {
    VendorHttpClient c = b.build();
    clients.add(c);
    return c;
  }

  private VendorHttpClient client() {
    return client(VendorHttpClient.builder("testcloud").errorDecoder(DECODER));
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path)).build();
  }

  @Test
  void successfulCallReturnsTheReadResponse() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("x-acs-request-id", "R-1")
        .addHeader("Content-Type", "application/json").body("{\"RequestId\":\"R-1\",\"TotalCount\":3}").build());
    VendorHttpClient c = client();
    VendorResponse r = c.execute("DescribeInstances", get("/?Action=DescribeInstances"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.successful()).isTrue();
    assertThat(r.operation()).isEqualTo("DescribeInstances");
    assertThat(r.header("X-Acs-Request-Id")).contains("R-1");
    assertThat(r.headers()).containsKey("x-acs-request-id");
    assertThat(Json.number(r.json(), "TotalCount")).contains(3L);
    assertThat(r.elapsed()).isPositive();
    assertThat(r.toString()).doesNotContain("TotalCount");
    RecordedRequest rec = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(rec.getHeaders().get("User-Agent")).isEqualTo("ccm4j-testcloud");
    assertThat(rec.getUrl().queryParameter("Action")).isEqualTo("DescribeInstances");
  }

  @Test
  void ownUserAgentAndRequestBodiesAreSentAsGiven() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    VendorHttpClient c = client(VendorHttpClient.builder("testcloud").userAgent("AlibabaCloud (ccm4j)"));
    c.execute("A", new Request.Builder().url(server.url("/")).post(new FormBody.Builder().add("k", "v").build())
        .build());
    c.execute("B", new Request.Builder().url(server.url("/")).header("User-Agent", "mine").build());
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(first.getHeaders().get("User-Agent")).isEqualTo("AlibabaCloud (ccm4j)");
    assertThat(first.getBody().utf8()).isEqualTo("k=v");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("User-Agent")).isEqualTo("mine");
  }

  @ParameterizedTest
  @CsvSource({
      "400, Throttling.User, CloudApiThrottledException, THROTTLED",
      "429, '', CloudApiThrottledException, THROTTLED",
      "404, '', CloudResourceNotFoundException, NOT_FOUND",
      "400, InvalidLoadBalancerId.NotFound, CloudResourceNotFoundException, NOT_FOUND",
      "409, '', CloudApiException, CONFLICT",
      "400, Conflict.Busy, CloudApiException, CONFLICT",
      "400, InvalidParameter, CloudApiException, INVALID_REQUEST",
      "403, Forbidden.RAM, CloudApiException, AUTH",
      "503, ServiceUnavailable, CloudApiException, SERVER",
      "418, Teapot, CloudApiException, OTHER",
  })
  void errorResponsesMapOntoTheExceptionFamilies(int status, String code, String type, ErrorKind kind) {
    String body = code.isEmpty() ? "{\"RequestId\":\"R-7\"}"
        : "{\"RequestId\":\"R-7\",\"Code\":\"" + code + "\",\"Message\":\"the cloud said no\"}";
    server.enqueue(new MockResponse.Builder().code(status).body(body).build());
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> client().execute("DescribeLoadBalancers", get("/")));
    assertThat(t.getClass().getSimpleName()).isEqualTo(type);
    CloudApiFailure f = (CloudApiFailure) t;
    assertThat(f.operation()).isEqualTo("DescribeLoadBalancers");
    assertThat(f.httpStatus()).isEqualTo(status);
    assertThat(f.code()).isEqualTo(code);
    assertThat(f.requestId()).isEqualTo("R-7");
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(CloudApiErrors.kind(t)).contains(kind);
    assertThat(t).isInstanceOf(CloudProviderException.class);
    String expected = "testcloud DescribeLoadBalancers: HTTP " + status
        + (code.isEmpty() ? ": {\"RequestId\":\"R-7\"}" : " " + code + ": the cloud said no") + " (request id R-7)";
    assertThat(t).hasMessage(expected);
  }

  @Test
  void retryAfterInSecondsFillsTheThrottledException() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .body("{\"Code\":\"Throttling.User\"}").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "99999999999")
        .body("{\"Code\":\"Throttling.User\"}").build());
    VendorHttpClient c = client();
    assertThatThrownBy(() -> c.execute("DescribeInstances", get("/")))
        .isInstanceOfSatisfying(ThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    // An absurd advice (a broken proxy) is capped rather than parking the controllers for years.
    assertThatThrownBy(() -> c.execute("DescribeInstances", get("/")))
        .isInstanceOfSatisfying(ThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(VendorHttpClient.MAX_RETRY_AFTER))
        .hasMessageEndingWith("(retry after 3600s)");
  }

  @Test
  void retryAfterAsHttpDateIsMeasuredAgainstTheClock() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC);
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "Mon, 07 Dec 2026 03:00:30 GMT")
        .body("{\"Code\":\"Throttling\"}").build());
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "Mon, 07 Dec 2026 02:59:00 GMT")
        .body("{\"Code\":\"Throttling\"}").build());
    VendorHttpClient c = client(VendorHttpClient.builder("testcloud").errorDecoder(DECODER).clock(clock));
    assertThatThrownBy(() -> c.execute("A", get("/")))
        .isInstanceOfSatisfying(CloudApiThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    // A date in the past is no advice at all.
    assertThatThrownBy(() -> c.execute("A", get("/")))
        .isInstanceOfSatisfying(CloudApiThrottledException.class, e -> assertThat(e.retryAfter()).isEmpty());
  }

  @Test
  void theDecodersRetryAfterWinsOverTheHeaderAndGarbageIsIgnored() {
    ErrorDecoder withHint = r -> VendorError.builder(r.status()).code("Throttling").kind(ErrorKind.THROTTLED)
        .retryAfter(Duration.ofSeconds(2)).build();
    server.enqueue(new MockResponse.Builder().code(400).addHeader("Retry-After", "60").build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "soon").build());
    assertThatThrownBy(() -> client(VendorHttpClient.builder("testcloud").errorDecoder(withHint))
        .execute("A", get("/")))
        .isInstanceOfSatisfying(CloudApiThrottledException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
    assertThatThrownBy(() -> client().execute("A", get("/")))
        .isInstanceOfSatisfying(CloudApiThrottledException.class, e -> assertThat(e.retryAfter()).isEmpty());
  }

  @Test
  void aFailingDecoderStillYieldsTheStatusWithARedactedCappedExcerpt() {
    Redactor redactor = Redactor.create().secret("TopSecretValue");
    ErrorDecoder broken = r -> {
      throw new IllegalStateException("cannot parse " + r.body());
    };
    ErrorDecoder empty = r -> null;
    server.enqueue(new MockResponse.Builder().code(502)
        .body("<html>proxy error TopSecretValue " + "y".repeat(1000) + "</html>").build());
    server.enqueue(new MockResponse.Builder().code(500).addHeader("X-Request-Id", "hdr-1").build());
    VendorHttpClient c = client(VendorHttpClient.builder("testcloud").redactor(redactor).errorDecoder(broken));
    assertThatThrownBy(() -> c.execute("CreateLoadBalancer", get("/")))
        .isExactlyInstanceOf(CloudApiException.class)
        .hasMessageStartingWith("testcloud CreateLoadBalancer: HTTP 502: <html>proxy error *** yyy")
        .hasMessageNotContaining("TopSecretValue")
        .hasMessageContaining("more chars")
        .satisfies(e -> assertThat(((CloudApiException) e).kind()).isEqualTo(ErrorKind.SERVER));
    assertThatThrownBy(() -> client(VendorHttpClient.builder("testcloud").errorDecoder(empty))
        .execute("X", get("/")))
        .hasMessage("testcloud X: HTTP 500 (request id hdr-1)");
  }

  @Test
  void executeRawReturnsErrorsWithoutThrowingAndRedirectsAreNotFollowed() {
    server.enqueue(new MockResponse.Builder().code(404).body("not here").build());
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", server.url("/elsewhere")).build());
    VendorHttpClient c = client();
    VendorResponse r = c.executeRaw("meta", get("/latest/meta-data/x"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("not here");
    assertThatThrownBy(() -> c.execute("A", get("/")))
        .isInstanceOfSatisfying(CloudApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(302));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void sequentialCallsReuseOnePooledConnection() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    }
    VendorHttpClient c = client();
    for (int i = 0; i < 3; i++) {
      c.execute("Call" + i, get("/"));
    }
    List<Integer> connections = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      connections.add(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex());
    }
    assertThat(connections).containsOnly(connections.get(0));
    assertThat(c.okHttp().connectionPool().connectionCount()).isEqualTo(1);
    // Side clients share the pool.
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    c.okHttp().newBuilder().build().newCall(get("/")).execute().close();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isEqualTo(connections.get(0));
  }

  @Test
  void callTimeoutEndsAHangingCall() throws Exception {
    try (HangingServer hang = new HangingServer()) {
      VendorHttpClient c = client(VendorHttpClient.builder("testcloud").callTimeout(Duration.ofMillis(300)));
      long start = System.nanoTime();
      assertThatThrownBy(() -> c.execute("DescribeRouteTables", new Request.Builder().url(hang.url()).build()))
          .isExactlyInstanceOf(CloudProviderException.class)
          .hasMessageStartingWith("testcloud DescribeRouteTables: timed out after ")
          .hasMessageContaining("calling 127.0.0.1:" + hang.port());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void readTimeoutEndsAStalledResponse() throws Exception {
    try (HangingServer hang = new HangingServer()) {
      VendorHttpClient c = client(VendorHttpClient.builder("testcloud").readTimeout(Duration.ofMillis(300)));
      assertThatThrownBy(() -> c.execute("A", new Request.Builder().url(hang.url()).build()))
          .hasMessageStartingWith("testcloud A: timed out after ");
    }
  }

  @Test
  void interruptingTheCallerCancelsTheCallPromptly() throws Exception {
    try (HangingServer hang = new HangingServer()) {
      VendorHttpClient c = client();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean flagSet = new AtomicBoolean();
      CountDownLatch done = new CountDownLatch(1);
      Thread caller = new Thread(() -> {
        try {
          c.execute("DescribeInstances", new Request.Builder().url(hang.url()).build());
        } catch (Throwable t) {
          thrown.set(t);
          flagSet.set(Thread.currentThread().isInterrupted());
        } finally {
          done.countDown();
        }
      });
      caller.start();
      assertThat(hang.accepted.await(5, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      caller.interrupt();
      // Far below the 30s call timeout, with room for a loaded CI machine.
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(thrown.get()).isExactlyInstanceOf(CloudProviderException.class)
          .hasMessageContaining("testcloud DescribeInstances: interrupted")
          .hasMessageContaining("127.0.0.1:" + hang.port() + " was cancelled");
      assertThat(flagSet).isTrue();
      // The cancel really closed the socket, rather than leaving the call running behind the caller's back.
      assertThat(hang.clientClosed.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void anAlreadyInterruptedCallerSendsNothing() throws Exception {
    try (HangingServer hang = new HangingServer()) {
      VendorHttpClient c = client();
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> c.execute("A", new Request.Builder().url(hang.url()).build()))
            .isExactlyInstanceOf(CloudProviderException.class)
            .hasMessageContaining("interrupted before calling 127.0.0.1:" + hang.port());
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(hang.connections.get()).isZero();
    }
  }

  @Test
  void connectionFailureNamesOperationAndHost() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    VendorHttpClient c = client();
    int closedPort = port;
    assertThatThrownBy(() -> c.execute("DescribeVpcs",
        new Request.Builder().url("http://127.0.0.1:" + closedPort + "/").build()))
        .isExactlyInstanceOf(CloudProviderException.class)
        .hasMessageStartingWith("testcloud DescribeVpcs: cannot connect to 127.0.0.1:" + closedPort)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void oversizedBodiesAreRefused() {
    server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(100)).build());
    VendorHttpClient c = client(VendorHttpClient.builder("testcloud").maxResponseBytes(16));
    assertThatThrownBy(() -> c.execute("A", get("/")))
        .isExactlyInstanceOf(CloudProviderException.class)
        .hasMessage("testcloud A: response body exceeds 16 bytes");
  }

  @Test
  void closeLeavesNoDispatcherThreadNoConnectionAndRefusesCalls() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    }
    VendorHttpClient c = VendorHttpClient.builder("testcloud").build();
    for (int i = 0; i < 3; i++) {
      c.execute("A", get("/"));
    }
    // OkHttp names a dispatcher thread after the URL while it runs a call, and restores the name a moment after
    // the caller has its response.
    await().atMost(Duration.ofSeconds(5)).until(() -> !liveThreads().isEmpty());
    assertThat(c.okHttp().connectionPool().connectionCount()).isEqualTo(1);
    c.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> liveThreads().isEmpty());
    assertThat(c.okHttp().connectionPool().connectionCount()).isZero();
    assertThat(c.okHttp().dispatcher().executorService().isTerminated()).isTrue();
    // What OkHttp keeps is its JVM-wide task runner, daemon threads that retire after a minute idle; nothing of
    // this client can keep the JVM alive.
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("OkHttp"))
        .allMatch(Thread::isDaemon);
    assertThatThrownBy(() -> c.execute("A", get("/"))).isInstanceOf(IllegalStateException.class)
        .hasMessage("testcloud HTTP client is closed");
    c.close();
  }

  @Test
  void closeCancelsACallInFlight() throws Exception {
    try (HangingServer hang = new HangingServer()) {
      VendorHttpClient c = VendorHttpClient.builder("testcloud").build();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      Thread caller = new Thread(() -> {
        try {
          c.execute("A", new Request.Builder().url(hang.url()).build());
        } catch (Throwable t) {
          thrown.set(t);
        } finally {
          done.countDown();
        }
      });
      caller.start();
      assertThat(hang.accepted.await(5, TimeUnit.SECONDS)).isTrue();
      c.close();
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(thrown.get()).hasMessageContaining("client closed");
      assertThat(c.okHttp().dispatcher().executorService().isTerminated()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> liveThreads().isEmpty());
    }
  }

  @Test
  void aTimeoutViewSharesThePoolAndFollowsTheParentsLifecycle() throws Exception {
    try (HangingServer hang = new HangingServer()) {
      VendorHttpClient parent = VendorHttpClient.builder("testcloud").build();
      VendorHttpClient view = parent.withTimeouts(Duration.ofMillis(100), Duration.ofMillis(200),
          Duration.ofMillis(300));
      assertThat(view.okHttp().connectionPool()).isSameAs(parent.okHttp().connectionPool());
      assertThat(view.okHttp().callTimeoutMillis()).isEqualTo(300);
      assertThat(parent.okHttp().callTimeoutMillis()).isEqualTo(30_000);
      assertThat(view.redactor()).isSameAs(parent.redactor());
      long start = System.nanoTime();
      assertThatThrownBy(() -> view.execute("metadata", new Request.Builder().url(hang.url()).build()))
          .hasMessageStartingWith("testcloud metadata: timed out after ");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      view.close();
      server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
      assertThat(parent.execute("A", get("/")).status()).isEqualTo(200);
      parent.close();
      assertThatThrownBy(() -> view.execute("metadata", get("/"))).isInstanceOf(IllegalStateException.class);
      assertThat(view.toString()).contains("view", "closed=true");
    }
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> VendorHttpClient.builder("Ali Baba")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vendor name");
    VendorHttpClient.Builder b = VendorHttpClient.builder("x");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> b.readTimeout(Duration.ofSeconds(-1))).hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> b.callTimeout(Duration.ZERO)).hasMessageContaining("callTimeout");
    assertThatThrownBy(() -> b.userAgent(" ")).hasMessageContaining("userAgent");
    assertThatThrownBy(() -> b.maxConcurrentRequests(0)).hasMessageContaining("maxConcurrentRequests");
  }

  @Test
  void defaultsAreTheVendorSdkTimeouts() {
    VendorHttpClient c = client(VendorHttpClient.builder("testcloud"));
    assertThat(c.okHttp().connectTimeoutMillis()).isEqualTo(5_000);
    assertThat(c.okHttp().readTimeoutMillis()).isEqualTo(20_000);
    assertThat(c.okHttp().callTimeoutMillis()).isEqualTo(30_000);
    assertThat(c.okHttp().followRedirects()).isFalse();
    assertThat(c.vendor()).isEqualTo("testcloud");
  }

  private static List<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(THREAD_PREFIX)).toList();
  }
}
