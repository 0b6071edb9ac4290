package dev.ccm4j.kubeapi;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain HTTP client for asserting the emulator's wire behaviour. */
final class RawClient {
  private final HttpClient http;
  private final String base;
  private final String token;

  RawClient(String base, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  RawClient(KubeApiServer server) {
    this(server, server.bearerToken());
  }

  /** A client of the server that trusts its CA (for HTTPS) and sends {@code token} (null for none). */
  RawClient(KubeApiServer server, String token) {
    this.base = server.url();
    this.token = token;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!server.caCertificatePem().isEmpty()) {
      b.sslContext(trusting(server.caCertificatePem()));
    }
    this.http = b.build();
  }

  private static javax.net.ssl.SSLContext trusting(String pem) {
    try {
      java.security.cert.Certificate ca = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A response: code, headers and body. */
  record Response(int code, String body, HttpResponse<String> raw) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  Response send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response get(String path) {
    return send("GET", path, null, null);
  }

  Response post(String path, String json) {
    return send("POST", path, "application/json", json);
  }

  Response put(String path, String json) {
    return send("PUT", path, "application/json", json);
  }

  Response delete(String path, String json) {
    return send("DELETE", path, json == null ? null : "application/json", json);
  }

  /** Opens a watch and collects its lines in the background. */
  Watch watch(String pathAndQuery) {
    return watch(pathAndQuery, new java.util.concurrent.CountDownLatch(0));
  }

  /** Opens a watch whose reader starts only when {@code go} opens, so the server sees a client that does not read. */
  Watch watch(String pathAndQuery, java.util.concurrent.CountDownLatch go) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Watch(r, go);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An open watch stream; {@link #next()} returns events, {@code END} marks the end of the stream. */
  static final class Watch implements AutoCloseable {
    static final JsonObject END = new JsonObject();
    final int code;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final InputStream in;

    Watch(HttpResponse<InputStream> response, java.util.concurrent.CountDownLatch go) {
      this.code = response.statusCode();
      this.in = response.body();
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            events.add(JsonParser.parseString(line).getAsJsonObject());
          }
        } catch (IOException e) {
          // closed by the test
        } finally {
          events.add(END);
        }
      }, "test-watch-reader");
      t.setDaemon(true);
      t.start();
    }

    /** The next event (waiting up to 20 s); fails the test when none comes. */
    JsonObject next() throws InterruptedException {
      JsonObject e = events.poll(20, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("no watch event within 20 s");
      }
      return e;
    }

    /** The next event that is not a BOOKMARK. */
    JsonObject nextNonBookmark() throws InterruptedException {
      JsonObject e;
      do {
        e = next();
      } while (e != END && "BOOKMARK".equals(e.get("type").getAsString()));
      return e;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
