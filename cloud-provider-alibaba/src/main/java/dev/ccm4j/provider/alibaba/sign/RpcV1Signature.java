package dev.ccm4j.provider.alibaba.sign;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The classic Alibaba RPC signature: {@code SignatureMethod=HMAC-SHA1}, {@code SignatureVersion=1.0}, as the Go SDKs
 * and private deployments use it.
 *
 * <p>Every request parameter (query and form together) except {@code Signature} is sorted by name, percent-encoded
 * ({@link Percent}) into a canonical query, which is encoded a second time into
 * {@code METHOD&%2F&<encoded canonical query>}; the signature is the Base64 HMAC-SHA1 of that string keyed with the
 * access key secret followed by {@code &}.
 */
public final class RpcV1Signature {
  /** The value of the {@code SignatureMethod} parameter. */
  public static final String METHOD = "HMAC-SHA1";
  /** The value of the {@code SignatureVersion} parameter. */
  public static final String VERSION = "1.0";
  /** The parameter that carries the signature; never part of what is signed. */
  public static final String SIGNATURE_PARAM = "Signature";

  private RpcV1Signature() {}

  /**
   * The canonical query: parameters sorted by name, {@code Signature} left out, names and values percent-encoded,
   * joined with {@code &}. This is also what a client puts on the wire, so the server decodes exactly what was signed.
   *
   * @param params the request's parameters
   * @return the canonical query string
   */
  public static String canonicalQuery(Map<String, String> params) {
    Objects.requireNonNull(params, "params");
    StringJoiner out = new StringJoiner("&");
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      if (SIGNATURE_PARAM.equals(e.getKey())) {
        continue;
      }
      out.add(Percent.encode(e.getKey()) + "=" + Percent.encode(e.getValue()));
    }
    return out.toString();
  }

  /**
   * The string to sign: {@code METHOD&%2F&} followed by the percent-encoded canonical query.
   *
   * @param method the HTTP method, e.g. {@code GET} or {@code POST}
   * @param params the request's parameters
   * @return the string to sign
   */
  public static String stringToSign(String method, Map<String, String> params) {
    Objects.requireNonNull(method, "method");
    return method.toUpperCase(java.util.Locale.ROOT) + "&" + Percent.encode("/") + "&"
        + Percent.encode(canonicalQuery(params));
  }

  /**
   * Signs a request.
   *
   * @param method the HTTP method
   * @param params the request's parameters (a {@code Signature} entry is ignored)
   * @param secret the access key secret
   * @return the Base64 signature, not yet URL-encoded
   */
  public static String sign(String method, Map<String, String> params, String secret) {
    Objects.requireNonNull(secret, "secret");
    byte[] mac = Hmac.mac("HmacSHA1", secret + "&", stringToSign(method, params));
    return Base64.getEncoder().encodeToString(mac);
  }
}
