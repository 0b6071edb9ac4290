package dev.ccm4j.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every review kind answered as the real server answers it (pkg/registry/authentication and
 * pkg/registry/authorization): shapes, the caller of the self-subject reviews, and the 400/422 messages.
 */
class AccessReviewsTest {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-10T12:00:00.750Z"), ZoneOffset.UTC);

  private static ResourceType type(String apiVersion, String plural) {
    return REGISTRY.find(apiVersion, plural).orElseThrow();
  }

  private static AccessReviews reviews(String bearerToken, AccessPolicy policy) {
    Map<String, AccessReviews.User> users = new LinkedHashMap<>();
    users.put("alice-token", AccessReviews.extraUser("alice-token", "alice", List.of("devs"), bearerToken,
        users));
    return new AccessReviews(bearerToken, users, policy, CLOCK);
  }

  private static JsonObject review(AccessReviews reviews, String apiVersion, String plural, String body,
      String authorization) {
    return reviews.review(type(apiVersion, plural), Json.parseObject(body), authorization);
  }

  private static ApiError error(Runnable r) {
    try {
      r.run();
    } catch (ApiError e) {
      return e;
    }
    throw new AssertionError("no ApiError");
  }

  @Test
  void selfSubjectReviewSaysWhoTheTokenIs() {
    AccessReviews reviews = reviews("primary", AccessPolicy.knownUsers());
    JsonObject me = review(reviews, "authentication.k8s.io/v1", "selfsubjectreviews",
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\",\"metadata\":{\"name\":\"x\"}}",
        "Bearer alice-token");
    assertThat(me.get("kind").getAsString()).isEqualTo("SelfSubjectReview");
    // a new object stamped with the time, not the request echoed
    assertThat(me.getAsJsonObject("metadata").toString()).isEqualTo("{\"creationTimestamp\":\"2026-01-10T12:00:00Z\"}");
    assertThat(me.getAsJsonObject("status").getAsJsonObject("userInfo").toString())
        .isEqualTo("{\"username\":\"alice\",\"uid\":\"uid-alice\",\"groups\":[\"devs\",\"system:authenticated\"]}");
    JsonObject primary = review(reviews, "authentication.k8s.io/v1", "selfsubjectreviews", "{}", "Bearer primary");
    assertThat(primary.getAsJsonObject("status").getAsJsonObject("userInfo").get("username").getAsString())
        .isEqualTo(AccessReviews.DEFAULT_USER.username());
    assertThat(error(() -> review(reviews, "authentication.k8s.io/v1", "selfsubjectreviews", "{}", null)).code())
        .as("an emulator with a token serves nobody anonymous").isEqualTo(401);
  }

  @Test
  void withoutABearerTokenTheCallerIsAnonymousAsOnTheRealServer() {
    AccessReviews open = reviews(null, AccessPolicy.knownUsers());
    JsonObject me = review(open, "authentication.k8s.io/v1", "selfsubjectreviews", "{}", null);
    assertThat(me.getAsJsonObject("status").getAsJsonObject("userInfo").toString())
        .isEqualTo("{\"username\":\"system:anonymous\",\"groups\":[\"system:unauthenticated\"]}");
    JsonObject canI = review(open, "authorization.k8s.io/v1", "selfsubjectaccessreviews",
        "{\"spec\":{\"resourceAttributes\":{\"verb\":\"create\",\"resource\":\"services\",\"namespace\":\"default\"}}}",
        null);
    assertThat(canI.getAsJsonObject("status").get("allowed").getAsBoolean())
        .as("the open emulator serves anonymous requests everything, and says so").isTrue();
  }

  @Test
  void selfSubjectAccessReviewDecidesForTheCallerWithThePolicy() {
    AccessReviews reviews = reviews("primary", AccessPolicy.builder()
        .allowResource("alice", "create", "", "services").build());
    String body = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
        + "\"spec\":{\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"%s\",\"resource\":\"services\"}}}";
    JsonObject yes = review(reviews, "authorization.k8s.io/v1", "selfsubjectaccessreviews",
        String.format(body, "create"), "Bearer alice-token");
    assertThat(yes.getAsJsonObject("status").toString()).isEqualTo("{\"allowed\":true}");
    assertThat(yes.getAsJsonObject("spec").has("user")).as("the request is echoed as sent").isFalse();
    assertThat(yes.getAsJsonObject("metadata").has("creationTimestamp")).isFalse();
    JsonObject no = review(reviews, "authorization.k8s.io/v1", "selfsubjectaccessreviews",
        String.format(body, "delete"), "Bearer alice-token");
    assertThat(no.getAsJsonObject("status").get("allowed").getAsBoolean()).isFalse();
    JsonObject spoofed = review(reviews, "authorization.k8s.io/v1", "selfsubjectaccessreviews",
        "{\"spec\":{\"user\":\"alice\",\"resourceAttributes\":{\"verb\":\"create\",\"resource\":\"services\"}}}",
        "Bearer primary");
    assertThat(spoofed.getAsJsonObject("status").get("allowed").getAsBoolean())
        .as("a user named in the spec is not the caller").isFalse();
  }

  @Test
  void accessReviewsAreValidatedWithTheRealMessages() {
    AccessReviews reviews = reviews("primary", AccessPolicy.knownUsers());
    ApiError neither = error(() -> review(reviews, "authorization.k8s.io/v1", "selfsubjectaccessreviews",
        "{\"spec\":{}}", "Bearer primary"));
    assertThat(neither.code()).isEqualTo(422);
    assertThat(neither.toStatus().get("message").getAsString()).isEqualTo("SelfSubjectAccessReview.authorization.k8s.io"
        + " \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or"
        + " resourceAttributes must be specified");
    ApiError both = error(() -> review(reviews, "authorization.k8s.io/v1", "subjectaccessreviews",
        "{\"spec\":{\"resourceAttributes\":{},\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}}", null));
    assertThat(both.toStatus().get("message").getAsString()).isEqualTo("SubjectAccessReview.authorization.k8s.io \"\""
        + " is invalid: [spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:\"/x\","
        + " Verb:\"get\"}: cannot be specified in combination with resourceAttributes, spec.user: Invalid value: \"\":"
        + " at least one of user or group must be specified]");
    ApiError kind = error(() -> review(reviews, "authorization.k8s.io/v1", "selfsubjectaccessreviews",
        "{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\"}", "Bearer primary"));
    assertThat(kind.code()).isEqualTo(400);
  }

  @Test
  void subjectAccessReviewAndTokenReviewKeepTheirShapes() {
    AccessReviews reviews = reviews("primary", AccessPolicy.knownUsers());
    JsonObject sar = review(reviews, "authorization.k8s.io/v1", "subjectaccessreviews",
        "{\"spec\":{\"user\":\"alice\",\"nonResourceAttributes\":{\"path\":\"/metrics\",\"verb\":\"get\"}}}", null);
    assertThat(sar.getAsJsonObject("status").toString()).isEqualTo("{\"allowed\":true}");
    assertThat(sar.get("kind").getAsString()).isEqualTo("SubjectAccessReview");
    JsonObject known = review(reviews, "authentication.k8s.io/v1", "tokenreviews",
        "{\"spec\":{\"token\":\"alice-token\",\"audiences\":[\"api\"]}}", null).getAsJsonObject("status");
    assertThat(known.get("authenticated").getAsBoolean()).isTrue();
    assertThat(known.getAsJsonObject("user").get("username").getAsString()).isEqualTo("alice");
    assertThat(known.getAsJsonArray("audiences").toString()).isEqualTo("[\"api\"]");
    JsonObject unknown = review(reviews, "authentication.k8s.io/v1", "tokenreviews",
        "{\"spec\":{\"token\":\"nope\"}}", null).getAsJsonObject("status");
    assertThat(unknown.has("authenticated")).as("false is omitted (omitempty)").isFalse();
    assertThat(unknown.getAsJsonObject("user").size()).isZero();
    assertThatThrownBy(() -> review(reviews, "authentication.k8s.io/v1", "tokenreviews", "{\"spec\":{}}", null))
        .isInstanceOf(ApiError.class).hasMessageContaining("token is required for TokenReview in authentication");
  }

  @Test
  void selfSubjectRulesReviewListsWhatThePolicyAllowsTheCaller() {
    AccessReviews reviews = reviews("primary", AccessPolicy.builder()
        .allowAll(AccessReviews.DEFAULT_USER.username())
        .allowResource("alice", "get", "", "nodes")
        .allowGroupResource("devs", "patch", "", "nodes/status")
        .allowPath("alice", "get", "/metrics")
        .allowPath("bob", "get", "/healthz")
        .build());
    String body = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
        + "\"spec\":{\"namespace\":\"default\"}}";
    JsonObject alice = review(reviews, "authorization.k8s.io/v1", "selfsubjectrulesreviews", body,
        "Bearer alice-token");
    assertThat(alice.get("kind").getAsString()).isEqualTo("SelfSubjectRulesReview");
    assertThat(alice.getAsJsonObject("spec").size()).as("a new review, the spec not echoed").isZero();
    assertThat(alice.getAsJsonObject("status").toString()).isEqualTo("{\"resourceRules\":["
        + "{\"verbs\":[\"get\"],\"apiGroups\":[\"\"],\"resources\":[\"nodes\"]},"
        + "{\"verbs\":[\"patch\"],\"apiGroups\":[\"\"],\"resources\":[\"nodes/status\"]}],"
        + "\"nonResourceRules\":[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/metrics\"]}],\"incomplete\":false}");
    JsonObject admin = review(reviews, "authorization.k8s.io/v1", "selfsubjectrulesreviews", body, "Bearer primary");
    assertThat(admin.getAsJsonObject("status").toString()).isEqualTo("{\"resourceRules\":[{\"verbs\":[\"*\"],"
        + "\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}],\"nonResourceRules\":[{\"verbs\":[\"*\"],"
        + "\"nonResourceURLs\":[\"*\"]}],\"incomplete\":false}");
    ApiError noNamespace = error(() -> review(reviews, "authorization.k8s.io/v1", "selfsubjectrulesreviews",
        "{\"spec\":{}}", "Bearer primary"));
    assertThat(noNamespace.code()).isEqualTo(400);
    assertThat(noNamespace.toStatus().get("message").getAsString()).isEqualTo("no namespace on request");
  }
}
