package dev.ccm4j.core.serving;

import dev.ccm4j.core.health.HealthStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureServerIT {
  private SecureServer server;

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SecureServingOptions.Builder localOptions() {
    return SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort();
  }

  private String url(String path) {
    return "https://localhost:" + server.port() + path;
  }

  private HttpClient client() {
    return HttpsClients.trusting(server.certificate().certificate());
  }

  @Test
  void servesHealthOverHttpsWithAnInMemorySelfSignedCertificate() throws Exception {
    server = SecureServer.builder(localOptions().build()).withoutDelegatedAuth().start();

    HttpResponse<String> response = HttpsClients.get(client(), url("/healthz"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(server.port()).isPositive();
    assertThat(server.certificate().certificate().getSubjectAlternativeNames().stream()
        .map(name -> String.valueOf(name.get(1))).toList())
        .contains("localhost", "127.0.0.1");
  }

  @Test
  void healthSupportsVerboseExcludeSubPathsHeadAndFailures() throws Exception {
    server = SecureServer.builder(localOptions().build()).withoutDelegatedAuth().start();
    server.healthz().add("ping", HealthStatus::ok);
    server.healthz().add("cloud-node", () -> HealthStatus.unhealthy("informer not synced"));
    server.healthz().add("broken", () -> {
      throw new IllegalStateException("wedged");
    });
    HttpClient client = client();

    HttpResponse<String> failing = HttpsClients.get(client, url("/healthz"));
    assertThat(failing.statusCode()).isEqualTo(500);
    assertThat(failing.body()).isEqualTo("[+]ping ok\n[-]cloud-node failed: reason withheld\n"
        + "[-]broken failed: reason withheld\nhealthz check failed\n");

    assertThat(HttpsClients.get(client, url("/healthz?exclude=cloud-node&exclude=broken")).body())
        .isEqualTo("ok");
    HttpResponse<String> verbose =
        HttpsClients.get(client, url("/healthz?verbose&exclude=cloud-node&exclude=broken&exclude=nope"));
    assertThat(verbose.statusCode()).isEqualTo(200);
    assertThat(verbose.body()).isEqualTo("[+]ping ok\n"
        + "warn: some health checks cannot be excluded: no matches for \"nope\"\nhealthz check passed\n");

    assertThat(HttpsClients.get(client, url("/healthz/ping")).body()).isEqualTo("ok");
    HttpResponse<String> single = HttpsClients.get(client, url("/healthz/cloud-node"));
    assertThat(single.statusCode()).isEqualTo(500);
    assertThat(single.body()).contains("informer not synced");
    assertThat(HttpsClients.get(client, url("/healthz/broken")).body()).contains("wedged");
    assertThat(HttpsClients.get(client, url("/healthz/missing")).statusCode()).isEqualTo(404);
    assertThat(HttpsClients.get(client, url("/healthzfoo")).statusCode()).isEqualTo(404);

    HttpResponse<String> head = HttpsClients.send(client, "HEAD", url("/healthz/ping"), null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(HttpsClients.send(client, "HEAD", url("/healthz"), null).statusCode()).isEqualTo(500);
    assertThat(HttpsClients.send(client, "POST", url("/healthz"), null).statusCode()).isEqualTo(405);

    assertThat(server.healthz().remove("cloud-node")).isTrue();
    assertThat(server.healthz().remove("broken")).isTrue();
    assertThat(HttpsClients.get(client, url("/healthz")).statusCode()).isEqualTo(200);
  }

  @Test
  void livezAndReadyzHaveTheirOwnChecks() throws Exception {
    HealthChecks readyz = new HealthChecks().add("informers-synced", () -> HealthStatus.unhealthy("no"));
    server = SecureServer.builder(localOptions().build()).readyz(readyz).withoutDelegatedAuth().start();
    server.livez().add("ping", HealthStatus::ok);
    HttpClient client = client();

    HttpResponse<String> ready = HttpsClients.get(client, url("/readyz"));
    assertThat(ready.statusCode()).isEqualTo(500);
    assertThat(ready.body()).endsWith("readyz check failed\n").contains("[-]informers-synced failed");
    assertThat(HttpsClients.get(client, url("/livez?verbose")).body())
        .isEqualTo("[+]ping ok\nlivez check passed\n");
    assertThat(HttpsClients.get(client, url("/healthz")).statusCode()).isEqualTo(200);
    assertThat(HttpsClients.get(client, url("/nothing-here")).statusCode()).isEqualTo(404);
  }

  @Test
  void pathsThatAreNotInNormalFormAreRefused() throws Exception {
    server = SecureServer.builder(localOptions().build()).withoutDelegatedAuth().start();

    HttpClient client = client();

    assertThat(HttpsClients.get(client, url("/healthz/../configz")).statusCode()).isEqualTo(400);
    assertThat(HttpsClients.get(client, url("/healthz/%2e%2e/configz")).statusCode()).isEqualTo(400);
    assertThat(HttpsClients.get(client, url("/healthz//ping")).statusCode()).isEqualTo(400);
    assertThat(HttpsClients.get(client, url("/healthz/")).statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreServedInTheNegotiatedFormat() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter syncs = Counter.builder().name("route_controller_route_sync").help("route syncs").register(registry);
    syncs.inc(3);
    server = SecureServer.builder(localOptions().build()).metrics(registry).withoutDelegatedAuth().start();
    HttpClient client = client();

    HttpResponse<String> text = HttpsClients.get(client, url("/metrics"));
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text.body()).contains("# TYPE route_controller_route_sync_total counter")
        .contains("route_controller_route_sync_total 3.0");
    for (String line : text.body().split("\n")) {
      assertThat(line).matches("#.*|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? -?[0-9.eE+-]+|");
    }

    HttpResponse<String> openMetrics = client.send(HttpRequest.newBuilder(URI.create(url("/metrics")))
        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(openMetrics.headers().firstValue("Content-Type")).get().asString()
        .startsWith("application/openmetrics-text");
    assertThat(openMetrics.body()).contains("route_controller_route_sync_total 3.0").endsWith("# EOF\n");
  }

  @Test
  void configzServesRedactedJson() throws Exception {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("clusterName", "kubernetes");
    config.put("cloudProvider", Map.of("name", "fake", "apiToken", "s3cr3t-token"));
    config.put("Password", "hunter2");
    config.put("accounts", List.of(Map.of("SecretAccessKey", "AKIA-secret", "region", "eu-1")));
    server = SecureServer.builder(localOptions().build()).configz(() -> config).withoutDelegatedAuth().start();

    HttpResponse<String> response = HttpsClients.get(client(), url("/configz"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).contains("\"clusterName\": \"kubernetes\"", "\"name\": \"fake\"", "\"eu-1\"",
        "\"apiToken\": \"<redacted>\"", "\"Password\": \"<redacted>\"")
        .doesNotContain("s3cr3t", "hunter2", "AKIA");
  }

  @Test
  void servesACertificateAndPkcs1RsaKeyFromPemFiles() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair keys = rsa.generateKeyPair();
    ServingCertificate generated =
        ServingCertificate.selfSigned(keys, List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
    Path cert = TestPem.write(dir.resolve("tls.crt"), generated.certificate());
    Path key = TestPem.write(dir.resolve("tls.key"), keys.getPrivate());
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    server = SecureServer.builder(localOptions().tlsFiles(cert, key).build()).withoutDelegatedAuth().start();

    assertThat(server.certificate().certificate()).isEqualTo(generated.certificate());
    assertThat(HttpsClients.get(HttpsClients.trusting(generated.certificate()), url("/healthz")).body())
        .isEqualTo("ok");
  }

  @Test
  void servesAPkcs8EcKeyAndRejectsAKeyThatDoesNotMatch() throws Exception {
    KeyPair keys = TestPem.ecKeys();
    ServingCertificate generated = ServingCertificate.selfSigned(keys, List.of("localhost"), Duration.ofDays(1));
    Path cert = TestPem.write(dir.resolve("ec.crt"), generated.certificate());
    Path key = TestPem.write(dir.resolve("ec.key"), new JcaPKCS8Generator(keys.getPrivate(), null));
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");

    server = SecureServer.builder(localOptions().tlsFiles(cert, key).build()).withoutDelegatedAuth().start();
    assertThat(HttpsClients.get(HttpsClients.trusting(generated.certificate()), url("/healthz")).statusCode())
        .isEqualTo(200);

    Path otherKey = TestPem.write(dir.resolve("other.key"), new JcaPKCS8Generator(TestPem.ecKeys().getPrivate(), null));
    assertThatThrownBy(() -> ServingCertificate.fromPemFiles(cert, otherKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> ServingCertificate.fromPemFiles(key, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PEM certificate");
  }

  @Test
  void tls13MinimumRefusesATls12OnlyClient() throws Exception {
    server = SecureServer.builder(localOptions().tlsMinVersion(TlsVersion.parse("VersionTLS13")).build())
        .withoutDelegatedAuth().start();
    HttpClient tls12 = HttpsClients.trusting(server.certificate().certificate(), "TLSv1.2");
    HttpClient tls13 = HttpsClients.trusting(server.certificate().certificate(), "TLSv1.3");

    assertThatThrownBy(() -> HttpsClients.get(tls12, url("/healthz"))).isInstanceOf(IOException.class);
    assertThat(HttpsClients.get(tls13, url("/healthz")).statusCode()).isEqualTo(200);
  }

  @Test
  void tls12MinimumWithConfiguredCipherSuitesAcceptsTls12() throws Exception {
    server = SecureServer.builder(localOptions()
            .tlsCipherSuites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).build())
        .withoutDelegatedAuth().start();
    HttpClient tls12 = HttpsClients.trusting(server.certificate().certificate(), "TLSv1.2");

    assertThat(HttpsClients.get(tls12, url("/healthz")).statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> SecureServer.builder(localOptions().tlsCipherSuites(List.of("TLS_NOPE")).build())
        .withoutDelegatedAuth().start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS_NOPE");
  }

  @Test
  void securePortZeroDisablesServingAndAuthMustBeChosenExplicitly() {
    SecureServingOptions disabled = SecureServingOptions.builder().securePortFlag(0).build();
    assertThat(disabled.enabled()).isFalse();
    assertThat(SecureServingOptions.builder().build().port()).isEqualTo(10258);
    assertThatThrownBy(() -> SecureServer.builder(disabled).withoutDelegatedAuth().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("disabled");
    assertThatThrownBy(() -> SecureServer.builder(localOptions().build()).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("withoutDelegatedAuth");
    assertThatThrownBy(() -> TlsVersion.parse("VersionTLS10")).isInstanceOf(IllegalArgumentException.class);
  }
}
