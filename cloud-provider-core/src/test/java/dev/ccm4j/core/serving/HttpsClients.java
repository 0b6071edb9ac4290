package dev.ccm4j.core.serving;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** HTTPS clients that trust exactly one certificate, and request shorthands. */
public final class HttpsClients {
  private HttpsClients() {}

  public static HttpClient trusting(X509Certificate certificate, String... protocols) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .sslContext(trustingContext(certificate))
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30));
    if (protocols.length > 0) {
      builder.sslParameters(new SSLParameters(null, protocols));
    }
    return builder.build();
  }

  /** A TLS context that trusts exactly this certificate, for raw sockets and HTTP clients alike. */
  static SSLContext trustingContext(X509Certificate certificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server", certificate);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> send(HttpClient client, String method, String url, String token)
      throws IOException, InterruptedException {
    return send(client, method, url, token, Duration.ofSeconds(30));
  }

  static HttpResponse<String> send(HttpClient client, String method, String url, String token, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
    return send(client, "GET", url, null);
  }
}
