package dev.ccm4j.kubeapi.clients;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccm4j.kubeapi.KubeApiServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The emulator's API as a plain JSON client, for setting up what a test does not drive through the client under test
 * and for reading the stored state afterwards.
 */
final class EmulatorApi implements AutoCloseable {
  private final KubeApiServer server;
  private final HttpClient http;
  private volatile InputStream watchBody;

  /** A response's status and body. */
  record Response(int code, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  EmulatorApi(KubeApiServer server) {
    this.server = server;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!server.caCertificatePem().isEmpty()) {
      b.sslContext(trusting(server.caCertificatePem()));
    }
    this.http = b.build();
  }

  private static SSLContext trusting(String pem) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30));
    if (server.bearerToken() != null) {
      b.header("Authorization", "Bearer " + server.bearerToken());
    }
    return b;
  }

  Response get(String path) {
    return send(request(path).GET().build());
  }

  /** GETs an object that must exist. */
  JsonObject object(String path) {
    Response r = get(path);
    if (r.code() != 200) {
      throw new AssertionError("GET " + path + ": " + r.code() + " " + r.body());
    }
    return r.json();
  }

  /** POSTs JSON and insists on 201 (or 200), so a test's setup fails loudly. */
  JsonObject create(String path, String json) {
    Response r = send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    if (r.code() != 201 && r.code() != 200) {
      throw new AssertionError("POST " + path + ": " + r.code() + " " + r.body());
    }
    return r.json();
  }

  private Response send(HttpRequest req) {
    try {
      HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
      return new Response(resp.statusCode(), resp.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Opens a watch and queues each event as it arrives; {@link #close()} ends it. */
  BlockingQueue<JsonObject> watch(String path) throws IOException, InterruptedException {
    HttpResponse<InputStream> resp = http.send(request(path).timeout(Duration.ofMinutes(5)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (resp.statusCode() != 200) {
      throw new AssertionError("watch " + path + ": " + resp.statusCode()
          + " " + new String(resp.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    watchBody = resp.body();
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(watchBody, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            JsonElement e = JsonParser.parseString(line);
            events.add(e.getAsJsonObject());
          }
        }
      } catch (IOException e) {
        // the watch was closed
      }
    }, "test-watch");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  @Override
  public void close() throws IOException {
    InputStream body = watchBody;
    if (body != null) {
      body.close();
    }
  }
}
