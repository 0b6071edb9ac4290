package dev.ccm4j.provider.alibaba.sign;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Alibaba's V3 signature, {@code ACS3-HMAC-SHA256}, as the current official SDKs send it.
 *
 * <p>The canonical request is the method, the canonical URI, the canonical query, the signed headers as
 * {@code name:value} lines, the {@code ;}-joined signed header names and the hex SHA-256 of the body, joined with
 * {@code \n}. The string to sign is {@code ACS3-HMAC-SHA256\n<hex sha256 of the canonical request>} and the
 * signature its hex HMAC-SHA256 keyed with the access key secret.
 */
public final class Acs3Signature {
  /** The algorithm name, first token of the {@code Authorization} header. */
  public static final String ALGORITHM = "ACS3-HMAC-SHA256";
  /** The hex SHA-256 of an empty body. */
  public static final String EMPTY_PAYLOAD_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private Acs3Signature() {}

  /**
   * Builds the canonical request.
   *
   * @param method the HTTP method
   * @param path the decoded request path ({@code /} when empty); each segment is percent-encoded
   * @param query the decoded query parameters; names and values are percent-encoded, sorted by name, an empty
   *     value gives {@code name=}
   * @param headers the request headers, any case; only those named in {@code signedHeaders} are used, with names
   *     lower-cased and values trimmed
   * @param payloadHashHex the hex SHA-256 of the body ({@link #EMPTY_PAYLOAD_SHA256} for none)
   * @param signedHeaders the lower-case names of the signed headers, e.g. from {@link #signedHeaders(Map)}
   * @return the canonical request
   * @throws IllegalArgumentException if a signed header is missing from {@code headers}
   */
  public static String canonicalRequest(String method, String path, Map<String, String> query,
      Map<String, String> headers, String payloadHashHex, List<String> signedHeaders) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(payloadHashHex, "payloadHashHex");
    Objects.requireNonNull(signedHeaders, "signedHeaders");
    Map<String, String> lower = lowerCaseNames(headers);
    List<String> names = new ArrayList<>();
    for (String h : signedHeaders) {
      names.add(h.toLowerCase(Locale.ROOT).strip());
    }
    names.sort(null);
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : names) {
      String value = lower.get(name);
      if (value == null) {
        throw new IllegalArgumentException("signed header " + name + " is not present in the request");
      }
      canonicalHeaders.append(name).append(':').append(value.strip()).append('\n');
    }
    return method.toUpperCase(Locale.ROOT) + "\n"
        + canonicalUri(path) + "\n"
        + canonicalQuery(query) + "\n"
        + canonicalHeaders + "\n"
        + String.join(";", names) + "\n"
        + payloadHashHex.toLowerCase(Locale.ROOT);
  }

  /**
   * The canonical query of the V3 signature: names sorted, {@code name=value} percent-encoded, joined with
   * {@code &}. Clients put exactly this on the wire.
   *
   * @param query the decoded query parameters
   * @return the canonical query, empty when there are none
   */
  public static String canonicalQuery(Map<String, String> query) {
    StringJoiner out = new StringJoiner("&");
    for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
      out.add(Percent.encode(e.getKey()) + "=" + Percent.encode(e.getValue()));
    }
    return out.toString();
  }

  private static String canonicalUri(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    StringJoiner out = new StringJoiner("/");
    // limit -1 keeps a trailing slash
    for (String segment : path.split("/", -1)) {
      out.add(Percent.encode(segment));
    }
    String uri = out.toString();
    return uri.startsWith("/") ? uri : "/" + uri;
  }

  private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
    Map<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT).strip(), v == null ? "" : v));
    return lower;
  }

  /**
   * The string to sign: the algorithm, a newline, and the hex SHA-256 of the canonical request.
   *
   * @param canonicalRequest from {@link #canonicalRequest}
   * @return the string to sign
   */
  public static String stringToSign(String canonicalRequest) {
    Objects.requireNonNull(canonicalRequest, "canonicalRequest");
    return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Computes the signature of a canonical request.
   *
   * @param secret the access key secret
   * @param canonicalRequest from {@link #canonicalRequest}
   * @return the lower-case hex HMAC-SHA256 of the string to sign
   */
  public static String signature(String secret, String canonicalRequest) {
    Objects.requireNonNull(secret, "secret");
    return HexFormat.of().formatHex(Hmac.mac("HmacSHA256", secret, stringToSign(canonicalRequest)));
  }

  /**
   * The {@code Authorization} header value; no spaces after the commas, as Alibaba sends it.
   *
   * @param accessKeyId the access key id
   * @param signedHeaders the lower-case signed header names
   * @param signatureHex from {@link #signature}
   * @return {@code ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..}
   */
  public static String authorization(String accessKeyId, List<String> signedHeaders, String signatureHex) {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(signatureHex, "signatureHex");
    List<String> names = new ArrayList<>();
    for (String h : signedHeaders) {
      names.add(h.toLowerCase(Locale.ROOT).strip());
    }
    names.sort(null);
    return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + String.join(";", names)
        + ",Signature=" + signatureHex;
  }

  /**
   * The hex SHA-256 of some bytes, as {@code x-acs-content-sha256} carries it.
   *
   * @param data the bytes, e.g. the request body
   * @return the lower-case hex digest
   */
  public static String sha256Hex(byte[] data) {
    return Hmac.sha256Hex(Objects.requireNonNull(data, "data"));
  }

  /**
   * The headers a V3 signature covers: {@code host}, {@code content-type} and every {@code x-acs-*} header present.
   *
   * @param headers the request headers, any case
   * @return their lower-case names, sorted
   */
  public static List<String> signedHeaders(Map<String, String> headers) {
    List<String> out = new ArrayList<>();
    for (String name : lowerCaseNames(headers).keySet()) {
      if (name.equals("host") || name.equals("content-type") || name.startsWith("x-acs-")) {
        out.add(name);
      }
    }
    return out;
  }
}
