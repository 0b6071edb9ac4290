package dev.ccm4j.kubeapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * {@link AccessPolicy} that answers {@code SubjectAccessReview}s. The same token table serves the emulator's own
 * requests and its {@code TokenReview}s, so a token the emulator accepts is exactly a token TokenReview
 * authenticates. Tokens are fixed when the server is built; the policy may be swapped while it runs. Thread-safe.
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

  /** How a request's credentials turned out. */
  enum Outcome { AUTHENTICATED, ANONYMOUS, REJECTED }

  private final Map<String, User> usersByTokenDigest;
  private final Set<String> usernames;
  private final boolean anonymousAllowed;
  private final AccessPolicy initialPolicy;
  private volatile AccessPolicy policy;

  /**
   * @param bearerToken the primary token, or null for none (the emulator then serves anonymous requests)
   * @param extraUsers further tokens and who they stand for
   */
  AccessReviews(String bearerToken, Map<String, User> extraUsers, AccessPolicy policy) {
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
    this.usersByTokenDigest = Map.copyOf(byDigest);
    this.usernames = Set.copyOf(names);
    this.anonymousAllowed = bearerToken == null;
    this.initialPolicy = Objects.requireNonNull(policy, "policy");
    this.policy = policy;
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

  /** The user names the emulator authenticates, for the default policy. */
  Set<String> usernames() {
    return usernames;
  }

  /**
   * Judges a request's {@code Authorization} header: a bearer token must be one the emulator accepts; a request
   * without one is anonymous, which only an emulator without a bearer token serves.
   */
  Outcome authenticate(String authorizationHeader) {
    String header = authorizationHeader == null ? "" : authorizationHeader.trim();
    if (header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).trim();
      if (!token.isEmpty()) {
        return user(token).isPresent() ? Outcome.AUTHENTICATED : Outcome.REJECTED;
      }
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
