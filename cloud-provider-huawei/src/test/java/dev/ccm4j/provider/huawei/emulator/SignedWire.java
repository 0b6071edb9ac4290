package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.provider.huawei.sign.SdkHmacSha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A raw, signing HTTP client of the Huawei emulator: signs each request with {@link SdkHmacSha256} the way the
 * official Java SDK does ({@code host;user-agent;x-project-id;x-sdk-date}, plus {@code x-security-token}), and lets a
 * test change any part of it (signed set, date, secret, what is actually sent) to see what the emulator rejects.
 */
final class SignedWire {
  private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String projectId;
  private final Clock clock;
  private String access;
  private String secret;
  private String token;

  SignedWire(HuaweiEmulator cloud, Clock clock) {
    this(cloud.endpoint(), cloud.accessKey(), cloud.secretKey(), cloud.projectId(), clock);
  }

  SignedWire(URI endpoint, String access, String secret, String projectId, Clock clock) {
    this.endpoint = endpoint;
    this.access = access;
    this.secret = secret;
    this.projectId = projectId;
    this.clock = clock;
  }

  /** Talks HTTPS trusting this context. */
  SignedWire tls(javax.net.ssl.SSLContext context) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(context).build();
    return this;
  }

  /** Switches to temporary credentials. */
  SignedWire temporary(String access, String secret, String token) {
    this.access = access;
    this.secret = secret;
    this.token = token;
    return this;
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

  Request request(String method, String pathAndQuery) {
    return new Request(method, pathAndQuery);
  }

  Answer get(String pathAndQuery) {
    return request("GET", pathAndQuery).send();
  }

  Answer post(String pathAndQuery, JsonObject body) {
    return request("POST", pathAndQuery).body(body).send();
  }

  Answer put(String pathAndQuery, JsonObject body) {
    return request("PUT", pathAndQuery).body(body).send();
  }

  Answer delete(String pathAndQuery) {
    return request("DELETE", pathAndQuery).send();
  }

  /** The project path prefix, e.g. {@code /v1/<project>}. */
  String p(String version) {
    return "/" + version + "/" + projectId;
  }

  /** One request being prepared. */
  final class Request {
    private final String method;
    private final String pathAndQuery;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Set<String> signed = new LinkedHashSet<>(List.of("host", "user-agent", "x-project-id",
        "x-sdk-date"));
    private byte[] body = new byte[0];
    private Instant date;
    private String secretOverride;
    private String sentPathAndQuery;
    private boolean authorize = true;
    private byte[] sentBody;
    private final Map<String, String> afterSigning = new LinkedHashMap<>();

    private Request(String method, String pathAndQuery) {
      this.method = method;
      this.pathAndQuery = pathAndQuery;
      headers.put("user-agent", "huaweicloud-usdk-java/3.0");
      headers.put("x-project-id", projectId);
    }

    Request body(JsonObject json) {
      this.body = json.toString().getBytes(StandardCharsets.UTF_8);
      headers.put("content-type", "application/json");
      return this;
    }

    Request header(String name, String value) {
      if (value == null) {
        headers.remove(name.toLowerCase(Locale.ROOT));
      } else {
        headers.put(name.toLowerCase(Locale.ROOT), value);
      }
      return this;
    }

    /** Signs exactly these headers (lower-case names). */
    Request signed(String... names) {
      signed.clear();
      signed.addAll(List.of(names));
      return this;
    }

    Request alsoSign(String name) {
      signed.add(name);
      return this;
    }

    Request date(Instant at) {
      this.date = at;
      return this;
    }

    Request secret(String sk) {
      this.secretOverride = sk;
      return this;
    }

    /** Sends another path and query than the one signed. */
    Request send(String actualPathAndQuery) {
      this.sentPathAndQuery = actualPathAndQuery;
      return this;
    }

    /** Sends another body than the one signed. */
    Request sendBody(JsonObject other) {
      this.sentBody = other.toString().getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** Changes (or with null removes) a header after the signature was computed. */
    Request tamperHeader(String name, String value) {
      afterSigning.put(name.toLowerCase(Locale.ROOT), value);
      return this;
    }

    Request unsigned() {
      this.authorize = false;
      return this;
    }

    Answer send() {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put("x-sdk-date", SdkHmacSha256.DATE.format(date != null ? date : clock.instant()));
      if (token != null) {
        h.put("x-security-token", token);
        signed.add("x-security-token");
      }
      if (authorize) {
        h.put("authorization", authorization(h));
      }
      afterSigning.forEach((k, v) -> {
        if (v == null) {
          h.remove(k);
        } else {
          h.put(k, v);
        }
      });
      String target = sentPathAndQuery != null ? sentPathAndQuery : pathAndQuery;
      byte[] sent = sentBody != null ? sentBody : body;
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + target)).timeout(Duration.ofSeconds(10))
          .method(method, sent.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(sent));
      h.forEach(b::header);
      try {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private String authorization(Map<String, String> h) {
      int q = pathAndQuery.indexOf('?');
      String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
      String rawQuery = q < 0 ? "" : pathAndQuery.substring(q + 1);
      Map<String, List<String>> query = new LinkedHashMap<>();
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
      TreeMap<String, String> signedHeaders = new TreeMap<>();
      for (String name : signed) {
        String value = name.equals("host") ? endpoint.getAuthority() : h.get(name);
        if (value != null) {
          signedHeaders.put(name, value);
        }
      }
      String payload = h.containsKey("x-sdk-content-sha256") ? h.get("x-sdk-content-sha256")
          : SdkHmacSha256.sha256Hex(body);
      String canonical = SdkHmacSha256.canonicalRequest(method, path, query, signedHeaders, payload);
      String sig = SdkHmacSha256.signature(secretOverride != null ? secretOverride : secret,
          SdkHmacSha256.stringToSign(h.get("x-sdk-date"), canonical));
      return SdkHmacSha256.authorization(access, signedHeaders.keySet(), sig);
    }
  }
}
