package dev.ccm4j.provider.huawei.sign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Huawei Cloud's AK/SK signature, {@code SDK-HMAC-SHA256}, as the official SDKs and API gateway compute it.
 *
 * <p>The canonical request is the method, the canonical URI (every path segment escaped, always ending in
 * {@code /}), the canonical query (names sorted, the values of one name sorted, {@code name=value} joined with
 * {@code &}), the signed headers as {@code name:value} lines followed by a newline, the {@code ;}-joined signed
 * header names and the hex SHA-256 of the payload, joined with {@code \n}. The string to sign is
 * {@code SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of the canonical request>}, and the signature its hex
 * HMAC-SHA256 keyed with the secret key.
 */
public final class SdkHmacSha256 {
  /** The algorithm name, first token of the {@code Authorization} header. */
  public static final String ALGORITHM = "SDK-HMAC-SHA256";
  /** The {@code X-Sdk-Date} format, {@code yyyyMMdd'T'HHmmss'Z'} in UTC. */
  public static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final HexFormat HEX = HexFormat.of();
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "^\\s*" + Pattern.quote(ALGORITHM)
          + "\\s+Access=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*$");

  private SdkHmacSha256() {}

  /**
   * A parsed {@code Authorization} header.
   *
   * @param access the access key
   * @param signedHeaders the signed header names, in the order sent
   * @param signature the hex signature
   */
  public record Authorization(String access, List<String> signedHeaders, String signature) {
    /** Copies the header list. */
    public Authorization {
      Objects.requireNonNull(access, "access");
      signedHeaders = List.copyOf(signedHeaders);
      Objects.requireNonNull(signature, "signature");
    }
  }

  /**
   * Builds the canonical request.
   *
   * @param method the HTTP method
   * @param rawPath the request path as sent on the wire (percent-encoded or not); every segment is decoded and
   *     escaped again, and a final {@code /} is added when missing
   * @param decodedQuery the decoded query parameters, each name with its values (an empty value gives
   *     {@code name=})
   * @param signedHeaders the signed headers, lower-case name to value; values are trimmed
   * @param payloadSha256Hex the hex SHA-256 of the body, or the {@code X-Sdk-Content-Sha256} header value
   * @return the canonical request
   */
  public static String canonicalRequest(String method, String rawPath, Map<String, List<String>> decodedQuery,
      SortedMap<String, String> signedHeaders, String payloadSha256Hex) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(decodedQuery, "decodedQuery");
    Objects.requireNonNull(signedHeaders, "signedHeaders");
    Objects.requireNonNull(payloadSha256Hex, "payloadSha256Hex");
    // re-sort by lower-case name in case the caller's map has another comparator or mixed case
    TreeMap<String, String> headers = new TreeMap<>();
    signedHeaders.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT).strip(), v == null ? "" : v));
    StringBuilder canonicalHeaders = new StringBuilder();
    headers.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v.strip()).append('\n'));
    return method.toUpperCase(Locale.ROOT) + "\n"
        + canonicalUri(rawPath) + "\n"
        + canonicalQuery(decodedQuery) + "\n"
        + canonicalHeaders + "\n"
        + String.join(";", headers.keySet()) + "\n"
        + payloadSha256Hex;
  }

  private static String canonicalUri(String rawPath) {
    String path = rawPath == null ? "" : rawPath;
    StringJoiner out = new StringJoiner("/");
    // limit -1 keeps empty segments, so a leading and a trailing slash survive
    for (String segment : path.split("/", -1)) {
      out.add(escape(percentDecode(segment)));
    }
    String uri = out.toString();
    if (!uri.startsWith("/")) {
      uri = "/" + uri;
    }
    return uri.endsWith("/") ? uri : uri + "/";
  }

  private static String canonicalQuery(Map<String, List<String>> query) {
    StringJoiner out = new StringJoiner("&");
    for (Map.Entry<String, List<String>> e : new TreeMap<>(query).entrySet()) {
      String name = escape(e.getKey());
      List<String> values = new ArrayList<>();
      for (String v : e.getValue()) {
        values.add(v == null ? "" : v);
      }
      values.sort(null);
      for (String v : values) {
        out.add(name + "=" + escape(v));
      }
    }
    return out.toString();
  }

  /**
   * The string to sign.
   *
   * @param sdkDate the {@code X-Sdk-Date} header value
   * @param canonicalRequest from {@link #canonicalRequest}
   * @return {@code SDK-HMAC-SHA256\n<sdkDate>\n<hex sha256 of the canonical request>}
   */
  public static String stringToSign(String sdkDate, String canonicalRequest) {
    Objects.requireNonNull(sdkDate, "sdkDate");
    Objects.requireNonNull(canonicalRequest, "canonicalRequest");
    return ALGORITHM + "\n" + sdkDate + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Signs a string to sign.
   *
   * @param secretKey the secret key
   * @param stringToSign from {@link #stringToSign}
   * @return the lower-case hex HMAC-SHA256
   */
  public static String signature(String secretKey, String stringToSign) {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(stringToSign, "stringToSign");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * The {@code Authorization} header value, with a space after each comma as Huawei sends it.
   *
   * @param accessKey the access key
   * @param signedHeaderNames the signed header names (any case, any order)
   * @param signature from {@link #signature}
   * @return {@code SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<h1;h2>, Signature=<hex>}
   */
  public static String authorization(String accessKey, Collection<String> signedHeaderNames, String signature) {
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(signature, "signature");
    List<String> names = new ArrayList<>();
    for (String h : signedHeaderNames) {
      names.add(h.toLowerCase(Locale.ROOT).strip());
    }
    names.sort(null);
    return ALGORITHM + " Access=" + accessKey + ", SignedHeaders=" + String.join(";", names)
        + ", Signature=" + signature;
  }

  /**
   * Parses an {@code Authorization} header; spaces around the commas are optional.
   *
   * @param header the header value, may be {@code null}
   * @return the parts, or empty when the header is missing or not an {@code SDK-HMAC-SHA256} one
   */
  public static Optional<Authorization> parseAuthorization(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = AUTHORIZATION.matcher(header);
    if (!m.matches()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    for (String h : m.group(2).split(";")) {
      if (!h.isEmpty()) {
        names.add(h.toLowerCase(Locale.ROOT));
      }
    }
    return Optional.of(new Authorization(m.group(1), names, m.group(3)));
  }

  /**
   * Escapes a path segment, query name or value: {@code A-Z a-z 0-9 _ - ~ .} stay literal, every other UTF-8
   * byte becomes {@code %XX} with upper-case hex.
   *
   * @param s the decoded text
   * @return the escaped text
   */
  public static String escape(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '~' || c == '.') {
        out.append((char) c);
      } else {
        out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /**
   * The hex SHA-256 of a payload.
   *
   * @param payload the bytes (empty for no body)
   * @return the lower-case hex digest
   */
  public static String sha256Hex(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  // only well-formed %XX sequences are decoded, so a path given already decoded passes through unchanged
  private static String percentDecode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
    byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
        out.write((Character.digit(bytes[i + 1], 16) << 4) | Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
