package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's TokenReview agrees with the emulator's own authentication, and its SubjectAccessReview answers from
 * a policy: unknown tokens and users get nothing.
 */
class EmulatorAuthIT {
  private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

  private final List<KubeApiServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(KubeApiServer::close);
  }

  private KubeApiServer start(KubeApiServer.Builder builder) {
    KubeApiServer server = builder.build().start();
    servers.add(server);
    return server;
  }

  private static JsonObject tokenReview(KubeApiServer server, String token) {
    String body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\""
        + token + "\"}}";
    RawClient.Response r = new RawClient(server).send("POST", TOKEN_REVIEWS, "application/json", body);
    assertThat(r.code()).isEqualTo(201);
    return r.json().getAsJsonObject("status");
  }

  /** The real TokenReviewStatus leaves {@code authenticated} out when false (omitempty). */
  private static boolean authenticated(JsonObject status) {
    return status.has("authenticated") && status.get("authenticated").getAsBoolean();
  }

  private static RawClient.Response accessReview(KubeApiServer server, String spec) {
    return new RawClient(server).send("POST", ACCESS_REVIEWS, "application/json",
        "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":" + spec + "}");
  }

  private static boolean allowed(KubeApiServer server, String spec) {
    RawClient.Response r = accessReview(server, spec);
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return r.json().getAsJsonObject("status").get("allowed").getAsBoolean();
  }

  private static String path(String user, String verb, String path) {
    return "{\"user\":\"" + user + "\",\"nonResourceAttributes\":{\"path\":\"" + path + "\",\"verb\":\"" + verb
        + "\"}}";
  }

  private static String resource(String user, String verb, String group, String resource, String subresource) {
    return "{\"user\":\"" + user + "\",\"resourceAttributes\":{\"verb\":\"" + verb + "\",\"group\":\"" + group
        + "\",\"resource\":\"" + resource + "\",\"subresource\":\"" + subresource + "\",\"namespace\":\"default\"}}";
  }

  @Test
  void tokenReviewAuthenticatesExactlyTheTokensTheEmulatorAccepts() {
    KubeApiServer server = start(KubeApiServer.builder().bearerToken("primary-token")
        .user("alice-token", "alice", "devs"));

    for (String token : List.of("primary-token", "alice-token", "garbage", "primary-tokenx", "Primary-Token")) {
      boolean accepted = new RawClient(server.url(), token).get("/api/v1/nodes").code() == 200;
      assertThat(authenticated(tokenReview(server, token)))
          .as("TokenReview of %s agrees with the emulator accepting it (%s)", token, accepted)
          .isEqualTo(accepted);
    }
    assertThat(new RawClient(server.url(), "garbage").get("/api/v1/nodes").code()).isEqualTo(401);

    JsonObject primary = tokenReview(server, "primary-token").getAsJsonObject("user");
    assertThat(primary.get("username").getAsString()).isEqualTo(AccessReviews.DEFAULT_USER.username());
    JsonObject alice = tokenReview(server, "alice-token").getAsJsonObject("user");
    assertThat(alice.get("username").getAsString()).isEqualTo("alice");
    assertThat(alice.get("uid").getAsString()).isEqualTo("uid-alice");
    assertThat(alice.getAsJsonArray("groups").toString()).isEqualTo("[\"devs\",\"system:authenticated\"]");
    JsonObject garbage = tokenReview(server, "garbage");
    assertThat(garbage.has("authenticated")).as("omitempty, as on the real server").isFalse();
    assertThat(garbage.getAsJsonObject("user").size()).isZero();
    assertThat(server.accessReviews().user("alice-token")).isPresent();
    assertThat(server.accessReviews().user("")).isEmpty();
  }

  @Test
  void anOpenEmulatorStillRejectsTokensItDoesNotKnow() {
    KubeApiServer server = start(KubeApiServer.builder().user("scraper-token", "prometheus"));

    assertThat(new RawClient(server.url(), null).get("/api/v1/nodes").code())
        .as("without a bearer token the emulator serves anonymous requests, as before").isEqualTo(200);
    assertThat(new RawClient(server.url(), "scraper-token").get("/api/v1/nodes").code()).isEqualTo(200);
    assertThat(new RawClient(server.url(), "garbage").get("/api/v1/nodes").code()).isEqualTo(401);
    assertThat(authenticated(new RawClient(server.url(), null).send("POST", TOKEN_REVIEWS, "application/json",
        "{\"spec\":{\"token\":\"garbage\"}}").json().getAsJsonObject("status"))).isFalse();
    assertThat(authenticated(new RawClient(server.url(), null).send("POST", TOKEN_REVIEWS, "application/json",
        "{\"spec\":{\"token\":\"scraper-token\"}}").json().getAsJsonObject("status"))).isTrue();
    RawClient.Response empty = new RawClient(server.url(), null).send("POST", TOKEN_REVIEWS, "application/json",
        "{\"spec\":{\"token\":\"\"}}");
    assertThat(empty.code()).isEqualTo(400);
    assertThat(empty.json().get("message").getAsString()).isEqualTo("token is required for TokenReview in "
        + "authentication");
  }

  @Test
  void byDefaultTheEmulatorsUsersMayDoEverythingAndNobodyElseAnything() {
    KubeApiServer server = start(KubeApiServer.builder().bearerToken("primary-token")
        .user("alice-token", "alice"));

    assertThat(allowed(server, path(AccessReviews.DEFAULT_USER.username(), "get", "/metrics"))).isTrue();
    assertThat(allowed(server, resource("alice", "delete", "", "nodes", ""))).isTrue();
    assertThat(allowed(server, path("mallory", "get", "/metrics"))).as("an unknown user").isFalse();
    assertThat(allowed(server, "{\"user\":\"mallory\",\"groups\":[\"system:masters\"],"
        + "\"nonResourceAttributes\":{\"path\":\"/configz\",\"verb\":\"get\"}}"))
        .as("system:masters may do everything, as on a real server").isTrue();
  }

  @Test
  void aPolicyAllowsPerUserGroupVerbPathAndResource() {
    KubeApiServer server = start(KubeApiServer.builder().bearerToken("primary-token")
        .user("alice-token", "alice", "readers").user("bob-token", "bob")
        .accessPolicy(AccessPolicy.builder()
            .allowPath("alice", "get", "/metrics")
            .allowPath("alice", "*", "/debug/*")
            .allowResource("alice", "get", "", "nodes")
            .allowResource("alice", "patch", "", "nodes/status")
            .allowGroupResource("readers", "list", "coordination.k8s.io", "*")
            .allowAll(AccessReviews.DEFAULT_USER.username())
            .build()));

    assertThat(allowed(server, path("alice", "get", "/metrics"))).isTrue();
    assertThat(allowed(server, path("alice", "post", "/metrics"))).isFalse();
    assertThat(allowed(server, path("alice", "get", "/configz"))).isFalse();
    assertThat(allowed(server, path("alice", "get", "/metrics/slis"))).as("an exact path is exact").isFalse();
    assertThat(allowed(server, path("alice", "put", "/debug/pprof/heap"))).isTrue();
    assertThat(allowed(server, resource("alice", "get", "", "nodes", ""))).isTrue();
    assertThat(allowed(server, resource("alice", "list", "", "nodes", ""))).isFalse();
    assertThat(allowed(server, resource("alice", "get", "apps", "nodes", ""))).isFalse();
    assertThat(allowed(server, resource("alice", "patch", "", "nodes", "status"))).isTrue();
    assertThat(allowed(server, resource("alice", "patch", "", "nodes", ""))).isFalse();
    assertThat(allowed(server, "{\"user\":\"alice\",\"groups\":[\"readers\"],\"resourceAttributes\":{\"verb\":"
        + "\"list\",\"group\":\"coordination.k8s.io\",\"resource\":\"leases\"}}")).isTrue();
    assertThat(allowed(server, path("bob", "get", "/metrics"))).as("a known user the policy names nowhere").isFalse();
    assertThat(allowed(server, path(AccessReviews.DEFAULT_USER.username(), "get", "/configz"))).isTrue();

    server.accessReviews().policy(AccessPolicy.builder().allowPath("bob", "get", "*").build());
    assertThat(allowed(server, path("bob", "get", "/anything"))).isTrue();
    assertThat(allowed(server, path("alice", "get", "/metrics"))).isFalse();
    server.accessReviews().reset();
    assertThat(allowed(server, path("alice", "get", "/metrics"))).isTrue();
  }

  @Test
  void malformedAccessReviewsAreInvalidAsOnARealServer() {
    KubeApiServer server = start(KubeApiServer.builder());

    RawClient.Response none = accessReview(server, "{\"user\":\"\"}");
    assertThat(none.code()).isEqualTo(422);
    JsonObject status = none.json();
    assertThat(status.get("reason").getAsString()).isEqualTo("Invalid");
    assertThat(status.get("message").getAsString()).isEqualTo("SubjectAccessReview.authorization.k8s.io \"\" is "
        + "invalid: [spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or "
        + "resourceAttributes must be specified, spec.user: Invalid value: \"\": at least one of user or group must be "
        + "specified]");
    assertThat(status.getAsJsonObject("details").get("group").getAsString()).isEqualTo("authorization.k8s.io");

    RawClient.Response both = accessReview(server, "{\"user\":\"a\",\"resourceAttributes\":{\"verb\":\"get\"},"
        + "\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}");
    assertThat(both.code()).isEqualTo(422);
    assertThat(both.json().getAsJsonObject("details").getAsJsonArray("causes").get(0).getAsJsonObject()
        .get("message").getAsString()).isEqualTo("Invalid value: authorization.NonResourceAttributes{Path:\"/x\", "
        + "Verb:\"get\"}: cannot be specified in combination with resourceAttributes");
  }

  @Test
  void usersAndPoliciesAreCheckedWhenConfigured() {
    assertThatThrownBy(() -> KubeApiServer.builder().bearerToken("t").user("t", "alice"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in use");
    assertThatThrownBy(() -> KubeApiServer.builder().user("t", "alice").user("t", "bob"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in use");
    assertThatThrownBy(() -> KubeApiServer.builder().user("t", "alice").bearerToken("t"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KubeApiServer.builder().user("", "alice"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
    assertThatThrownBy(() -> KubeApiServer.builder().user("t", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> KubeApiServer.builder().bearerToken(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessPolicy.builder().allowPath("a", "get", "metrics"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
    assertThatThrownBy(() -> AccessPolicy.builder().allowResource("a", "", "", "nodes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("verb");
  }
}
