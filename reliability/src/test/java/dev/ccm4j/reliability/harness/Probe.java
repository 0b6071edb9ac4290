package dev.ccm4j.reliability.harness;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A probe of a CCM's serving port as a kubelet's HTTPS probe makes it: one GET on a new connection, a timeout, and
 * any answer recorded (status, body, time) rather than thrown, so a scenario can watch what the endpoints say during
 * a fault.
 */
public final class Probe {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .sslContext(trustAll()).connectTimeout(Duration.ofSeconds(5)).build();

  private Probe() {}

  /**
   * One probe's answer.
   *
   * @param status the HTTP status, or -1 when there was none (the failure is then the body)
   * @param body the body
   * @param millis how long it took
   */
  public record Answer(int status, String body, long millis) {
    /**
     * Whether the endpoint answered 200.
     *
     * @return true for 200
     */
    public boolean ok() {
      return status == 200;
    }
  }

  /**
   * GETs a path on {@code https://127.0.0.1:<port>}.
   *
   * @param port the serving port
   * @param path e.g. {@code /readyz?verbose}
   * @param timeout the request's timeout
   * @return the answer
   */
  public static Answer get(int port, String path, Duration timeout) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
          .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      return new Answer(-1, e.toString(), (System.nanoTime() - t0) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "interrupted", (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /**
   * A TLS context trusting any server: the CCM serves a self-signed certificate, and the scenarios check behaviour,
   * not identity.
   *
   * @return the context
   */
  public static SSLContext trustAll() {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
          // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
          // self-signed on purpose
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
          // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
          // self-signed on purpose, no host name check
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
          // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
          // self-signed on purpose, no host name check
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return c;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
