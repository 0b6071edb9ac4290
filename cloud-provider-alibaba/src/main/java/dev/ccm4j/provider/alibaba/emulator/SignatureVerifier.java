package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.EmulatorRequest;
import dev.ccm4j.provider.alibaba.sign.Acs3Signature;
import dev.ccm4j.provider.alibaba.sign.RpcV1Signature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a product request's signature the way Alibaba's gateway does, for both schemes real clients send: the RPC
 * signature (HMAC-SHA1, {@code SignatureVersion=1.0}, parameters in the query and/or a form body) and
 * ACS3-HMAC-SHA256 ({@code Authorization} header, {@code x-acs-*} headers, payload hash). The canonical forms are
 * rebuilt with the provider's own {@code sign} classes. Also enforces the timestamp window, nonce uniqueness and, for
 * STS credentials, the security token and its expiry.
 */
final class SignatureVerifier {
  static final Duration SKEW = Duration.ofMinutes(15);
  private static final int MAX_NONCES = 200_000;

  private final CredentialStore credentials;
  private final Clock clock;
  private final Map<String, Instant> nonces = new LinkedHashMap<>();

  SignatureVerifier(CredentialStore credentials, Clock clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  /** Whether a request is signed with the V3 scheme rather than the RPC one. */
  static boolean isAcs3(EmulatorRequest request) {
    return request.header("authorization").map(a -> a.startsWith("ACS3-")).orElse(false);
  }

  /**
   * Verifies a request.
   *
   * @param request the request
   * @return the access key id it is signed with
   * @throws AlibabaApiError with Alibaba's code when it is not acceptable
   */
  String verify(EmulatorRequest request) {
    return isAcs3(request) ? verifyAcs3(request) : verifyRpc(request);
  }

  private String verifyRpc(EmulatorRequest request) {
    Map<String, String> params = request.params();
    String signature = params.get(RpcV1Signature.SIGNATURE_PARAM);
    if (signature == null || signature.isEmpty()) {
      throw incomplete("the request carries no Signature parameter and no ACS3 Authorization header");
    }
    String method = params.getOrDefault("SignatureMethod", "");
    if (!method.equals(RpcV1Signature.METHOD)) {
      throw AlibabaApiError.invalid("InvalidSignatureMethod", "Specified signature method \"" + method
          + "\" is not supported; use " + RpcV1Signature.METHOD + ".");
    }
    String version = params.getOrDefault("SignatureVersion", "");
    if (!version.equals(RpcV1Signature.VERSION)) {
      throw AlibabaApiError.invalid("UnsupportedSignatureVersion", "Specified signature version \"" + version
          + "\" is not supported; use " + RpcV1Signature.VERSION + ".");
    }
    CredentialStore.Key key = key(params.get("AccessKeyId"));
    checkTime(params.get("Timestamp"), "Timestamp");
    String expected = RpcV1Signature.sign(request.method(), params, key.secret());
    if (!same(expected, signature)) {
      String detail = params.containsKey("SecurityToken") ? ""
          : " server string to sign is:" + RpcV1Signature.stringToSign(request.method(), params);
      throw AlibabaApiError.invalid("SignatureDoesNotMatch",
          "Specified signature is not matched with our calculation." + detail);
    }
    checkToken(key, Optional.ofNullable(params.get("SecurityToken")));
    checkNonce(key.accessKeyId(), params.get("SignatureNonce"), "SignatureNonce");
    return key.accessKeyId();
  }

  private String verifyAcs3(EmulatorRequest request) {
    String authorization = request.header("authorization").orElseThrow();
    int space = authorization.indexOf(' ');
    String algorithm = space < 0 ? authorization : authorization.substring(0, space);
    if (!algorithm.equals(Acs3Signature.ALGORITHM)) {
      throw AlibabaApiError.invalid("InvalidSignatureMethod", "Specified signature algorithm \"" + algorithm
          + "\" is not supported; use " + Acs3Signature.ALGORITHM + ".");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : authorization.substring(space + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    String credential = fields.get("Credential");
    String signedHeaders = fields.get("SignedHeaders");
    String signature = fields.get("Signature");
    if (credential == null || signedHeaders == null || signature == null) {
      throw incomplete("the Authorization header needs Credential, SignedHeaders and Signature");
    }
    CredentialStore.Key key = key(credential);
    checkTime(request.header("x-acs-date").orElse(null), "x-acs-date");
    String payloadHash = request.header("x-acs-content-sha256").orElseThrow(() ->
        incomplete("the x-acs-content-sha256 header is missing"));
    if (!payloadHash.equalsIgnoreCase(Acs3Signature.sha256Hex(request.body()))) {
      throw AlibabaApiError.invalid("SignatureDoesNotMatch",
          "Specified signature is not matched with our calculation: x-acs-content-sha256 is not the SHA-256 of the"
              + " request body.");
    }
    List<String> names = new ArrayList<>();
    for (String h : signedHeaders.split(";")) {
      if (!h.isBlank()) {
        names.add(h.trim().toLowerCase(Locale.ROOT));
      }
    }
    Map<String, String> headers = new TreeMap<>();
    request.headers().forEach((name, values) -> {
      List<String> sorted = new ArrayList<>(values);
      sorted.replaceAll(String::strip);
      sorted.sort(null);
      headers.put(name, String.join(",", sorted));
    });
    for (String h : names) {
      if (!headers.containsKey(h)) {
        throw incomplete("the signed header " + h + " is not in the request");
      }
    }
    Map<String, String> query = new TreeMap<>();
    request.query().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
    String canonical = Acs3Signature.canonicalRequest(request.method(), request.path(), query, headers, payloadHash,
        names);
    String expected = Acs3Signature.signature(key.secret(), canonical);
    if (!same(expected, signature.toLowerCase(Locale.ROOT))) {
      String detail = names.contains("x-acs-security-token") ? ""
          : " server canonical request is:" + canonical.replace("\n", "\\n");
      throw AlibabaApiError.invalid("SignatureDoesNotMatch",
          "Specified signature is not matched with our calculation." + detail);
    }
    Optional<String> token = request.header("x-acs-security-token");
    if (token.isPresent() && !names.contains("x-acs-security-token")) {
      throw incomplete("the x-acs-security-token header must be signed");
    }
    checkToken(key, token.or(() -> Optional.ofNullable(request.params().get("SecurityToken"))));
    checkNonce(key.accessKeyId(), request.header("x-acs-signature-nonce").orElse(null), "x-acs-signature-nonce");
    return key.accessKeyId();
  }

  private CredentialStore.Key key(String accessKeyId) {
    if (accessKeyId == null || accessKeyId.isEmpty()) {
      throw AlibabaApiError.invalid("MissingAccessKeyId", "AccessKeyId is mandatory for this action.");
    }
    return credentials.find(accessKeyId).orElseThrow(() ->
        AlibabaApiError.notFound("InvalidAccessKeyId.NotFound", "Specified access key is not found."));
  }

  private void checkTime(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw AlibabaApiError.invalid("MissingTimestamp", name + " is mandatory for this action.");
    }
    Instant at;
    try {
      at = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw AlibabaApiError.invalid("InvalidTimeStamp.Format", "Specified time stamp or date value is not well"
          + " formatted: " + name + " must look like 2006-01-02T15:04:05Z.");
    }
    Duration skew = Duration.between(clock.instant(), at).abs();
    if (skew.compareTo(SKEW) > 0) {
      throw AlibabaApiError.invalid("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired: "
          + name + " " + value + " is more than 15 minutes away from the server time.");
    }
  }

  private void checkToken(CredentialStore.Key key, Optional<String> token) {
    if (key.sts().isEmpty()) {
      return;
    }
    CredentialStore.StsCredentials sts = key.sts().get();
    if (token.isEmpty() || token.get().isEmpty()) {
      throw AlibabaApiError.invalid("InvalidSecurityToken.MismatchWithAccessKey",
          "Specified SecurityToken mismatch with the AccessKey: STS credentials need their SecurityToken.");
    }
    if (!same(sts.securityToken(), token.get())) {
      throw AlibabaApiError.invalid("InvalidSecurityToken.MismatchWithAccessKey",
          "Specified SecurityToken mismatch with the AccessKey.");
    }
    if (!clock.instant().isBefore(sts.expiration())) {
      throw AlibabaApiError.invalid("InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
    }
  }

  private void checkNonce(String accessKeyId, String nonce, String name) {
    if (nonce == null || nonce.isEmpty()) {
      throw AlibabaApiError.invalid("MissingSignatureNonce", name + " is mandatory for this action.");
    }
    Instant now = clock.instant();
    synchronized (nonces) {
      // a nonce only needs remembering while its timestamp could still pass the window check
      for (Iterator<Instant> it = nonces.values().iterator(); it.hasNext();) {
        Instant seen = it.next();
        if (nonces.size() > MAX_NONCES || seen.isBefore(now.minus(SKEW.multipliedBy(2)))) {
          it.remove();
        } else {
          break;
        }
      }
      if (nonces.putIfAbsent(accessKeyId + "\n" + nonce, now) != null) {
        throw AlibabaApiError.invalid("SignatureNonceUsed", "Specified signature nonce was used already.");
      }
    }
  }

  private static AlibabaApiError incomplete(String why) {
    return AlibabaApiError.invalid("IncompleteSignature",
        "The request signature does not conform to Aliyun standards: " + why + ".");
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
