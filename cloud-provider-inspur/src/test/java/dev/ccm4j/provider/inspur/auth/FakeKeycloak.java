package dev.ccm4j.provider.inspur.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher playing a Keycloak token endpoint at {@code /token} (form-decoding the body as a real
 * server does) and one bearer-protected resource at {@code /slbs} that accepts only the latest token.
 */
final class FakeKeycloak extends Dispatcher {
  final AtomicInteger tokenRequests = new AtomicInteger();
  final AtomicInteger apiRequests = new AtomicInteger();
  volatile long expiresIn = 300;
  volatile String clientSecret;
  volatile Map<String, String> lastForm = Map.of();
  volatile String lastContentType = "";
  volatile CountDownLatch holdTokens;
  final CountDownLatch tokenArrived = new CountDownLatch(1);
  private volatile String latest = "";

  FakeKeycloak(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  /** Makes the server forget its tokens, as if they all expired on its side. */
  void revokeAll() {
    latest = "revoked";
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    if (path.equals("/token")) {
      tokenArrived.countDown();
      CountDownLatch hold = holdTokens;
      if (hold != null) {
        hold.await(5, TimeUnit.SECONDS);
      }
      int n = tokenRequests.incrementAndGet();
      lastContentType = String.valueOf(request.getHeaders().get("Content-Type"));
      Map<String, String> form = decode(request.getBody() == null ? "" : request.getBody().utf8());
      lastForm = form;
      if (!clientSecret.equals(form.get("client_secret"))) {
        return json(401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client or Invalid"
            + " client credentials\"}");
      }
      latest = "tok-" + n;
      return json(200, "{\"access_token\":\"" + latest + "\",\"expires_in\":" + expiresIn
          + ",\"refresh_expires_in\":1800,\"refresh_token\":\"rt-" + n + "\",\"token_type\":\"bearer\","
          + "\"not-before-policy\":0,\"session_state\":\"s\",\"scope\":\"profile\"}");
    }
    apiRequests.incrementAndGet();
    String auth = request.getHeaders().get("Authorization");
    if (auth == null || !auth.equals("Bearer " + latest)) {
      return json(401, "{\"code\":\"Unauthorized\",\"message\":\"token invalid or expired\"}");
    }
    return json(200, "[]");
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body)
        .build();
  }

  static Map<String, String> decode(String form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }
}
