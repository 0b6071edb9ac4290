package dev.ccm4j.provider.inspur.auth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.vendor.client.VendorHttpClient;
import dev.ccm4j.vendor.client.VendorResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens for the Inspur SLB API, from Keycloak's token-exchange grant, cached until shortly before they
 * expire.
 *
 * <p>The original CCM fetched a new token before every SLB call and built the form body by string concatenation, so
 * a secret containing {@code &}, {@code =}, {@code +} or a space broke the request. Here the body is a real
 * {@code application/x-www-form-urlencoded} form ({@link FormBody}), and one token serves every call until
 * {@code expires_in} minus a margin (a tenth of the lifetime, at most 30 s) has passed on the injected clock.
 *
 * <p>Concurrent callers share one fetch: a lock serialises fetches and a caller that waited for it finds the token
 * another caller just obtained. {@link #refresh(String)} forces a new token after the SLB API answered 401 to the
 * given one, again fetching once however many callers saw the same 401.
 *
 * <p>The client secret and every token obtained are registered with the HTTP client's redactor before they travel,
 * so no log line or exception can show them. Thread-safe.
 */
public final class KeycloakTokenSource {
  private static final Logger LOG = LoggerFactory.getLogger(KeycloakTokenSource.class);
  /** The grant the original CCM sends. */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
  /** Longest refresh margin before expiry. */
  static final Duration MAX_MARGIN = Duration.ofSeconds(30);
  /** The operation label of token requests in logs and exceptions. */
  public static final String OPERATION = "Token";

  private final VendorHttpClient http;
  private final HttpUrl tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String requestedSubject;
  private final String audience;
  private final String requestTokenType;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Token current;

  private record Token(String value, Instant refreshAt) {}

  /**
   * Creates a token source. Nothing is fetched until the first {@link #token()}.
   *
   * @param http the provider's HTTP client; its redactor learns the secret and the tokens
   * @param tokenUrl the Keycloak token endpoint
   * @param clientId the Keycloak client id
   * @param clientSecret the Keycloak client secret
   * @param requestedSubject the user to impersonate
   * @param audience the {@code audience} parameter
   * @param requestTokenType the {@code request_token_type} parameter
   * @param clock the clock that decides expiry
   */
  public KeycloakTokenSource(VendorHttpClient http, HttpUrl tokenUrl, String clientId, String clientSecret,
      String requestedSubject, String audience, String requestTokenType, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokenUrl = Objects.requireNonNull(tokenUrl, "tokenUrl");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    this.requestedSubject = Objects.requireNonNull(requestedSubject, "requestedSubject");
    this.audience = Objects.requireNonNull(audience, "audience");
    this.requestTokenType = Objects.requireNonNull(requestTokenType, "requestTokenType");
    this.clock = Objects.requireNonNull(clock, "clock");
    http.redactor().secret(clientSecret);
  }

  /**
   * A valid access token: the cached one, or a new one when none is cached or it is about to expire.
   *
   * @return the access token (without the {@code Bearer} prefix)
   * @throws CloudProviderException when Keycloak refuses or cannot be reached (never naming the secret), or the
   *     thread was interrupted (flag left set)
   */
  public String token() {
    Token t = current;
    if (t != null && clock.instant().isBefore(t.refreshAt())) {
      return t.value();
    }
    return fetch(t);
  }

  /**
   * A token other than {@code rejected}, after the SLB API answered 401 to it. When another caller already
   * replaced it, that token is returned without a new fetch.
   *
   * @param rejected the token the API refused
   * @return a newly fetched (or just replaced) token
   * @throws CloudProviderException as {@link #token()}
   */
  public String refresh(String rejected) {
    Token t = current;
    if (t != null && !t.value().equals(rejected)) {
      return t.value();
    }
    return fetch(t);
  }

  /** Fetches under the lock unless the token seen before waiting was already replaced by another caller. */
  private String fetch(Token seen) {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudProviderException("inspur " + OPERATION + ": interrupted while waiting for a token fetch", e);
    }
    try {
      Token now = current;
      if (now != seen && now != null && clock.instant().isBefore(now.refreshAt())) {
        return now.value();
      }
      Token fresh = request();
      current = fresh;
      return fresh.value();
    } finally {
      lock.unlock();
    }
  }

  private Token request() {
    FormBody body = new FormBody.Builder()
        .add("grant_type", GRANT_TYPE)
        .add("client_id", clientId)
        .add("client_secret", clientSecret)
        .add("request_token_type", requestTokenType)
        .add("requested_subject", requestedSubject)
        .add("audience", audience)
        .build();
    Request request = new Request.Builder().url(tokenUrl).post(body).header("Accept", "application/json").build();
    Instant sent = clock.instant();
    VendorResponse response = http.execute(OPERATION, request);
    JsonObject json = response.json();
    String token = string(json, "access_token");
    if (token == null || token.isBlank()) {
      throw new CloudProviderException("inspur " + OPERATION + ": Keycloak answered without an access_token");
    }
    http.redactor().secret(token);
    http.redactor().secret(string(json, "refresh_token"));
    long expiresIn = number(json, "expires_in");
    if (expiresIn <= 0) {
      // Keycloak always sends it; without it, use the token for this call only.
      LOG.debug("Keycloak token without a positive expires_in; it is not cached");
      return new Token(token, sent);
    }
    Duration lifetime = Duration.ofSeconds(expiresIn);
    Duration margin = lifetime.dividedBy(10);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    // Measured from when the request was sent: the token may have been issued any time after that.
    Instant refreshAt = sent.plus(lifetime).minus(margin);
    LOG.debug("obtained a Keycloak token for subject {} valid {}s, refreshed after {}", requestedSubject,
        expiresIn, refreshAt);
    return new Token(token, refreshAt);
  }

  private static String string(JsonObject json, String name) {
    JsonElement e = json.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static long number(JsonObject json, String name) {
    JsonElement e = json.get(name);
    if (e == null || !e.isJsonPrimitive()) {
      return 0;
    }
    try {
      return e.getAsLong();
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "KeycloakTokenSource{url=" + tokenUrl + ", clientId=" + clientId + ", subject=" + requestedSubject + "}";
  }
}
