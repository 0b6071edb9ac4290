package dev.ccm4j.kubeapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The emulator's authentication and authorization: the tokens it accepts, who they stand for, and the
 * {@link AccessPolicy} that answers access reviews. The same token table serves the emulator's own requests and its
 * {@code TokenReview}s, so a token the emulator accepts is exactly a token TokenReview authenticates; the
 * self-subject reviews ({@code kubectl auth can-i}, {@code kubectl auth can-i --list}, {@code kubectl auth whoami})
 * answer for the caller the request's own token stands for. Tokens are fixed when the server is built; the policy may
 * be swapped while it runs. Thread-safe.
 */
public final class AccessReviews {
  /** The identity of the emulator's bearer token ({@link KubeApiServer.Builder#bearerToken}). */
  public static final User DEFAULT_USER =
      new User("ccm4j-test-user", "ccm4j-test-user-uid", List.of("system:authenticated"));

  /**
   * An authenticated identity.
   *
   * @param username user name
   * @param uid user uid
   * @param groups group names
   */
  public record User(String username, String uid, List<String> groups) {
    public User {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(uid, "uid");
      groups = List.copyOf(groups);
    }
  }

  /**
   * The identity of requests without a token, which only an emulator without a bearer token serves; named as the
   * real server names anonymous requests.
   */
  public static final User ANONYMOUS = new User("system:anonymous", "", List.of("system:unauthenticated"));

  /** How a request's credentials turned out. */
  enum Outcome { AUTHENTICATED, ANONYMOUS, REJECTED }

  private final Map<String, User> usersByTokenDigest;
  private final Set<String> usernames;
  private final boolean anonymousAllowed;
  private final AccessPolicy initialPolicy;
  private final Clock clock;
  private volatile AccessPolicy policy;

  /**
   * @param bearerToken the primary token, or null for none (the emulator then serves anonymous requests)
   * @param extraUsers further tokens and who they stand for
   */
  AccessReviews(String bearerToken, Map<String, User> extraUsers, AccessPolicy policy) {
    this(bearerToken, extraUsers, policy, Clock.systemUTC());
  }

  /**
   * @param bearerToken the primary token, or null for none (the emulator then serves anonymous requests)
   * @param extraUsers further tokens and who they stand for
   * @param clock the time a SelfSubjectReview is stamped with
   */
  AccessReviews(String bearerToken, Map<String, User> extraUsers, AccessPolicy policy, Clock clock) {
    Map<String, User> byDigest = new HashMap<>();
    Set<String> names = new LinkedHashSet<>();
    if (bearerToken != null) {
      byDigest.put(digest(bearerToken), DEFAULT_USER);
      names.add(DEFAULT_USER.username());
    }
    extraUsers.forEach((token, user) -> {
      byDigest.put(digest(token), user);
      names.add(user.username());
    });
    if (bearerToken == null) {
      // the emulator serves anonymous requests everything, so the default policy says so too
      names.add(ANONYMOUS.username());
    }
    this.usersByTokenDigest = Map.copyOf(byDigest);
    this.usernames = Set.copyOf(names);
    this.anonymousAllowed = bearerToken == null;
    this.initialPolicy = Objects.requireNonNull(policy, "policy");
    this.policy = policy;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Who a token stands for: what the emulator's TokenReview answers, and whom its own requests run as.
   *
   * @return empty when the emulator does not accept the token
   */
  public Optional<User> user(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(usersByTokenDigest.get(digest(token)));
  }

  /** Replaces the policy that answers SubjectAccessReviews. */
  public void policy(AccessPolicy value) {
    this.policy = Objects.requireNonNull(value, "policy");
  }

  /** The policy that answers SubjectAccessReviews. */
  public AccessPolicy policy() {
    return policy;
  }

  /** Restores the policy the server was built with. */
  public void reset() {
    policy = initialPolicy;
  }

  /**
   * The user names the emulator serves requests as, for the default policy: those of its tokens, and
   * {@code system:anonymous} when it serves requests without a token (it does serve them everything).
   */
  Set<String> usernames() {
    return usernames;
  }

  /**
   * Who a request runs as, from its {@code Authorization} header: the user of its bearer token, or
   * {@link #ANONYMOUS} for a request without one on an emulator that serves anonymous requests.
   *
   * @throws ApiError 401 for credentials the emulator rejects
   */
  public User caller(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    if (token != null) {
      return user(token).orElseThrow(ApiError::unauthorized);
    }
    if (!anonymousAllowed) {
      throw ApiError.unauthorized();
    }
    return ANONYMOUS;
  }

  /**
   * Answers a POST to a review resource as the real server does, without storing anything: {@code TokenReview}
   * (whether the emulator accepts the token, and as whom), {@code SubjectAccessReview} (whether the policy lets the
   * user do it), {@code SelfSubjectAccessReview} (the same, for the caller), {@code SelfSubjectRulesReview} (what the
   * policy lets the caller do) and {@code SelfSubjectReview} (who the caller is).
   *
   * @param type one of the review resources (a create-only {@link ResourceType})
   * @param body the request body
   * @param authorizationHeader the request's {@code Authorization} header, which names the caller of the self-subject
   *     reviews
   * @return the response body, to be sent with 201 Created
   * @throws ApiError 400 or 422 with the real server's messages for reviews it would refuse
   */
  public JsonObject review(ResourceType type, JsonObject body, String authorizationHeader) {
    Objects.requireNonNull(type, "type");
    type.stampKind(body);
    JsonObject spec = body.get("spec") instanceof JsonObject o ? o : new JsonObject();
    switch (type.kind()) {
      case "TokenReview":
        return withStatus(body, tokenReviewStatus(spec));
      case "SubjectAccessReview":
        validateAccessReview(type, spec, true);
        return withStatus(body, decision(policy.allows(spec, usernames)));
      case "SelfSubjectAccessReview": {
        validateAccessReview(type, spec, false);
        User caller = caller(authorizationHeader);
        JsonObject asked = spec.deepCopy();
        asked.addProperty("user", caller.username());
        asked.add("groups", strings(caller.groups()));
        return withStatus(body, decision(policy.allows(asked, usernames)));
      }
      case "SelfSubjectRulesReview":
        return rulesReview(type, spec, caller(authorizationHeader));
      case "SelfSubjectReview":
        return selfSubjectReview(type, caller(authorizationHeader));
      default:
        throw new IllegalArgumentException("not a review resource: " + type.qualifiedName());
    }
  }

  private JsonObject tokenReviewStatus(JsonObject spec) {
    String token = Json.path(spec, "token");
    if (token == null || token.isEmpty()) {
      throw ApiError.badRequest("token is required for TokenReview in authentication");
    }
    JsonObject status = new JsonObject();
    Optional<User> user = user(token);
    if (user.isPresent()) {
      status.addProperty("authenticated", true);
      status.add("user", userInfo(user.get()));
      if (spec.get("audiences") instanceof JsonArray audiences && !audiences.isEmpty()) {
        status.add("audiences", audiences.deepCopy());
      }
    } else {
      // authenticated is omitempty, so false is left out; user is a struct, so it stays, empty
      status.add("user", new JsonObject());
      status.addProperty("error", "invalid bearer token");
    }
    return status;
  }

  private static JsonObject decision(boolean allowed) {
    JsonObject status = new JsonObject();
    status.addProperty("allowed", allowed);
    return status;
  }

  private JsonObject rulesReview(ResourceType type, JsonObject spec, User caller) {
    String namespace = Json.path(spec, "namespace");
    if (namespace == null || namespace.isEmpty()) {
      throw ApiError.badRequest("no namespace on request");
    }
    AccessPolicy.Rules rules = policy.rulesFor(caller.username(), caller.groups(), usernames);
    JsonObject status = new JsonObject();
    JsonArray resourceRules = new JsonArray();
    for (AccessPolicy.ResourceRule r : rules.resourceRules()) {
      JsonObject rule = new JsonObject();
      rule.add("verbs", strings(List.of(r.verb())));
      rule.add("apiGroups", strings(List.of(r.apiGroup())));
      rule.add("resources", strings(List.of(r.resource())));
      resourceRules.add(rule);
    }
    JsonArray nonResourceRules = new JsonArray();
    for (AccessPolicy.PathRule r : rules.pathRules()) {
      JsonObject rule = new JsonObject();
      rule.add("verbs", strings(List.of(r.verb())));
      rule.add("nonResourceURLs", strings(List.of(r.path())));
      nonResourceRules.add(rule);
    }
    status.add("resourceRules", resourceRules);
    status.add("nonResourceRules", nonResourceRules);
    status.addProperty("incomplete", false);
    // the real server answers with a new review: the request's metadata and spec are not echoed
    JsonObject result = new JsonObject();
    result.addProperty("kind", type.kind());
    result.addProperty("apiVersion", type.apiVersion());
    result.add("metadata", new JsonObject());
    result.add("spec", new JsonObject());
    result.add("status", status);
    return result;
  }

  private JsonObject selfSubjectReview(ResourceType type, User caller) {
    // a new object again, but this one is stamped with the time it was made
    JsonObject result = new JsonObject();
    result.addProperty("kind", type.kind());
    result.addProperty("apiVersion", type.apiVersion());
    JsonObject meta = new JsonObject();
    meta.addProperty("creationTimestamp",
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    result.add("metadata", meta);
    JsonObject status = new JsonObject();
    status.add("userInfo", userInfo(caller));
    result.add("status", status);
    return result;
  }

  /** A UserInfo as the real server writes it: username, then uid and groups unless empty. */
  private static JsonObject userInfo(User u) {
    JsonObject info = new JsonObject();
    info.addProperty("username", u.username());
    if (!u.uid().isEmpty()) {
      info.addProperty("uid", u.uid());
    }
    if (!u.groups().isEmpty()) {
      info.add("groups", strings(u.groups()));
    }
    return info;
  }

  /** The request with the answer: the real server echoes the review as sent, with its status. */
  private static JsonObject withStatus(JsonObject body, JsonObject status) {
    JsonObject result = body.deepCopy();
    Json.meta(result);
    result.add("status", status);
    return result;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }


  /**
   * The real server's checks of a (Self)SubjectAccessReview spec, with its messages (the 1.34 validation): exactly
   * one of resource and non-resource attributes, and for a SubjectAccessReview a user or a group.
   */
  private static void validateAccessReview(ResourceType type, JsonObject spec, boolean needsSubject) {
    List<StatusCause> causes = new ArrayList<>();
    JsonElement resource = spec.get("resourceAttributes");
    JsonElement nonResource = spec.get("nonResourceAttributes");
    boolean hasResource = resource != null && resource.isJsonObject();
    boolean hasNonResource = nonResource != null && nonResource.isJsonObject();
    if (hasResource && hasNonResource) {
      causes.add(StatusCause.invalid("spec.nonResourceAttributes", goStruct("NonResourceAttributes",
          nonResource.getAsJsonObject(), "path", "verb"),
          "cannot be specified in combination with resourceAttributes"));
    } else if (!hasResource && !hasNonResource) {
      causes.add(StatusCause.invalid("spec.resourceAttributes", "null",
          "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
    }
    if (needsSubject) {
      String user = Json.path(spec, "user");
      JsonElement groups = spec.get("groups");
      boolean noGroups = groups == null || !groups.isJsonArray() || groups.getAsJsonArray().isEmpty();
      if ((user == null || user.isEmpty()) && noGroups) {
        causes.add(StatusCause.invalid("spec.user", user == null ? "" : user,
            "at least one of user or group must be specified"));
      }
    }
    if (!causes.isEmpty()) {
      throw ApiError.invalid(type.group(), type.kind(), "", causes);
    }
  }

  /** A value as Go's {@code %#v} prints a struct of strings, as the real server quotes it in a cause. */
  private static Object goStruct(String name, JsonObject o, String... fields) {
    StringBuilder sb = new StringBuilder("authorization.").append(name).append('{');
    for (int i = 0; i < fields.length; i++) {
      String v = Json.path(o, fields[i]);
      sb.append(i == 0 ? "" : ", ").append(Character.toUpperCase(fields[i].charAt(0))).append(fields[i].substring(1))
          .append(":\"").append(v == null ? "" : v).append('"');
    }
    String text = sb.append('}').toString();
    // not a String, so that the cause prints it unquoted, as Go prints a struct
    return new Object() {
      @Override
      public String toString() {
        return text;
      }
    };
  }

  private static String bearerToken(String authorizationHeader) {
    String header = authorizationHeader == null ? "" : authorizationHeader.trim();
    if (header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }

  /**
   * Judges a request's {@code Authorization} header: a bearer token must be one the emulator accepts; a request
   * without one is anonymous, which only an emulator without a bearer token serves.
   */
  Outcome authenticate(String authorizationHeader) {
    String token = bearerToken(authorizationHeader);
    if (token != null) {
      return user(token).isPresent() ? Outcome.AUTHENTICATED : Outcome.REJECTED;
    }
    return anonymousAllowed ? Outcome.ANONYMOUS : Outcome.REJECTED;
  }

  /** Validates extra users for the builder: non-empty, unique tokens and non-empty names. */
  static User extraUser(String token, String username, List<String> groups, String bearerToken,
      Map<String, User> existing) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a user's token must not be empty");
    }
    if (token.equals(bearerToken) || existing.containsKey(token)) {
      throw new IllegalArgumentException("the token of user \"" + username + "\" is already in use");
    }
    if (username == null || username.isEmpty()) {
      throw new IllegalArgumentException("a user's name must not be empty");
    }
    List<String> all = new ArrayList<>();
    for (String g : groups) {
      if (g == null || g.isEmpty()) {
        throw new IllegalArgumentException("user \"" + username + "\" has an empty group name");
      }
      if (!all.contains(g)) {
        all.add(g);
      }
    }
    // the real server adds this group to every authenticated user
    if (!all.contains("system:authenticated")) {
      all.add("system:authenticated");
    }
    return new User(username, "uid-" + username, all);
  }

  private static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
