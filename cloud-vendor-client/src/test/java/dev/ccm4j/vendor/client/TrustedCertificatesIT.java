package dev.ccm4j.vendor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccm4j.api.CloudProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A private cloud's own CA: trusted when configured, TLS verification (chain and host name) never off. */
class TrustedCertificatesIT {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  static Path dir;
  // Pre-made with keytool (see src/test/resources/tls/README.md): generating keys per run costs seconds.
  private static final Path GOOD_KEYSTORE = resource("good.p12");
  private static final Path GOOD_PEM = resource("good.pem");
  private static final Path WRONG_HOST_KEYSTORE = resource("wrong-host.p12");
  private static final Path WRONG_HOST_PEM = resource("wrong-host.pem");

  @Test
  void theExtraCaIsTrustedAndOnlyWhenConfigured() throws Exception {
    try (MockWebServer server = httpsServer(GOOD_KEYSTORE)) {
      server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());
      Request request = new Request.Builder().url(server.url("/")).build();
      try (VendorHttpClient plain = VendorHttpClient.builder("private").build()) {
        assertThatThrownBy(() -> plain.execute("DescribeRegions", request))
            .isExactlyInstanceOf(CloudProviderException.class)
            .hasMessageStartingWith("private DescribeRegions: TLS failure calling " + server.url("/").host() + ":"
                + server.getPort());
      }
      server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());
      try (VendorHttpClient trusting = VendorHttpClient.builder("private").trustedCertificates(GOOD_PEM).build()) {
        VendorResponse r = trusting.execute("DescribeRegions", request);
        assertThat(Json.bool(r.json(), "ok")).contains(true);
      }
      assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aTrustedCertificateForAnotherHostIsStillRefused() throws Exception {
    try (MockWebServer server = httpsServer(WRONG_HOST_KEYSTORE);
        VendorHttpClient client = VendorHttpClient.builder("private").trustedCertificates(WRONG_HOST_PEM).build()) {
      server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
      assertThatThrownBy(() -> client.execute("A", new Request.Builder().url(server.url("/")).build()))
          .isExactlyInstanceOf(CloudProviderException.class)
          .hasMessageStartingWith("private A: TLS failure calling " + server.url("/").host() + ":" + server.getPort())
          .hasMessageContaining("not verified")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void unusableFilesAreNamedWithoutQuotingThem() throws IOException {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"),
        "-----BEGIN CERTIFICATE-----\nc2VjcmV0LWJ1dC1ub3QtYS1jZXJ0\n-----END CERTIFICATE-----\n");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertThatThrownBy(() -> VendorHttpClient.builder("private").trustedCertificates(garbage).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trusted certificates file " + garbage + " does not hold PEM X.509 certificates");
    assertThatThrownBy(() -> VendorHttpClient.builder("private").trustedCertificates(empty).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no certificate");
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> VendorHttpClient.builder("private").trustedCertificates(missing).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing + " cannot be read");
  }

  private static MockWebServer httpsServer(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    MockWebServer server = new MockWebServer();
    server.useHttps(ctx.getSocketFactory());
    server.start(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  private static Path resource(String name) {
    try {
      return Path.of(TrustedCertificatesIT.class.getResource("/tls/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
