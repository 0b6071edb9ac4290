package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TLS policy of the secure port, seen by real TLS clients that offer one suite each. */
class TlsPolicyIT {
  private SecureServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static SecureServingOptions.Builder localOptions() {
    return SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort();
  }

  private SSLSocket client(String protocol, String suite) throws IOException {
    SSLSocket socket = RawTls.connect(server.certificate().certificate(), server.port());
    socket.setEnabledProtocols(new String[] {protocol});
    socket.setEnabledCipherSuites(new String[] {suite});
    return socket;
  }

  private String handshakeAndGet(String protocol, String suite) throws IOException {
    try (SSLSocket socket = client(protocol, suite)) {
      socket.startHandshake();
      assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
      socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void tls12OffersOnlyForwardSecretAeadSuitesByDefault() throws Exception {
    server = SecureServer.builder(localOptions().build()).withoutDelegatedAuth().start();

    assertThat(handshakeAndGet("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).startsWith("HTTP/1.1 200");
    assertThat(handshakeAndGet("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"))
        .startsWith("HTTP/1.1 200");
    assertThat(handshakeAndGet("TLSv1.3", "TLS_AES_256_GCM_SHA384")).startsWith("HTTP/1.1 200");
    for (String cbc : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")) {
      assertThatThrownBy(() -> handshakeAndGet("TLSv1.2", cbc)).as(cbc).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void rsaKeyExchangeAndCbcAreRefusedWithAnRsaCertificate() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    ServingCertificate cert = ServingCertificate.selfSigned(rsa.generateKeyPair(), List.of("localhost"),
        Duration.ofDays(1));
    server = SecureServer.builder(localOptions().build()).certificate(cert).withoutDelegatedAuth().start();

    assertThat(handshakeAndGet("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")).startsWith("HTTP/1.1 200");
    for (String weak : List.of("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")) {
      assertThatThrownBy(() -> handshakeAndGet("TLSv1.2", weak)).as(weak)
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void anExplicitSuiteListIsHonoured() throws Exception {
    server = SecureServer.builder(localOptions()
            .tlsCipherSuites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")).build())
        .withoutDelegatedAuth().start();

    assertThat(handshakeAndGet("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")).startsWith("HTTP/1.1 200");
    assertThatThrownBy(() -> handshakeAndGet("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aClientThatRenegotiatesIsDisconnected() throws Exception {
    server = SecureServer.builder(localOptions().build()).withoutDelegatedAuth().start();
    try (SSLSocket socket = client("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
      socket.startHandshake();
      socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readNBytes(15), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK");
      byte[] rest = new byte[4096];
      while (!new String(rest, 0, Math.max(0, in.read(rest)), StandardCharsets.ISO_8859_1).endsWith("ok")) {
        // read the rest of the response
      }

      boolean disconnected;
      socket.setSoTimeout(5_000);
      try {
        socket.startHandshake();
        disconnected = in.read() < 0;
      } catch (SocketTimeoutException e) {
        disconnected = false;
      } catch (IOException e) {
        disconnected = true;
      }
      assertThat(disconnected).as("the connection is closed after a renegotiation").isTrue();
    }
  }
}
