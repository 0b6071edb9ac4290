package dev.ccm4j.provider.alibaba.auth;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.vendor.client.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials of the ECS instance's RAM role, from the metadata service
 * ({@code /latest/meta-data/ram/security-credentials/<role>}).
 *
 * <p>The credentials are fetched once and reused until they are close to their {@code Expiration}: within a fifth
 * of their lifetime, but at least five minutes (and at most half the lifetime, so short-lived credentials are not
 * fetched on every call). One thread refreshes while the others keep using the still-valid credentials. A failed
 * refresh is logged (without secrets) and the old credentials are used while they remain valid; after a failure
 * the next attempt waits {@link #RETRY_AFTER_FAILURE} so that a down metadata service is not hammered by every
 * request. Every fetched secret and token is registered with the {@link Redactor} before it is handed out.
 */
public final class RamRoleCredentialsProvider implements CredentialsProvider {
  private static final Logger LOG = LoggerFactory.getLogger(RamRoleCredentialsProvider.class);
  /** The metadata resource listing the instance's role. */
  public static final String ROLE_RESOURCE = "ram/security-credentials/";
  /** Pause before another attempt after a failed refresh. */
  public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);
  private static final Duration MIN_MARGIN = Duration.ofMinutes(5);

  private final MetadataClient metadata;
  private final Redactor redactor;
  private final Clock clock;
  private final String configuredRole;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Cached cached;
  private volatile Instant nextAttempt = Instant.MIN;

  private record Cached(AlibabaCredentials credentials, Instant refreshAt, Instant expiration) {}

  /**
   * Creates the provider; nothing is fetched until the first {@link #current()}.
   *
   * @param metadata the metadata service
   * @param redactor where fetched secrets are registered
   * @param clock the clock expiry is judged by
   * @param role the role name, or null to read it from the metadata service
   */
  public RamRoleCredentialsProvider(MetadataClient metadata, Redactor redactor, Clock clock, String role) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.configuredRole = role == null || role.isBlank() ? null : role.strip();
  }

  @Override
  public String source() {
    return "ram-role";
  }

  @Override
  public AlibabaCredentials current() {
    Instant now = clock.instant();
    Cached c = cached;
    if (c != null && now.isBefore(c.refreshAt())) {
      return c.credentials();
    }
    boolean stillValid = c != null && now.isBefore(c.expiration());
    if (stillValid && (now.isBefore(nextAttempt) || !lock.tryLock())) {
      // another thread is refreshing, or the last refresh failed recently: the old credentials still work
      return c.credentials();
    }
    if (!stillValid) {
      lock.lock();
    }
    try {
      Cached again = cached;
      now = clock.instant();
      if (again != null && now.isBefore(again.refreshAt())) {
        return again.credentials();
      }
      try {
        Cached fresh = fetch(now);
        cached = fresh;
        nextAttempt = Instant.MIN;
        LOG.debug("RAM role credentials refreshed; they expire at {}", fresh.expiration());
        return fresh.credentials();
      } catch (CloudProviderException e) {
        nextAttempt = now.plus(RETRY_AFTER_FAILURE);
        if (again != null && now.isBefore(again.expiration())) {
          LOG.warn("refreshing the RAM role credentials failed, using the current ones until {}: {}",
              again.expiration(), redactor.redact(e.getMessage()));
          return again.credentials();
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private Cached fetch(Instant now) {
    String role = configuredRole;
    if (role == null) {
      List<String> roles = metadata.list(ROLE_RESOURCE);
      if (roles.isEmpty()) {
        throw new CloudProviderException("no RAM role is attached to this ECS instance (the metadata service lists "
            + "none) and no access key is configured");
      }
      role = roles.get(0);
    }
    String body = metadata.get(ROLE_RESOURCE + role);
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(body);
      if (!parsed.isJsonObject()) {
        throw new JsonParseException("not an object");
      }
      json = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new CloudProviderException("the metadata service returned RAM role credentials for role " + role
          + " that are not a JSON object");
    }
    String code = text(json, "Code");
    if (code != null && !code.equalsIgnoreCase("Success")) {
      throw new CloudProviderException("the metadata service refused RAM role credentials for role " + role
          + ": Code " + code);
    }
    String id = text(json, "AccessKeyId");
    String secret = text(json, "AccessKeySecret");
    String token = text(json, "SecurityToken");
    String expiration = text(json, "Expiration");
    // register before anything else can see them, including the error paths below
    if (secret != null) {
      redactor.secret(secret);
    }
    if (token != null) {
      redactor.secret(token);
    }
    if (id == null || secret == null || token == null || expiration == null) {
      throw new CloudProviderException("RAM role credentials for role " + role + " lack AccessKeyId, "
          + "AccessKeySecret, SecurityToken or Expiration");
    }
    Instant expires;
    try {
      expires = Instant.parse(expiration);
    } catch (DateTimeParseException e) {
      throw new CloudProviderException("RAM role credentials for role " + role + " have an invalid Expiration");
    }
    if (!expires.isAfter(now)) {
      throw new CloudProviderException("the metadata service returned expired RAM role credentials for role "
          + role + " (expired at " + expires + ")");
    }
    Duration lifetime = Duration.between(now, expires);
    Duration margin = lifetime.dividedBy(5);
    if (margin.compareTo(MIN_MARGIN) < 0) {
      margin = MIN_MARGIN;
    }
    if (margin.compareTo(lifetime.dividedBy(2)) > 0) {
      margin = lifetime.dividedBy(2);
    }
    return new Cached(AlibabaCredentials.sts(id, secret, token, expires), expires.minus(margin), expires);
  }

  private static String text(JsonObject json, String name) {
    JsonElement e = json.get(name);
    if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
      return null;
    }
    String s = e.getAsString().strip();
    return s.isEmpty() ? null : s;
  }

  @Override
  public String toString() {
    return "RamRoleCredentialsProvider{" + metadata + (configuredRole != null ? ", role=" + configuredRole : "")
        + "}";
  }
}
