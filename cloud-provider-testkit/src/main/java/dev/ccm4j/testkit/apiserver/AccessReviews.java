package dev.ccm4j.testkit.apiserver;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The answers the emulator gives to {@code TokenReview} and {@code SubjectAccessReview} requests. By default
 * every token authenticates as {@link #DEFAULT_USER} and every access review is allowed. Thread-safe.
 */
public final class AccessReviews {
  /** The identity every token maps to unless a test configures otherwise. */
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

  private volatile Function<String, Optional<User>> authenticator = token -> Optional.of(DEFAULT_USER);
  private volatile Predicate<JsonObject> authorizer = spec -> true;
  private volatile String denyReason = "";

  /** Every token authenticates as this user. */
  public void authenticateEveryTokenAs(User user) {
    Objects.requireNonNull(user, "user");
    authenticator = token -> Optional.of(user);
  }

  /** Tokens are resolved by this function; empty means not authenticated. */
  public void authenticateWith(Function<String, Optional<User>> tokens) {
    authenticator = Objects.requireNonNull(tokens, "tokens");
  }

  /** Every access review is allowed. */
  public void allowAll() {
    authorizer = spec -> true;
    denyReason = "";
  }

  /**
   * Access reviews are decided by this predicate over the review's {@code spec}; denials carry {@code reason}.
   */
  public void authorizeWith(Predicate<JsonObject> decider, String reason) {
    authorizer = Objects.requireNonNull(decider, "decider");
    denyReason = Objects.requireNonNull(reason, "reason");
  }

  /** Restores the defaults. */
  public void reset() {
    authenticator = token -> Optional.of(DEFAULT_USER);
    allowAll();
  }

  Optional<User> authenticate(String token) {
    return authenticator.apply(token);
  }

  boolean allowed(JsonObject spec) {
    return authorizer.test(spec);
  }

  String denyReason() {
    return denyReason;
  }
}
