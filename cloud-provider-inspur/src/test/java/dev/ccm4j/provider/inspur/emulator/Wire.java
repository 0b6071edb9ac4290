package dev.ccm4j.provider.inspur.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLContext;

/**
 * A raw HTTP client for the emulator's wire API, sending exactly what the test says (so it can also send what a
 * broken client sends, such as an unencoded form body).
 */
final class Wire {
  static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

  private final HttpClient http;
  private final InspurEmulator cloud;

  Wire(InspurEmulator cloud) {
    this(cloud, null);
  }

  Wire(InspurEmulator cloud, SSLContext tls) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
    this.cloud = cloud;
  }

  /** An answer: status, headers, body text and its JSON. */
  record Answer(int status, HttpResponse<String> raw) {
    String body() {
      return raw.body();
    }

    JsonElement json() {
      return JsonParser.parseString(raw.body());
    }

    JsonObject object() {
      return json().getAsJsonObject();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** The token-exchange form the Inspur CCM sends, with this emulator's client, properly encoded. */
  Map<String, String> exchangeForm() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", EXCHANGE);
    form.put("client_id", cloud.clientId());
    form.put("client_secret", cloud.clientSecret());
    form.put("request_token_type", "urn:ietf:params:oauth:token-type:refresh_token");
    form.put("requested_subject", cloud.requestedSubject());
    form.put("audience", "console");
    return form;
  }

  static String encode(Map<String, String> form) {
    StringJoiner out = new StringJoiner("&");
    form.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  Answer tokenRequest(String rawBody) {
    return send(HttpRequest.newBuilder(URI.create(cloud.keycloakUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(rawBody)));
  }

  Answer token(Map<String, String> form) {
    return tokenRequest(encode(form));
  }

  /** A fresh access token. */
  String accessToken() {
    Answer a = token(exchangeForm());
    if (a.status() != 200) {
      throw new AssertionError("token request failed: " + a.status() + " " + a.body());
    }
    return a.object().get("access_token").getAsString();
  }

  /**
   * An SLB call.
   *
   * @param method the method
   * @param pathAndQuery relative to {@code slbUrl-pre}, e.g. {@code /slb-1/listeners/}, or {@code ?slbId=x}
   * @param token the bearer token, or null for none
   * @param json the JSON body, or null
   */
  Answer slb(String method, String pathAndQuery, String token, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud.slbUrl() + pathAndQuery))
        .header("Date", "Mon, 07 Dec 2026 03:00:00 UTC");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.header("Content-Type", "text/plain").method(method, HttpRequest.BodyPublishers.noBody());
    }
    return send(b);
  }

  Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
