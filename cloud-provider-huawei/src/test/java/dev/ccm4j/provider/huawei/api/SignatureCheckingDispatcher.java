package dev.ccm4j.provider.huawei.api;

import dev.ccm4j.provider.huawei.sign.SdkHmacSha256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A MockWebServer dispatcher that checks each request's SDK-HMAC-SHA256 signature as the API gateway does (rebuilt
 * from the client's SignedHeaders) and answers from routes keyed by {@code METHOD path}. A bad signature gets 401
 * {@code APIGW.0301}; an unknown route 404 {@code APIGW.0101}.
 */
final class SignatureCheckingDispatcher extends Dispatcher {
  /** Secret key per access key. */
  final Map<String, String> secrets = new ConcurrentHashMap<>();
  /** Security token a temporary access key must send. */
  final Map<String, String> tokens = new ConcurrentHashMap<>();
  final Map<String, Function<RecordedRequest, MockResponse>> routes = new ConcurrentHashMap<>();
  final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
  final List<String> rejected = new CopyOnWriteArrayList<>();

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", "req-" + status).body(body).build();
  }

  void route(String key, MockResponse response) {
    routes.put(key, r -> response);
  }

  List<RecordedRequest> requests(String key) {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : seen) {
      if ((r.getMethod() + " " + r.getUrl().encodedPath()).equals(key)) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String key = request.getMethod() + " " + request.getUrl().encodedPath();
    Function<RecordedRequest, MockResponse> route = routes.get(key);
    if (route != null && key.startsWith("GET /openstack/")) {
      seen.add(request);
      return route.apply(request);
    }
    Optional<String> problem = verify(request);
    seen.add(request);
    if (problem.isPresent()) {
      rejected.add(key + ": " + problem.get());
      return json(401, "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information: "
          + problem.get() + "\",\"request_id\":\"sig\"}");
    }
    if (route == null) {
      return json(404, "{\"error_code\":\"APIGW.0101\",\"error_msg\":\"The API does not exist\"}");
    }
    return route.apply(request);
  }

  private Optional<String> verify(RecordedRequest request) {
    Optional<SdkHmacSha256.Authorization> auth =
        SdkHmacSha256.parseAuthorization(request.getHeaders().get("Authorization"));
    if (auth.isEmpty()) {
      return Optional.of("no Authorization");
    }
    String secret = secrets.get(auth.get().access());
    if (secret == null) {
      return Optional.of("unknown access key");
    }
    String token = tokens.get(auth.get().access());
    if (token != null && !token.equals(request.getHeaders().get("X-Security-Token"))) {
      return Optional.of("security token mismatch");
    }
    String date = request.getHeaders().get("X-Sdk-Date");
    if (date == null) {
      return Optional.of("no X-Sdk-Date");
    }
    TreeMap<String, String> signed = new TreeMap<>();
    for (String name : auth.get().signedHeaders()) {
      String v = request.getHeaders().get(name);
      if (v == null) {
        return Optional.of("signed header " + name + " missing");
      }
      signed.put(name, v);
    }
    HttpUrl url = request.getUrl();
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String n : url.queryParameterNames()) {
      List<String> vs = new ArrayList<>();
      for (String v : url.queryParameterValues(n)) {
        vs.add(v == null ? "" : v);
      }
      query.put(n, vs);
    }
    String canonical = SdkHmacSha256.canonicalRequest(request.getMethod(), url.encodedPath(), query, signed,
        SdkHmacSha256.sha256Hex(request.getBody() == null ? new byte[0] : request.getBody().toByteArray()));
    String expected = SdkHmacSha256.signature(secret, SdkHmacSha256.stringToSign(date, canonical));
    return expected.equals(auth.get().signature()) ? Optional.empty() : Optional.of("signature mismatch");
  }
}
