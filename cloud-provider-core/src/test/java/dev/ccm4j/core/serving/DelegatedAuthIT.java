package dev.ccm4j.core.serving;

import dev.ccm4j.core.health.HealthStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delegated authn/authz against a fake API server that knows three tokens: {@code alice-token} (may read
 * {@code /metrics}), {@code bob-token} (may read nothing) and {@code admin-token} (in {@code system:masters}).
 */
class DelegatedAuthIT {
  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  private final MockWebServer apiServer = new MockWebServer();
  private final AtomicInteger tokenReviews = new AtomicInteger();
  private final AtomicInteger accessReviews = new AtomicInteger();
  private final AtomicReference<JsonObject> lastAccessReview = new AtomicReference<>();
  private final AtomicReference<Integer> tokenReviewFailure = new AtomicReference<>();
  private final AtomicLong now = new AtomicLong();
  private SecureServer server;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    apiServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        JsonObject body = JsonParser.parseString(request.getBody().utf8()).getAsJsonObject();
        if (path.equals(TOKEN_REVIEWS) && request.getMethod().equals("POST")) {
          tokenReviews.incrementAndGet();
          if (tokenReviewFailure.get() != null) {
            return new MockResponse.Builder().code(tokenReviewFailure.get()).body("{}").build();
          }
          return json(tokenReview(body));
        }
        if (path.equals(ACCESS_REVIEWS) && request.getMethod().equals("POST")) {
          accessReviews.incrementAndGet();
          lastAccessReview.set(body);
          return json(accessReview(body));
        }
        return new MockResponse.Builder().code(404).body("{}").build();
      }
    });
    apiServer.start();
    ApiClient apiClient = new ApiClient().setBasePath("http://" + apiServer.getHostName() + ":" + apiServer.getPort());
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge.builder().name("running_managed_controllers").help("controllers").register(registry).set(1);
    server = SecureServer.builder(SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build())
        .metrics(registry)
        .configz(() -> Map.of("clusterName", "kubernetes"))
        .delegatedAuth(DelegatedAuth.builder(apiClient).nanoTime(now::get).build())
        .start();
    server.healthz().add("ping", HealthStatus::ok);
    client = HttpsClients.trusting(server.certificate().certificate());
  }

  @AfterEach
  void stop() {
    server.close();
    apiServer.close();
  }

  private static JsonObject tokenReview(JsonObject request) {
    String token = request.getAsJsonObject("spec").get("token").getAsString();
    JsonObject status = new JsonObject();
    String user = Map.of("alice-token", "alice", "bob-token", "bob", "admin-token", "admin").get(token);
    status.addProperty("authenticated", user != null);
    if (user != null) {
      JsonObject info = new JsonObject();
      info.addProperty("username", user);
      info.addProperty("uid", "uid-" + user);
      JsonArray groups = new JsonArray();
      groups.add(user.equals("admin") ? "system:masters" : "system:authenticated");
      info.add("groups", groups);
      JsonObject extra = new JsonObject();
      JsonArray scopes = new JsonArray();
      scopes.add("metrics-reader");
      extra.add("scopes", scopes);
      info.add("extra", extra);
      status.add("user", info);
    }
    request.add("status", status);
    return request;
  }

  private static JsonObject accessReview(JsonObject request) {
    JsonObject spec = request.getAsJsonObject("spec");
    JsonObject attributes = spec.getAsJsonObject("nonResourceAttributes");
    boolean allowed = spec.get("user").getAsString().equals("alice")
        && attributes.get("path").getAsString().equals("/metrics")
        && attributes.get("verb").getAsString().equals("get");
    JsonObject status = new JsonObject();
    status.addProperty("allowed", allowed);
    request.add("status", status);
    return request;
  }

  private static MockResponse json(JsonObject body) {
    return new MockResponse.Builder().code(201).addHeader("Content-Type", "application/json")
        .body(body.toString()).build();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return HttpsClients.send(client, "GET", "https://localhost:" + server.port() + path, token);
  }

  @Test
  void healthPathsNeedNoToken() throws Exception {
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/healthz/ping", null).body()).isEqualTo("ok");
    assertThat(get("/readyz?verbose", null).statusCode()).isEqualTo(200);
    assertThat(get("/livez", null).statusCode()).isEqualTo(200);

    assertThat(tokenReviews).hasValue(0);
    assertThat(accessReviews).hasValue(0);
  }

  @Test
  void missingOrUnknownTokensAreUnauthorized() throws Exception {
    HttpResponse<String> noToken = get("/metrics", null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.body()).isEqualTo("Unauthorized\n");
    assertThat(tokenReviews).hasValue(0);

    assertThat(get("/metrics", "forged-token").statusCode()).isEqualTo(401);
    assertThat(get("/no-such-path", null).statusCode()).isEqualTo(401);
    assertThat(tokenReviews).hasValue(1);
    assertThat(accessReviews).hasValue(0);
  }

  @Test
  void authenticatedButNotAuthorizedIsForbidden() throws Exception {
    HttpResponse<String> bob = get("/metrics", "bob-token");
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.body()).contains("bob").contains("/metrics").doesNotContain("bob-token");

    HttpResponse<String> aliceConfigz = get("/configz", "alice-token");
    assertThat(aliceConfigz.statusCode()).isEqualTo(403);
  }

  @Test
  void allowedUsersAreServedAndTheReviewCarriesTheirIdentity() throws Exception {
    HttpResponse<String> metrics = get("/metrics", "alice-token");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("running_managed_controllers 1.0");
    JsonObject spec = lastAccessReview.get().getAsJsonObject("spec");
    assertThat(lastAccessReview.get().get("kind").getAsString()).isEqualTo("SubjectAccessReview");
    assertThat(spec.get("user").getAsString()).isEqualTo("alice");
    assertThat(spec.get("uid").getAsString()).isEqualTo("uid-alice");
    assertThat(spec.getAsJsonArray("groups").get(0).getAsString()).isEqualTo("system:authenticated");
    assertThat(spec.getAsJsonObject("extra").getAsJsonArray("scopes").get(0).getAsString())
        .isEqualTo("metrics-reader");
    assertThat(spec.getAsJsonObject("nonResourceAttributes").get("verb").getAsString()).isEqualTo("get");
  }

  @Test
  void systemMastersNeedNoAccessReview() throws Exception {
    assertThat(get("/configz", "admin-token").statusCode()).isEqualTo(200);
    assertThat(accessReviews).hasValue(0);
  }

  @Test
  void reviewsAreCachedForTheirTtlBothWays() throws Exception {
    assertThat(get("/metrics", "alice-token").statusCode()).isEqualTo(200);
    assertThat(get("/metrics", "bob-token").statusCode()).isEqualTo(403);
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertThat(get("/metrics", "alice-token").statusCode()).isEqualTo(200);
    assertThat(get("/metrics", "bob-token").statusCode()).isEqualTo(403);
    assertThat(get("/metrics", "forged-token").statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "forged-token").statusCode()).isEqualTo(401);
    assertThat(tokenReviews).hasValue(3);
    assertThat(accessReviews).hasValue(2);

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(get("/metrics", "alice-token").statusCode()).isEqualTo(200);
    assertThat(get("/metrics", "bob-token").statusCode()).isEqualTo(403);
    assertThat(tokenReviews).hasValue(5);
    assertThat(accessReviews).hasValue(4);
  }

  @Test
  void aFailedTokenReviewIsUnauthorizedAndNotCached() throws Exception {
    tokenReviewFailure.set(500);
    assertThat(get("/metrics", "alice-token").statusCode()).isEqualTo(401);

    tokenReviewFailure.set(null);
    assertThat(get("/metrics", "alice-token").statusCode()).isEqualTo(200);
    assertThat(tokenReviews).hasValue(2);
  }

  @Test
  void alwaysAllowPathsAreConfigurable() {
    DelegatedAuth auth = DelegatedAuth.builder(new ApiClient())
        .alwaysAllowPaths(List.of("/healthz", "/metrics*"))
        .build();

    assertThat(auth.isAlwaysAllowed("/healthz")).isTrue();
    assertThat(auth.isAlwaysAllowed("/healthz/ping")).isFalse();
    assertThat(auth.isAlwaysAllowed("/metrics/slis")).isTrue();
    assertThat(auth.decide("/readyz", "GET", null).status()).isEqualTo(401);
    assertThat(auth.decide("/metrics", "GET", null).allowed()).isTrue();
  }
}
