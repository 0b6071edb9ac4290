package dev.ccm4j.provider.alibaba.auth;

import dev.ccm4j.api.CloudProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the ECS instance metadata service ({@code http://100.100.100.200} by default).
 *
 * <p>It speaks IMDSv2: a session token is obtained with {@code PUT /latest/api/token} and sent as
 * {@code X-aliyun-ecs-metadata-token}; when the service refuses to issue one (an older or IMDSv1-only deployment)
 * requests go without it. Transient failures (I/O errors, 5xx) are retried a bounded number of times with a short
 * delay, since the service is local and either answers at once or is down. It never goes through a proxy. Response
 * bodies are never logged or put into exceptions: the RAM role resource returns credentials.
 */
public final class MetadataClient {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataClient.class);
  /** Header that asks for a token and gives its lifetime in seconds. */
  static final String TOKEN_TTL_HEADER = "X-aliyun-ecs-metadata-token-ttl-seconds";
  /** Header that carries the token on every metadata request. */
  static final String TOKEN_HEADER = "X-aliyun-ecs-metadata-token";
  private static final long TOKEN_TTL_SECONDS = 21600;
  /** A token is renewed this long before its lifetime ends, so a request never carries an expiring one. */
  private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);

  private final OkHttpClient http;
  private final HttpUrl base;
  private final Clock clock;
  private final int attempts;
  private final Duration retryDelay;
  private final Object tokenLock = new Object();
  private String token;
  private Instant tokenExpiry = Instant.MIN;
  private boolean tokensUnsupported;

  /**
   * Creates a client with the default retry policy (3 attempts, 200 ms apart).
   *
   * @param http the provider's shared OkHttp client ({@code VendorHttpClient.okHttp()}); short timeouts are derived
   *     from it, sharing its connection pool
   * @param endpoint the metadata service, {@code scheme://host[:port]}
   * @param clock the clock token lifetimes are measured with
   */
  public MetadataClient(OkHttpClient http, URI endpoint, Clock clock) {
    this(http, endpoint, clock, 3, Duration.ofMillis(200));
  }

  /**
   * Creates a client.
   *
   * @param http the provider's shared OkHttp client
   * @param endpoint the metadata service, {@code scheme://host[:port]}
   * @param clock the clock token lifetimes are measured with
   * @param attempts how many times a request is tried, at least 1
   * @param retryDelay the pause between attempts
   */
  public MetadataClient(OkHttpClient http, URI endpoint, Clock clock, int attempts, Duration retryDelay) {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(endpoint, "endpoint");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    this.attempts = attempts;
    HttpUrl url = HttpUrl.get(endpoint.toString());
    this.base = url;
    // the service is link-local: waiting longer than this only delays the error, and a proxy would reach its own
    // host's metadata (and see the session token), never this instance's
    this.http = http.newBuilder()
        .proxy(java.net.Proxy.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(5))
        .callTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * The metadata service this client talks to.
   *
   * @return {@code scheme://host[:port]/}
   */
  public URI endpoint() {
    return base.uri();
  }

  /**
   * Reads a metadata resource, e.g. {@code region-id}, {@code instance-id}, {@code vpc-id}, {@code zone-id}.
   *
   * @param resource the path below {@code /latest/meta-data/}
   * @return the value, trimmed
   * @throws CloudProviderException naming the resource and the status or I/O failure, never the body
   */
  public String get(String resource) {
    Objects.requireNonNull(resource, "resource");
    String path = "latest/meta-data/" + (resource.startsWith("/") ? resource.substring(1) : resource);
    return fetch(path, resource).strip();
  }

  /**
   * Reads a metadata resource that lists values one per line, e.g. {@code ram/security-credentials/}.
   *
   * @param resource the path below {@code /latest/meta-data/}
   * @return the non-empty lines, trimmed
   * @throws CloudProviderException naming the resource and the status or I/O failure, never the body
   */
  public List<String> list(String resource) {
    List<String> out = new ArrayList<>();
    for (String line : get(resource).split("\r?\n")) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }

  private String fetch(String path, String resource) {
    HttpUrl url = base.newBuilder().encodedPath("/" + path).build();
    CloudProviderException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        pause();
      }
      String t = token();
      Request.Builder request = new Request.Builder().url(url).get();
      if (t != null) {
        request.header(TOKEN_HEADER, t);
      }
      try (Response response = http.newCall(request.build()).execute()) {
        int status = response.code();
        if (status == 200) {
          ResponseBody body = response.body();
          return body.string();
        }
        if (status == 401 && t != null) {
          // the token expired or the service restarted: get a new one on the next attempt
          dropToken();
        } else if (status < 500) {
          throw new CloudProviderException("Aliyun metadata service: " + resource + ": HTTP " + status);
        }
        last = new CloudProviderException("Aliyun metadata service: " + resource + ": HTTP " + status);
      } catch (InterruptedIOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CloudProviderException("Aliyun metadata service: " + resource + ": interrupted", e);
        }
        last = ioFailure(resource, e);
      } catch (IOException e) {
        last = ioFailure(resource, e);
      }
    }
    throw last;
  }

  private CloudProviderException ioFailure(String resource, IOException e) {
    return new CloudProviderException("Aliyun metadata service " + base.host() + ":" + base.port() + ": " + resource
        + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
  }

  private void pause() {
    try {
      Thread.sleep(retryDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudProviderException("Aliyun metadata service: interrupted while retrying", e);
    }
  }

  private void dropToken() {
    synchronized (tokenLock) {
      token = null;
      tokenExpiry = Instant.MIN;
    }
  }

  /** The current IMDSv2 token, or null when the service does not issue tokens or cannot be reached for one. */
  private String token() {
    synchronized (tokenLock) {
      Instant now = clock.instant();
      if (tokensUnsupported) {
        return null;
      }
      if (token != null && now.isBefore(tokenExpiry.minus(TOKEN_MARGIN))) {
        return token;
      }
      Request request = new Request.Builder()
          .url(base.newBuilder().encodedPath("/latest/api/token").build())
          .header(TOKEN_TTL_HEADER, Long.toString(TOKEN_TTL_SECONDS))
          .put(RequestBody.create(new byte[0], null))
          .build();
      try (Response response = http.newCall(request).execute()) {
        if (response.code() == 200) {
          token = response.body().string().strip();
          tokenExpiry = now.plusSeconds(TOKEN_TTL_SECONDS);
          return token;
        }
        if (response.code() == 403 || response.code() == 404 || response.code() == 405) {
          // a service without IMDSv2 answers the PUT like an unknown path; stop asking
          LOG.debug("metadata service {} issues no IMDSv2 tokens (HTTP {}); continuing without", base.host(),
              response.code());
          tokensUnsupported = true;
        }
        return null;
      } catch (IOException e) {
        // the GET that follows reports the failure, with retries
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "MetadataClient{" + base + "}";
  }
}
