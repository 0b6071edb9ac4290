package dev.ccm4j.provider.huawei.auth;

import com.google.gson.JsonObject;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.vendor.client.Json;
import dev.ccm4j.vendor.client.VendorHttpClient;
import dev.ccm4j.vendor.client.VendorResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary credentials from the ECS metadata service, as the official SDKs take them when no AK/SK is configured:
 * {@code GET <metadata>/openstack/latest/securitykey} answers
 * {@code {"credential":{"access","secret","securitytoken","expires_at"}}}.
 *
 * <p>Nothing is fetched until the first {@link #current()}; the credentials are then kept until less than
 * {@link #REFRESH_BEFORE} remains before {@code expires_at}. Every fetched secret and token is registered with
 * the HTTP client's redactor before it is used. Thread-safe: concurrent callers share one fetch.
 */
public final class MetadataSecurityKey implements CredentialsSource {
  /** How long before expiry the credentials are fetched again, as the SDKs do. */
  public static final Duration REFRESH_BEFORE = Duration.ofSeconds(60);
  /** The metadata path of the temporary credentials. */
  public static final String PATH = "/openstack/latest/securitykey";
  /** Validity assumed when the answer has no readable {@code expires_at}. */
  static final Duration ASSUMED_VALIDITY = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(MetadataSecurityKey.class);

  private final VendorHttpClient http;
  private final HttpUrl url;
  private final Clock clock;
  private final Object lock = new Object();
  private volatile Cached cached;

  private record Cached(HuaweiCredentials credentials, Instant expiresAt) {}

  /**
   * Creates the source.
   *
   * @param http the provider's HTTP client; a fast-failing view of it is used, as the metadata service is
   *     link-local and answers at once or never
   * @param metadataEndpoint the metadata service base URL, for example {@code http://169.254.169.254}
   * @param clock the clock of expiry
   */
  public MetadataSecurityKey(VendorHttpClient http, URI metadataEndpoint, Clock clock) {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(metadataEndpoint, "metadataEndpoint");
    this.http = http.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(5));
    // the answer's body is in the TRACE request log before this class sees it
    http.redactor().sensitiveQueryParameters("secret", "securitytoken");
    String base = metadataEndpoint.toString();
    this.url = HttpUrl.get((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public HuaweiCredentials current() {
    Cached c = cached;
    if (c != null && fresh(c)) {
      return c.credentials();
    }
    synchronized (lock) {
      c = cached;
      if (c != null && fresh(c)) {
        return c.credentials();
      }
      Cached next;
      try {
        next = fetch();
      } catch (RuntimeException e) {
        if (c != null && clock.instant().isBefore(c.expiresAt())) {
          // still valid for under a minute: better than failing the call; the next call tries again
          LOG.debug("could not refresh temporary credentials ({}); using the current ones until they expire",
              e.getClass().getSimpleName());
          return c.credentials();
        }
        throw e;
      }
      cached = next;
      return next.credentials();
    }
  }

  /**
   * Drops the cached credentials when they are the refused ones (an agency changed or the keys were revoked before
   * their expiry), so the next call fetches new ones instead of failing until {@code expires_at}.
   *
   * @param refused the credentials a call was refused with
   */
  @Override
  public void invalidate(HuaweiCredentials refused) {
    synchronized (lock) {
      Cached c = cached;
      if (c != null && c.credentials().equals(refused)) {
        cached = null;
        LOG.debug("temporary credentials refused by the cloud; fetching new ones on the next call");
      }
    }
  }

  private boolean fresh(Cached c) {
    return clock.instant().plus(REFRESH_BEFORE).isBefore(c.expiresAt());
  }

  private Cached fetch() {
    VendorResponse response = http.execute("GetSecurityKey", new Request.Builder().url(url).get().build());
    JsonObject body = response.json();
    JsonObject credential = Json.object(body, "credential").orElseThrow(() -> new CloudProviderException(
        "huaweicloud GetSecurityKey: the metadata service answered without a credential object"));
    String access = Json.string(credential, "access").orElse("");
    String secret = Json.string(credential, "secret").orElse("");
    Optional<String> token = Json.string(credential, "securitytoken");
    // registered before anything can log or throw with them
    http.redactor().secret(secret);
    token.ifPresent(http.redactor()::secret);
    if (access.isBlank() || secret.isBlank()) {
      throw new CloudProviderException("huaweicloud GetSecurityKey: the metadata service answered no access or"
          + " secret key; give [Global] access-key and secret-key, or attach an agency to the server");
    }
    Instant now = clock.instant();
    Instant expiresAt = Json.string(credential, "expires_at").flatMap(MetadataSecurityKey::parseInstant)
        .orElseGet(() -> {
          LOG.debug("metadata security key has no readable expires_at; assuming {}", ASSUMED_VALIDITY);
          return now.plus(ASSUMED_VALIDITY);
        });
    LOG.debug("fetched temporary credentials valid until {}", expiresAt);
    return new Cached(new HuaweiCredentials(access, secret, token), expiresAt);
  }

  static Optional<Instant> parseInstant(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "MetadataSecurityKey{" + url + "}";
  }
}
