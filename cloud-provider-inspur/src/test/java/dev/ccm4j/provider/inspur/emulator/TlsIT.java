package dev.ccm4j.provider.inspur.emulator;

import dev.ccm4j.cloud.emulator.testing.SelfSignedTls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator over HTTPS with a certificate made for the test by the JDK's keytool. */
class TlsIT {
  @TempDir
  Path dir;

  @Test
  void tokenAndSlbCallsWorkOverHttpsAndAnUntrustingClientIsRefused() throws Exception {
    // one context that presents the certificate and trusts it, so control() works as well
    SSLContext tls = SelfSignedTls.generate(dir).serverAndClientContext();

    try (InspurEmulator cloud = InspurEmulator.builder().sslContext(tls).build().start()) {
      assertThat(cloud.endpoint().getScheme()).isEqualTo("https");
      assertThat(cloud.slbUrl()).startsWith("https://127.0.0.1:");
      assertThat(cloud.keycloakUrl()).startsWith("https://127.0.0.1:");
      assertThat(cloud.cloudConfig()).contains("slbUrl-pre=https://", "keycloakUrl=https://");

      Wire wire = new Wire(cloud, tls);
      String slb = cloud.control().post("/_ccm4j/load-balancers",
          com.google.gson.JsonParser.parseString("{\"name\":\"tls\"}")).getAsJsonObject().get("id").getAsString();
      Wire.Answer a = wire.slb("GET", "?slbId=" + slb, wire.accessToken(), null);
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.json().getAsJsonArray()).hasSize(1);
      assertThat(cloud.control().instances()).hasSize(3);

      // TLS verification on: a client without the emulator's CA does not get through
      Wire untrusting = new Wire(cloud, SSLContext.getDefault());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.token(untrusting.exchangeForm()))
          .isInstanceOf(java.io.UncheckedIOException.class).hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }
}
