package dev.ccm4j.provider.alibaba.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The access keys the emulator accepts: the configured long-term key pair, and the STS credentials it issues through
 * the metadata service's RAM role. STS credentials carry a security token that must accompany them and expire; a
 * fresh set is issued once the current one is past half its lifetime, as ECS rotates role credentials well before
 * they expire, and every set issued stays valid until its own expiry.
 */
final class CredentialStore {
  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** A key the emulator knows. */
  record Key(String accessKeyId, String secret, Optional<StsCredentials> sts) {}

  /** One set of issued RAM role credentials. */
  record StsCredentials(String accessKeyId, String secret, String securityToken, Instant issuedAt,
      Instant expiration) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> longTerm;
  private final Map<String, StsCredentials> issued = new LinkedHashMap<>();
  private final Clock clock;
  private final Duration lifetime;
  private StsCredentials current;

  CredentialStore(Map<String, String> longTerm, Clock clock, Duration lifetime) {
    this.longTerm = Map.copyOf(longTerm);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /** The key with this id, if the emulator knows it (expired STS credentials included, so they can be told apart). */
  synchronized Optional<Key> find(String accessKeyId) {
    String secret = longTerm.get(accessKeyId);
    if (secret != null) {
      return Optional.of(new Key(accessKeyId, secret, Optional.empty()));
    }
    StsCredentials sts = issued.get(accessKeyId);
    return sts == null ? Optional.empty() : Optional.of(new Key(accessKeyId, sts.secret(), Optional.of(sts)));
  }

  /** The RAM role's current credentials, issuing a fresh set when the current one is past half its lifetime. */
  synchronized StsCredentials roleCredentials() {
    Instant now = clock.instant();
    if (current == null || !now.isBefore(current.issuedAt().plus(lifetime.dividedBy(2)))) {
      current = new StsCredentials("STS." + random(24), random(40), "CAIS" + random(200), now, now.plus(lifetime));
      issued.put(current.accessKeyId(), current);
      forgetLongExpired(now);
    }
    return current;
  }

  private void forgetLongExpired(Instant now) {
    // expired sets are kept for a while so a late caller is told "expired" rather than "unknown key"
    Instant horizon = now.minus(lifetime.multipliedBy(4).plusHours(1));
    for (Iterator<StsCredentials> it = issued.values().iterator(); it.hasNext();) {
      if (it.next().expiration().isBefore(horizon)) {
        it.remove();
      }
    }
  }

  private String random(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALNUM[random.nextInt(ALNUM.length)]);
    }
    return out.toString();
  }
}
