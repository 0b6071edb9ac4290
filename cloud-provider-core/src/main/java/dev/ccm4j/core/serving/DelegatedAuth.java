package dev.ccm4j.core.serving;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1NonResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1UserInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delegated authentication and authorization, as Kubernetes components do it on their secure port.
 *
 * <ol>
 *   <li>Paths in the always-allow list (default {@code /healthz}, {@code /readyz}, {@code /livez} and their
 *       per-check sub-paths) are served to anyone. Entries match as upstream's {@code path.NewAuthorizer} matches
 *       them: exactly, or by prefix when they end in {@code *}; the leading {@code /} is optional.
 *   <li>Otherwise the request needs {@code Authorization: Bearer <token>}. The token is checked with an
 *       {@code authentication.k8s.io/v1} TokenReview; no token or a rejected one gives 401.
 *   <li>The user is then checked with an {@code authorization.k8s.io/v1} SubjectAccessReview on the non-resource
 *       path and the verb of the HTTP method ({@code get} for GET and HEAD); a denial gives 403. Members of
 *       {@code system:masters} are always allowed.
 * </ol>
 *
 * <p>Both review results are cached, positive and negative alike (default 10 s each, like
 * {@code --authentication-token-webhook-cache-ttl} and {@code --authorization-webhook-cache-*-ttl}). Tokens are
 * cached under their SHA-256 digest and never logged. Failed review calls are not cached: a failed TokenReview
 * gives 401 and a failed SubjectAccessReview gives 500.
 */
public final class DelegatedAuth {
  private static final Logger LOG = LoggerFactory.getLogger(DelegatedAuth.class);
  private static final int MAX_CACHE_ENTRIES = 4096;
  private static final String SYSTEM_MASTERS = "system:masters";

  /** The default always-allow list: the health paths and everything below them. */
  public static final List<String> DEFAULT_ALWAYS_ALLOW_PATHS =
      List.of("/healthz", "/healthz/*", "/readyz", "/readyz/*", "/livez", "/livez/*");
  /** Upstream's default value of {@code --authorization-always-allow-paths}. */
  public static final List<String> UPSTREAM_DEFAULT_ALWAYS_ALLOW_PATHS = List.of("/healthz", "/readyz", "/livez");
  private static final String ALLOW_FLAG = "--authorization-always-allow-paths";

  private final AuthenticationV1Api authentication;
  private final AuthorizationV1Api authorization;
  private final Set<String> allowedPaths;
  private final List<String> allowedPrefixes;
  private final long tokenTtlNanos;
  private final long allowedTtlNanos;
  private final long deniedTtlNanos;
  private final ExpiringCache<String, Optional<UserInfo>> tokens;
  private final ExpiringCache<AccessKey, Boolean> access;

  private DelegatedAuth(Builder b) {
    this.authentication = new AuthenticationV1Api(b.client);
    this.authorization = new AuthorizationV1Api(b.client);
    Set<String> exact = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    for (String p : b.alwaysAllowPaths) {
      String trimmed = p.startsWith("/") ? p.substring(1) : p;
      if (trimmed.endsWith("*")) {
        prefixes.add(trimmed.substring(0, trimmed.length() - 1));
      } else {
        exact.add(trimmed);
      }
    }
    this.allowedPaths = Set.copyOf(exact);
    this.allowedPrefixes = List.copyOf(prefixes);
    this.tokenTtlNanos = b.tokenTtl.toNanos();
    this.allowedTtlNanos = b.allowedTtl.toNanos();
    this.deniedTtlNanos = b.deniedTtl.toNanos();
    this.tokens = new ExpiringCache<>(b.nanoTime, MAX_CACHE_ENTRIES);
    this.access = new ExpiringCache<>(b.nanoTime, MAX_CACHE_ENTRIES);
  }

  /**
   * Starts a builder.
   *
   * @param client the client for the API server that reviews tokens and access
   * @return a builder with upstream's defaults
   */
  public static Builder builder(ApiClient client) {
    return new Builder(client);
  }

  /**
   * Decides whether a request may be served.
   *
   * @param path the request path
   * @param method the HTTP method
   * @param authorizationHeader the {@code Authorization} header, or null
   * @return the decision
   */
  public Decision decide(String path, String method, String authorizationHeader) {
    if (isAlwaysAllowed(path)) {
      return Decision.ALLOWED;
    }
    Optional<String> token = bearerToken(authorizationHeader);
    if (token.isEmpty()) {
      return Decision.UNAUTHORIZED;
    }
    Optional<UserInfo> user;
    try {
      user = authenticate(token.get());
    } catch (ReviewFailedException e) {
      return Decision.UNAUTHORIZED;
    }
    if (user.isEmpty()) {
      return Decision.UNAUTHORIZED;
    }
    String verb = verb(method);
    try {
      return authorize(user.get(), path, verb)
          ? Decision.ALLOWED
          : new Decision(403, "forbidden: User \"" + user.get().name() + "\" cannot " + verb + " path \"" + path
              + "\"\n");
    } catch (ReviewFailedException e) {
      return new Decision(500, "internal server error: authorization check failed\n");
    }
  }

  /**
   * Whether the path is served without authentication.
   *
   * @param path the request path
   * @return true if an always-allow entry matches it exactly, or an entry ending in {@code *} is its prefix
   */
  public boolean isAlwaysAllowed(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (allowedPaths.contains(p)) {
      return true;
    }
    for (String prefix : allowedPrefixes) {
      if (p.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private Optional<UserInfo> authenticate(String token) {
    String key = sha256(token);
    Optional<Optional<UserInfo>> cached = tokens.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    V1TokenReview request = new V1TokenReview()
        .apiVersion("authentication.k8s.io/v1")
        .kind("TokenReview")
        .spec(new V1TokenReviewSpec().token(token));
    V1TokenReview response;
    try {
      response = authentication.createTokenReview(request).execute();
    } catch (ApiException | RuntimeException e) {
      LOG.warn("TokenReview failed: {}", describe(e));
      throw new ReviewFailedException();
    }
    V1TokenReviewStatus status = response.getStatus();
    Optional<UserInfo> user = Optional.empty();
    if (status != null && Boolean.TRUE.equals(status.getAuthenticated()) && status.getUser() != null
        && status.getUser().getUsername() != null) {
      V1UserInfo u = status.getUser();
      user = Optional.of(new UserInfo(u.getUsername(), u.getUid(), u.getGroups(), u.getExtra()));
    }
    tokens.put(key, user, tokenTtlNanos);
    return user;
  }

  private boolean authorize(UserInfo user, String path, String verb) {
    if (user.groups().contains(SYSTEM_MASTERS)) {
      return true;
    }
    AccessKey key = new AccessKey(user, path, verb);
    Optional<Boolean> cached = access.get(key);
    if (cached.isPresent()) {
      return cached.get();
    }
    V1SubjectAccessReview request = new V1SubjectAccessReview()
        .apiVersion("authorization.k8s.io/v1")
        .kind("SubjectAccessReview")
        .spec(new V1SubjectAccessReviewSpec()
            .user(user.name())
            .uid(user.uid().isEmpty() ? null : user.uid())
            .groups(user.groups())
            .extra(user.extra())
            .nonResourceAttributes(new V1NonResourceAttributes().path(path).verb(verb)));
    V1SubjectAccessReview response;
    try {
      response = authorization.createSubjectAccessReview(request).execute();
    } catch (ApiException | RuntimeException e) {
      LOG.warn("SubjectAccessReview failed: {}", describe(e));
      throw new ReviewFailedException();
    }
    V1SubjectAccessReviewStatus status = response.getStatus();
    boolean allowed = status != null && Boolean.TRUE.equals(status.getAllowed());
    access.put(key, allowed, allowed ? allowedTtlNanos : deniedTtlNanos);
    return allowed;
  }

  private static Optional<String> bearerToken(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String trimmed = header.trim();
    if (trimmed.length() <= 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = trimmed.substring(7).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static String verb(String method) {
    switch (method) {
      case "GET":
      case "HEAD":
        return "get";
      case "POST":
        return "create";
      case "PUT":
        return "update";
      default:
        return method.toLowerCase(Locale.ROOT);
    }
  }

  private static String describe(Exception e) {
    return e instanceof ApiException
        ? "HTTP " + ((ApiException) e).getCode()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String sha256(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private record AccessKey(UserInfo user, String path, String verb) {}

  /** A review call to the API server failed; the request is refused without caching the outcome. */
  private static final class ReviewFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReviewFailedException() {
      super(null, null, false, false);
    }
  }

  /**
   * What to do with a request.
   *
   * @param status 200 to serve it, otherwise the status to answer with
   * @param message the short plain-text body for a refusal; empty when allowed
   */
  public record Decision(int status, String message) {
    static final Decision ALLOWED = new Decision(200, "");
    static final Decision UNAUTHORIZED = new Decision(401, "Unauthorized\n");

    /**
     * Whether the request may be served.
     *
     * @return true for status 200
     */
    public boolean allowed() {
      return status == 200;
    }
  }

  /** Configures {@link DelegatedAuth}. */
  public static final class Builder {
    private final ApiClient client;
    private List<String> alwaysAllowPaths = DEFAULT_ALWAYS_ALLOW_PATHS;
    private Duration tokenTtl = Duration.ofSeconds(10);
    private Duration allowedTtl = Duration.ofSeconds(10);
    private Duration deniedTtl = Duration.ofSeconds(10);
    private LongSupplier nanoTime = System::nanoTime;

    private Builder(ApiClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Sets {@code --authorization-always-allow-paths}, with upstream's semantics: an entry ending in {@code *}
     * matches every path starting with the rest of the entry; any other entry matches exactly; the leading
     * {@code /} is optional; {@code *} may only come last.
     *
     * <p>Upstream's default list {@code /healthz,/readyz,/livez} (in any order) also covers the per-check paths
     * below the three, such as {@code /healthz/leaderElection}, exactly as {@link #DEFAULT_ALWAYS_ALLOW_PATHS}
     * does. Upstream reaches those paths without a token through anonymous authentication and the cluster's
     * RBAC; this server has no anonymous user (a request without a token is 401), so its default names them.
     *
     * @param paths the entries
     * @return this builder
     * @throws IllegalArgumentException naming the flag for an empty entry or a {@code *} that is not last
     */
    public Builder alwaysAllowPaths(List<String> paths) {
      List<String> entries = new ArrayList<>(paths.size());
      for (String p : paths) {
        String entry = p == null ? "" : p.trim();
        if (entry.isEmpty()) {
          throw new IllegalArgumentException(ALLOW_FLAG + ": empty entry");
        }
        if (entry.substring(0, entry.length() - 1).indexOf('*') >= 0) {
          throw new IllegalArgumentException(ALLOW_FLAG + ": only a trailing * is allowed in \"" + entry + "\"");
        }
        entries.add(entry);
      }
      boolean upstreamDefault = entries.size() == UPSTREAM_DEFAULT_ALWAYS_ALLOW_PATHS.size()
          && Set.copyOf(entries).equals(Set.copyOf(UPSTREAM_DEFAULT_ALWAYS_ALLOW_PATHS));
      this.alwaysAllowPaths = upstreamDefault ? DEFAULT_ALWAYS_ALLOW_PATHS : List.copyOf(entries);
      return this;
    }

    /**
     * Sets {@code --authentication-token-webhook-cache-ttl}; zero disables caching.
     *
     * @param ttl how long a TokenReview result is reused
     * @return this builder
     */
    public Builder tokenCacheTtl(Duration ttl) {
      this.tokenTtl = requireNotNegative(ttl);
      return this;
    }

    /**
     * Sets {@code --authorization-webhook-cache-authorized-ttl}; zero disables caching.
     *
     * @param ttl how long an allowing SubjectAccessReview result is reused
     * @return this builder
     */
    public Builder authorizedCacheTtl(Duration ttl) {
      this.allowedTtl = requireNotNegative(ttl);
      return this;
    }

    /**
     * Sets {@code --authorization-webhook-cache-unauthorized-ttl}; zero disables caching.
     *
     * @param ttl how long a denying SubjectAccessReview result is reused
     * @return this builder
     */
    public Builder unauthorizedCacheTtl(Duration ttl) {
      this.deniedTtl = requireNotNegative(ttl);
      return this;
    }

    /**
     * Sets the clock the cache TTLs are measured on.
     *
     * @param nanoTime a monotonic nanosecond clock
     * @return this builder
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    /**
     * Builds the authenticator and authorizer.
     *
     * @return a new instance
     */
    public DelegatedAuth build() {
      return new DelegatedAuth(this);
    }

    private static Duration requireNotNegative(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("cache TTL must not be negative: " + ttl);
      }
      return ttl;
    }
  }
}
