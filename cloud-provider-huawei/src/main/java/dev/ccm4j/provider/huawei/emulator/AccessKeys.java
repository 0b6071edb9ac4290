package dev.ccm4j.provider.huawei.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The access keys the emulated account accepts: one permanent AK/SK pair and the temporary ones the metadata
 * service hands out ({@code securitykey}), each with its security token and expiry on the emulator's clock. A
 * temporary key is re-issued once half its lifetime has passed, as an agency's key is rotated before it expires;
 * the old one stays valid until its own expiry. Thread-safe.
 */
final class AccessKeys {
  /** One key pair; {@code securityToken} and {@code expiresAt} are null for the permanent one. */
  record Key(String access, String secret, String securityToken, Instant expiresAt) {
    boolean temporary() {
      return securityToken != null;
    }
  }

  private final Key permanent;
  private final Clock clock;
  private final Duration temporaryLifetime;
  private final HuaweiState ids;
  private final Map<String, Key> temporary = new LinkedHashMap<>();
  private Key current;

  AccessKeys(String accessKey, String secretKey, Duration temporaryLifetime, HuaweiState ids) {
    this.permanent = new Key(Objects.requireNonNull(accessKey, "accessKey"),
        Objects.requireNonNull(secretKey, "secretKey"), null, null);
    this.temporaryLifetime = Objects.requireNonNull(temporaryLifetime, "temporaryLifetime");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.clock = ids.clock();
  }

  /** The permanent pair. */
  Key permanent() {
    return permanent;
  }

  /**
   * The key with this access key id, permanent or temporary and unexpired.
   *
   * @param access the access key id
   * @return the key; empty when unknown
   */
  synchronized Optional<Key> find(String access) {
    if (permanent.access().equals(access)) {
      return Optional.of(permanent);
    }
    return Optional.ofNullable(temporary.get(access));
  }

  /**
   * Whether a temporary key has expired on the emulator's clock.
   *
   * @param key the key
   * @return true when it has
   */
  boolean expired(Key key) {
    return key.temporary() && !clock.instant().isBefore(key.expiresAt());
  }

  /** The temporary key the metadata service hands out now: the current one, or a new one past half its life. */
  synchronized Key currentTemporary() {
    Instant now = clock.instant();
    // forget keys long expired so a long run does not grow the map
    for (Iterator<Key> it = temporary.values().iterator(); it.hasNext();) {
      if (it.next().expiresAt().plus(temporaryLifetime).isBefore(now)) {
        it.remove();
      }
    }
    if (current == null || !now.isBefore(current.expiresAt().minus(temporaryLifetime.dividedBy(2)))) {
      current = new Key(ids.hex(20).toUpperCase(java.util.Locale.ROOT), ids.hex(40),
          "gQpjbi1ub3J0aC00" + ids.hex(200), now.plus(temporaryLifetime));
      temporary.put(current.access(), current);
    }
    return current;
  }

  /** Invalidates every temporary key (as revoking the agency does). */
  synchronized void revokeTemporary() {
    temporary.clear();
    current = null;
  }
}
