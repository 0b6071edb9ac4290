package dev.ccm4j.provider.alibaba.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A scriptable ECS metadata service on a {@link MockWebServer}: IMDSv2 tokens, plain resources, and failure
 * injection per path.
 */
public final class MetadataServer implements AutoCloseable {
  /** The token this server issues. */
  public static final String TOKEN = "imds-session-token-for-tests";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, String> resources = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private volatile boolean requireToken = true;
  private volatile int tokenStatus = 200;
  private volatile int failureStatus = 500;

  /**
   * Starts the server on a free loopback port.
   *
   * @throws IOException if it cannot bind
   */
  public MetadataServer() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return handle(request);
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  private MockResponse handle(RecordedRequest request) {
    requests.add(request);
    String path = request.getUrl().encodedPath();
    hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    if (path.equals("/latest/api/token")) {
      if (!"PUT".equals(request.getMethod())
          || !"21600".equals(request.getHeaders().get(MetadataClient.TOKEN_TTL_HEADER))) {
        return new MockResponse.Builder().code(400).build();
      }
      return new MockResponse.Builder().code(tokenStatus).body(tokenStatus == 200 ? TOKEN : "").build();
    }
    Integer failing = failures.get(path);
    if (failing != null && failing > 0) {
      failures.put(path, failing - 1);
      return new MockResponse.Builder().code(failureStatus).body("boom").build();
    }
    if (requireToken && !TOKEN.equals(request.getHeaders().get(MetadataClient.TOKEN_HEADER))) {
      return new MockResponse.Builder().code(401).build();
    }
    String prefix = "/latest/meta-data/";
    String value = path.startsWith(prefix) ? resources.get(path.substring(prefix.length())) : null;
    return value == null ? new MockResponse.Builder().code(404).body("Not Found").build()
        : new MockResponse.Builder().code(200).body(value).build();
  }

  /**
   * Serves a resource below {@code /latest/meta-data/}.
   *
   * @param resource e.g. {@code region-id}
   * @param value the body
   * @return this
   */
  public MetadataServer put(String resource, String value) {
    resources.put(resource, value);
    return this;
  }

  /**
   * Makes the next {@code times} requests for a path fail with the failure status.
   *
   * @param path the full path
   * @param times how many
   * @return this
   */
  public MetadataServer fail(String path, int times) {
    failures.put(path, times);
    return this;
  }

  /**
   * The status of injected failures.
   *
   * @param status e.g. 500
   * @return this
   */
  public MetadataServer failureStatus(int status) {
    this.failureStatus = status;
    return this;
  }

  /**
   * Whether resources demand the IMDSv2 token.
   *
   * @param required default true
   * @return this
   */
  public MetadataServer requireToken(boolean required) {
    this.requireToken = required;
    return this;
  }

  /**
   * The status {@code PUT /latest/api/token} answers with.
   *
   * @param status 200 issues the token
   * @return this
   */
  public MetadataServer tokenStatus(int status) {
    this.tokenStatus = status;
    return this;
  }

  /**
   * How many requests reached a path.
   *
   * @param path the full path
   * @return the count
   */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /**
   * Every request so far.
   *
   * @return the requests
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * The base URL.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public java.net.URI endpoint() {
    return java.net.URI.create("http://127.0.0.1:" + server.getPort());
  }

  @Override
  public void close() {
    server.close();
  }
}
