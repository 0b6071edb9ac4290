package dev.ccm4j.provider.inspur.emulator;

import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.cloud.emulator.EmulatorResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A Keycloak token endpoint that knows one confidential client and one user it may impersonate: the token-exchange
 * grant the Inspur CCM uses, answered with Keycloak's JSON and Keycloak's errors, and the bearer tokens it issued
 * checked (and expired on the emulator's clock) for the SLB API.
 */
final class KeycloakEndpoint {
  /** The grant the Inspur CCM sends. */
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  /** Keycloak's refresh token lifetime default (SSO session idle, 30 minutes). */
  static final Duration REFRESH_LIFETIME = Duration.ofMinutes(30);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final String clientId;
  private final byte[] clientSecret;
  private final String requestedSubject;
  private final Supplier<String> issuer;
  private final Duration lifetime;
  private final Clock clock;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

  KeycloakEndpoint(String clientId, String clientSecret, String requestedSubject, Supplier<String> issuer,
      Duration lifetime, Clock clock) {
    this.clientId = clientId;
    this.clientSecret = clientSecret.getBytes(StandardCharsets.UTF_8);
    this.requestedSubject = requestedSubject;
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** Answers a request to the token endpoint the way Keycloak does. */
  EmulatorResponse handle(EmulatorRequest request) {
    if (!request.method().equals("POST")) {
      return error(405, "invalid_request", "HTTP method not allowed");
    }
    String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/x-www-form-urlencoded")) {
      return error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    }
    Map<String, String> form = request.form();
    String grant = form.get("grant_type");
    if (grant == null || grant.isEmpty()) {
      return error(400, "invalid_request", "Missing form parameter: grant_type");
    }
    // Keycloak authenticates the client before it looks at the grant
    if (!clientAuthenticated(request, form)) {
      return error(401, "unauthorized_client", "Invalid client or Invalid client credentials");
    }
    if (!grant.equals(TOKEN_EXCHANGE)) {
      return error(400, "unsupported_grant_type", "Unsupported grant_type");
    }
    String subject = form.get("requested_subject");
    if (subject == null || subject.isEmpty()) {
      return error(400, "invalid_request", "subject_token or requested_subject is required");
    }
    if (!subject.equals(requestedSubject)) {
      return error(400, "invalid_token", "Invalid token: requested_subject not found");
    }
    String requestedType = form.get("requested_token_type");
    if (requestedType != null && !requestedType.equals("urn:ietf:params:oauth:token-type:refresh_token")
        && !requestedType.equals("urn:ietf:params:oauth:token-type:access_token")) {
      return error(400, "invalid_request", "requested_token_type unsupported");
    }
    String audience = form.get("audience");
    if (audience != null && !audience.isEmpty() && !audience.equals("console") && !audience.equals(clientId)) {
      return error(400, "invalid_client", "Audience not found");
    }
    return EmulatorResponse.json(200, issue(subject));
  }

  /**
   * Whether a bearer token is one this endpoint issued and has not yet expired.
   *
   * @param token the token
   * @return the verdict
   */
  TokenCheck check(String token) {
    Instant expiry = tokens.get(token);
    if (expiry == null) {
      return TokenCheck.UNKNOWN;
    }
    if (!clock.instant().isBefore(expiry)) {
      return TokenCheck.EXPIRED;
    }
    return TokenCheck.VALID;
  }

  /** Makes every issued token invalid, as a Keycloak admin logging the session out does. */
  int revokeAll() {
    int n = tokens.size();
    tokens.clear();
    return n;
  }

  private boolean clientAuthenticated(EmulatorRequest request, Map<String, String> form) {
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    Optional<String> basic = request.header("authorization")
        .filter(h -> h.regionMatches(true, 0, "Basic ", 0, 6));
    if (basic.isPresent()) {
      // client_secret_basic: both parts form-encoded inside the base64 (RFC 6749 §2.3.1)
      try {
        String decoded = new String(Base64.getDecoder().decode(basic.get().substring(6).trim()),
            StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
          return false;
        }
        id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (id == null || secret == null || !id.equals(clientId)) {
      return false;
    }
    return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), clientSecret);
  }

  private JsonObject issue(String subject) {
    Instant now = clock.instant();
    Instant expiry = now.plus(lifetime);
    // expired tokens are forgotten when new ones are issued, so a long run does not grow the map without bound
    tokens.values().removeIf(e -> !now.isBefore(e.plus(lifetime)));
    String session = UUID.randomUUID().toString();
    String access = jwt(subject, now, expiry, session, "Bearer");
    tokens.put(access, expiry);
    JsonObject o = new JsonObject();
    o.addProperty("access_token", access);
    o.addProperty("expires_in", lifetime.toSeconds());
    o.addProperty("refresh_expires_in", REFRESH_LIFETIME.toSeconds());
    o.addProperty("refresh_token", jwt(subject, now, now.plus(REFRESH_LIFETIME), session, "Refresh"));
    o.addProperty("token_type", "Bearer");
    o.addProperty("not-before-policy", 0);
    o.addProperty("session_state", session);
    o.addProperty("scope", "profile email");
    return o;
  }

  /** A JWT-shaped token (header.payload.signature) like Keycloak's, unique per call; the signature is random. */
  private String jwt(String subject, Instant issued, Instant expiry, String session, String type) {
    JsonObject header = new JsonObject();
    header.addProperty("alg", "HS256");
    header.addProperty("typ", "JWT");
    JsonObject claims = new JsonObject();
    claims.addProperty("exp", expiry.getEpochSecond());
    claims.addProperty("iat", issued.getEpochSecond());
    claims.addProperty("jti", UUID.randomUUID().toString());
    claims.addProperty("iss", issuer.get());
    claims.addProperty("sub", subject);
    claims.addProperty("typ", type);
    claims.addProperty("azp", clientId);
    claims.addProperty("session_state", session);
    byte[] signature = new byte[32];
    RANDOM.nextBytes(signature);
    return B64URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + B64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + B64URL.encodeToString(signature);
  }

  /**
   * Keycloak's error body.
   *
   * @param status the HTTP status
   * @param error the OAuth error code
   * @param description the description
   * @return the response, marked with the error code for the journal
   */
  static EmulatorResponse error(int status, String error, String description) {
    JsonObject o = new JsonObject();
    o.addProperty("error", error);
    o.addProperty("error_description", description);
    return EmulatorResponse.json(status, o).errorCode(error);
  }

  /** The verdict on a bearer token. */
  enum TokenCheck {
    /** Issued here and not expired. */
    VALID,
    /** Issued here, expired on the emulator's clock. */
    EXPIRED,
    /** Never issued here (or revoked). */
    UNKNOWN
  }
}
