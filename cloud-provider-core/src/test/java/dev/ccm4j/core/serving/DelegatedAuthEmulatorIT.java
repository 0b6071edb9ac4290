package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.health.HealthStatus;
import dev.ccm4j.core.manager.KubeClients;
import dev.ccm4j.kubeapi.AccessPolicy;
import dev.ccm4j.kubeapi.AccessReviews;
import dev.ccm4j.kubeapi.KubeApiServer;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delegated authentication and authorization of a real {@link SecureServer} against the API emulator, over real
 * HTTPS: the emulator's TokenReview knows only its configured tokens and its SubjectAccessReview follows its policy,
 * so a wrong token is refused and an authenticated user needs a permission.
 *
 * <p>The emulator knows four tokens: its own ({@code ccm-token}, the server's identity towards it, through the
 * kubeconfig it writes), {@code scraper-token} ({@code prometheus}, may get {@code /metrics}), {@code admin-token}
 * ({@code admin}, may get {@code /metrics} and {@code /configz}) and {@code nobody-token} ({@code nobody},
 * authenticated but allowed nothing).
 */
class DelegatedAuthEmulatorIT {
  private static final String TOKEN_REVIEWS = "tokenreviews";
  private static final String ACCESS_REVIEWS = "subjectaccessreviews";

  @TempDir Path tmp;
  private KubeApiServer api;
  private SecureServer server;
  private HttpClient client;

  @BeforeEach
  void start() {
    api = KubeApiServer.builder().https(true).bearerToken("ccm-token")
        .user("scraper-token", "prometheus")
        .user("admin-token", "admin", "ops")
        .user("nobody-token", "nobody")
        .accessPolicy(AccessPolicy.builder()
            .allowAll(AccessReviews.DEFAULT_USER.username())
            .allowPath("prometheus", "get", "/metrics")
            .allowGroupPath("ops", "get", "/metrics")
            .allowPath("admin", "get", "/configz")
            .build())
        .build().start();
    Path kubeconfig = api.writeKubeconfig(tmp.resolve("kubeconfig"));
    PrometheusRegistry registry = new PrometheusRegistry();
    Gauge.builder().name("running_managed_controllers").help("controllers").register(registry).set(1);
    server = SecureServer.builder(SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build())
        .metrics(registry)
        .configz(() -> Map.of("clusterName", "kubernetes"))
        .delegatedAuth(DelegatedAuth.builder(KubeClients.fromFlags(kubeconfig, null).client("delegated-auth"))
            .build())
        .start();
    server.healthz().add("ping", HealthStatus::ok);
    client = HttpsClients.trusting(server.certificate().certificate());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
        .timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int reviews(String resource) {
    return api.journal().of("create", resource).size();
  }

  @Test
  void withoutATokenMetricsAndConfigzAreUnauthorizedAndNothingIsReviewed() throws Exception {
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/configz", null).statusCode()).isEqualTo(401);

    assertThat(reviews(TOKEN_REVIEWS)).isZero();
  }

  @Test
  void aTokenTheEmulatorDoesNotKnowIsUnauthorized() throws Exception {
    HttpResponse<String> metrics = get("/metrics", "garbage-token");
    HttpResponse<String> configz = get("/configz", "ccm-token-but-wrong");

    assertThat(metrics.statusCode()).isEqualTo(401);
    assertThat(metrics.body()).doesNotContain("running_managed_controllers").doesNotContain("garbage-token");
    assertThat(configz.statusCode()).isEqualTo(401);
    assertThat(reviews(TOKEN_REVIEWS)).as("each token was reviewed by the emulator").isEqualTo(2);
    assertThat(reviews(ACCESS_REVIEWS)).as("nobody to authorize").isZero();
  }

  @Test
  void anAuthenticatedUserWithoutPermissionIsForbidden() throws Exception {
    HttpResponse<String> nobodyMetrics = get("/metrics", "nobody-token");
    HttpResponse<String> nobodyConfigz = get("/configz", "nobody-token");
    HttpResponse<String> scraperConfigz = get("/configz", "scraper-token");

    assertThat(nobodyMetrics.statusCode()).isEqualTo(403);
    assertThat(nobodyMetrics.body()).contains("nobody").contains("/metrics").doesNotContain("nobody-token");
    assertThat(nobodyConfigz.statusCode()).isEqualTo(403);
    assertThat(scraperConfigz.statusCode()).as("prometheus may read /metrics only").isEqualTo(403);
    assertThat(scraperConfigz.body()).doesNotContain("clusterName");
  }

  @Test
  void usersWithPermissionAreServed() throws Exception {
    HttpResponse<String> scraper = get("/metrics", "scraper-token");
    HttpResponse<String> adminMetrics = get("/metrics", "admin-token");
    HttpResponse<String> adminConfigz = get("/configz", "admin-token");

    assertThat(scraper.statusCode()).isEqualTo(200);
    assertThat(scraper.body()).contains("running_managed_controllers 1.0");
    assertThat(adminMetrics.statusCode()).as("allowed through its group").isEqualTo(200);
    assertThat(adminConfigz.statusCode()).isEqualTo(200);
    assertThat(adminConfigz.body()).contains("clusterName").contains("kubernetes");
    assertThat(get("/configz", "ccm-token").statusCode()).as("the emulator's own user may do everything")
        .isEqualTo(200);
  }

  @Test
  void healthIsAlwaysAllowedWithoutAToken() throws Exception {
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/healthz/ping", null).body()).isEqualTo("ok");
    assertThat(get("/livez", null).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
    assertThat(get("/healthz", "garbage-token").statusCode()).as("a bad token does not matter there")
        .isEqualTo(200);

    assertThat(reviews(TOKEN_REVIEWS)).isZero();
    assertThat(reviews(ACCESS_REVIEWS)).isZero();
  }
}
