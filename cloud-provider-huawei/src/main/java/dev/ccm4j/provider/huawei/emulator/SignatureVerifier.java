package dev.ccm4j.provider.huawei.emulator;

import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.provider.huawei.sign.SdkHmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Checks Huawei's {@code SDK-HMAC-SHA256} signature the way the API gateway does: the canonical request is rebuilt
 * from the headers the client says it signed ({@code SignedHeaders}), so both the official SDK's set
 * ({@code host;user-agent;x-project-id;x-sdk-date}, no {@code content-type}) and older signers' sets (with
 * {@code content-type}) verify. {@code x-sdk-date} must be signed and within 15 minutes of the emulator's clock; a
 * temporary key needs its {@code X-Security-Token}. Every failure is a 401 {@code APIGW.0301} with Huawei's message
 * wording.
 */
final class SignatureVerifier {
  /** The gateway's code for every authentication failure. */
  static final String CODE = "APIGW.0301";
  /** How far {@code X-Sdk-Date} may be from the emulator's clock. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private final AccessKeys keys;
  private final Clock clock;

  SignatureVerifier(AccessKeys keys, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies a request.
   *
   * @param request the request
   * @return the key that signed it
   * @throws HuaweiApiError 401 {@code APIGW.0301} when the signature does not hold
   */
  AccessKeys.Key verify(EmulatorRequest request) {
    String header = request.header("authorization").orElse(null);
    if (header == null || header.isBlank()) {
      throw fail("Authorization header not found");
    }
    SdkHmacSha256.Authorization auth = SdkHmacSha256.parseAuthorization(header)
        .orElseThrow(() -> fail("Authorization header is not an " + SdkHmacSha256.ALGORITHM + " signature"));
    AccessKeys.Key key = keys.find(auth.access())
        .orElseThrow(() -> fail("ak " + auth.access() + " not exist"));
    if (!auth.signedHeaders().contains("x-sdk-date")) {
      throw fail("x-sdk-date is not a signed header");
    }
    String date = request.header("x-sdk-date").orElseThrow(() -> fail("x-sdk-date header not found"));
    Instant signedAt;
    try {
      signedAt = Instant.from(SdkHmacSha256.DATE.parse(date.strip()));
    } catch (DateTimeParseException e) {
      throw fail("x-sdk-date is not in the yyyyMMdd'T'HHmmss'Z' format");
    }
    Duration skew = Duration.between(signedAt, clock.instant()).abs();
    if (skew.compareTo(MAX_SKEW) > 0) {
      throw fail("the request is expired: x-sdk-date is more than 15 minutes from the server time");
    }
    if (key.temporary()) {
      String token = request.header("x-security-token").orElse("");
      if (token.isEmpty()) {
        throw fail("X-Security-Token is required for a temporary access key");
      }
      if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
          key.securityToken().getBytes(StandardCharsets.UTF_8))) {
        throw fail("X-Security-Token does not belong to ak " + key.access());
      }
      if (keys.expired(key)) {
        throw fail("the security token has expired");
      }
    }
    SortedMap<String, String> signed = new TreeMap<>();
    for (String name : auth.signedHeaders()) {
      String value = name.equals("host") && !request.host().isEmpty() ? request.host()
          : request.header(name).orElse(null);
      if (value == null) {
        throw fail("signed header " + name + " is missing from the request");
      }
      signed.put(name, value);
    }
    String payload = request.header("x-sdk-content-sha256")
        .orElseGet(() -> SdkHmacSha256.sha256Hex(request.body()));
    String canonical = SdkHmacSha256.canonicalRequest(request.method(), request.rawPath(), request.query(), signed,
        payload);
    String expected = SdkHmacSha256.signature(key.secret(), SdkHmacSha256.stringToSign(date.strip(), canonical));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        auth.signature().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw fail("verify aksk signature fail");
    }
    return key;
  }

  private static HuaweiApiError fail(String detail) {
    return new HuaweiApiError(401, CODE, "Incorrect IAM authentication information: " + detail);
  }
}
