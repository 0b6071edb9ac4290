package dev.ccm4j.provider.alibaba.emulator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.provider.alibaba.sign.Acs3Signature;
import dev.ccm4j.provider.alibaba.sign.Percent;
import dev.ccm4j.provider.alibaba.sign.RpcV1Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A test client that signs requests exactly as Alibaba's SDKs do, with the provider's {@code sign} classes, and
 * sends them with {@code java.net.http}; hooks let a test tamper with a request after it is signed.
 */
final class RpcClient {
  static final String ECS = "2014-05-26";
  static final String VPC = "2016-04-28";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  /** An answer: status, JSON body (empty object when not JSON) and the raw text. */
  record Answer(int status, JsonObject json, String text) {
    String code() {
      return json.has("Code") ? json.get("Code").getAsString() : "";
    }
  }

  private final HttpClient http;
  private final URI endpoint;
  private final Clock clock;
  private String accessKeyId;
  private String secret;
  private String securityToken;

  RpcClient(URI endpoint, String accessKeyId, String secret, Clock clock) {
    this(endpoint, accessKeyId, secret, clock, null);
  }

  RpcClient(URI endpoint, String accessKeyId, String secret, Clock clock, javax.net.ssl.SSLContext tls) {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
    this.endpoint = endpoint;
    this.accessKeyId = accessKeyId;
    this.secret = secret;
    this.clock = clock;
  }

  RpcClient credentials(String id, String keySecret, String token) {
    this.accessKeyId = id;
    this.secret = keySecret;
    this.securityToken = token;
    return this;
  }

  /** The common RPC parameters plus the call's own, signed. */
  Map<String, String> signedV1(String method, String action, String version, Map<String, String> params) {
    Map<String, String> all = new TreeMap<>(params);
    all.put("Action", action);
    all.put("Version", version);
    all.put("Format", "JSON");
    all.put("AccessKeyId", accessKeyId);
    all.put("SignatureMethod", RpcV1Signature.METHOD);
    all.put("SignatureVersion", RpcV1Signature.VERSION);
    all.put("SignatureNonce", UUID.randomUUID().toString().replace("-", ""));
    all.put("Timestamp", STAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    if (securityToken != null) {
      all.put("SecurityToken", securityToken);
    }
    all.putIfAbsent("RegionId", "cn-hangzhou");
    all.put("Signature", RpcV1Signature.sign(method, all, secret));
    return all;
  }

  /** A signed RPC call with every parameter in the query string. */
  Answer get(String action, String version, Map<String, String> params) {
    return sendV1("GET", signedV1("GET", action, version, params), false);
  }

  /** A signed RPC call as a POST with every parameter in the form body. */
  Answer postForm(String action, String version, Map<String, String> params) {
    return sendV1("POST", signedV1("POST", action, version, params), true);
  }

  Answer sendV1(String method, Map<String, String> params, boolean formBody) {
    String encoded = RpcV1Signature.canonicalQuery(params) + "&Signature="
        + Percent.encode(params.get("Signature"));
    HttpRequest.Builder b;
    if (formBody) {
      b = HttpRequest.newBuilder(endpoint.resolve("/"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(encoded));
    } else {
      b = HttpRequest.newBuilder(URI.create(endpoint + "/?" + encoded)).method(method,
          HttpRequest.BodyPublishers.noBody());
    }
    return send(b.timeout(Duration.ofSeconds(10)).build());
  }

  /** An ACS3-signed call: {@code POST /?query} with x-acs headers and an optional form body. */
  Answer acs3(String action, String version, Map<String, String> query, Map<String, String> form) {
    return acs3(action, version, query, form, h -> { }, null);
  }

  /**
   * An ACS3-signed call with tampering hooks.
   *
   * @param afterSign changes headers after the signature is computed
   * @param bodyOverride a body sent instead of the signed one, or null
   */
  Answer acs3(String action, String version, Map<String, String> query, Map<String, String> form,
      Consumer<Map<String, String>> afterSign, String bodyOverride) {
    String body = form.isEmpty() ? "" : Acs3Signature.canonicalQuery(form);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", endpoint.getHost() + ":" + endpoint.getPort());
    headers.put("x-acs-action", action);
    headers.put("x-acs-version", version);
    headers.put("x-acs-date", STAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    headers.put("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
    headers.put("x-acs-content-sha256", Acs3Signature.sha256Hex(bytes));
    if (!form.isEmpty()) {
      headers.put("content-type", "application/x-www-form-urlencoded");
    }
    if (securityToken != null) {
      headers.put("x-acs-security-token", securityToken);
    }
    List<String> signed = Acs3Signature.signedHeaders(headers);
    String canonical = Acs3Signature.canonicalRequest("POST", "/", query, headers, headers.get(
        "x-acs-content-sha256"), signed);
    headers.put("authorization", Acs3Signature.authorization(accessKeyId, signed,
        Acs3Signature.signature(secret, canonical)));
    afterSign.accept(headers);
    String q = Acs3Signature.canonicalQuery(query);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + "/" + (q.isEmpty() ? "" : "?" + q)))
        .POST(HttpRequest.BodyPublishers.ofString(bodyOverride != null ? bodyOverride : body))
        .timeout(Duration.ofSeconds(10));
    headers.forEach((k, v) -> {
      if (!k.equals("host")) {
        b.header(k, v);
      }
    });
    return send(b.build());
  }

  /** A raw request, e.g. to the metadata service. */
  HttpResponse<String> raw(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Answer send(HttpRequest request) {
    HttpResponse<String> r = raw(request);
    JsonObject json;
    try {
      json = JsonParser.parseString(r.body()).getAsJsonObject();
    } catch (RuntimeException e) {
      json = new JsonObject();
    }
    return new Answer(r.statusCode(), json, r.body());
  }
}
