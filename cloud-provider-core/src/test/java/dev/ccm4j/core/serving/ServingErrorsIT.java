package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad serving flags fail with an {@link IllegalArgumentException} whose message starts with the flag, names no
 * file contents, and carries no cause to print as a trace.
 */
class ServingErrorsIT {
  @TempDir
  Path dir;

  private static SecureServingOptions.Builder localOptions() {
    return SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort();
  }

  private static IllegalArgumentException startFails(SecureServingOptions options) {
    try {
      SecureServer.builder(options).withoutDelegatedAuth().start().close();
    } catch (IllegalArgumentException e) {
      assertThat(e.getCause()).isNull();
      return e;
    }
    throw new AssertionError("the server started");
  }

  @Test
  void aBusyPortNamesTheFlag() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = busy.getLocalPort();
      IllegalArgumentException e = startFails(
          SecureServingOptions.builder().bindAddress("127.0.0.1").port(port).build());
      assertThat(e).hasMessage("--secure-port " + port + ": address already in use");
    }
  }

  @Test
  void aBindAddressThatIsNotAnIpNamesTheFlag() {
    assertThatThrownBy(() -> SecureServingOptions.builder().bindAddress("notanip"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--bind-address");
    assertThatThrownBy(() -> SecureServingOptions.builder().bindAddress("300.1.1.1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--bind-address");
    assertThat(SecureServingOptions.builder().bindAddress("::1").build().bindAddress()).isEqualTo("::1");
    assertThat(SecureServingOptions.builder().bindAddress("0.0.0.0").build().bindAddress()).isEqualTo("0.0.0.0");
  }

  @Test
  void unreadableTlsFilesNameTheFlagAndTheFileOnly() throws Exception {
    Path missing = dir.resolve("missing.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n");

    IllegalArgumentException noCert = startFails(localOptions().tlsFiles(missing, key).build());
    assertThat(noCert).hasMessage("--tls-cert-file: cannot read " + missing + " (no such file)");

    KeyPair keys = TestPem.ecKeys();
    Path cert = TestPem.write(dir.resolve("tls.crt"),
        ServingCertificate.selfSigned(keys, List.of("localhost"), Duration.ofDays(1)).certificate());
    IllegalArgumentException noKey = startFails(localOptions().tlsFiles(cert, dir.resolve("nokey")).build());
    assertThat(noKey.getMessage()).startsWith("--tls-private-key-file: cannot read");

    IllegalArgumentException badKey = startFails(localOptions().tlsFiles(cert, key).build());
    assertThat(badKey.getMessage()).startsWith("--tls-private-key-file:").doesNotContain("c2VjcmV0");

    Path garbageCert = dir.resolve("garbage.crt");
    Files.writeString(garbageCert, "-----BEGIN CERTIFICATE-----\nc2VjcmV0\n-----END CERTIFICATE-----\n");
    Path goodKey = TestPem.write(dir.resolve("good.key"), new JcaPKCS8Generator(keys.getPrivate(), null));
    IllegalArgumentException badCert = startFails(localOptions().tlsFiles(garbageCert, goodKey).build());
    assertThat(badCert.getMessage()).startsWith("--tls-cert-file:").doesNotContain("c2VjcmV0");

    IllegalArgumentException directory = startFails(localOptions().tlsFiles(dir, goodKey).build());
    assertThat(directory.getMessage()).startsWith("--tls-cert-file: cannot read " + dir);
  }

  @Test
  void aKeyThatDoesNotMatchTheCertificateNamesBothFlags() throws Exception {
    Path cert = TestPem.write(dir.resolve("tls.crt"),
        ServingCertificate.selfSigned(TestPem.ecKeys(), List.of("localhost"), Duration.ofDays(1)).certificate());
    Path otherKey = TestPem.write(dir.resolve("other.key"), new JcaPKCS8Generator(TestPem.ecKeys().getPrivate(), null));

    assertThat(startFails(localOptions().tlsFiles(cert, otherKey).build()))
        .hasMessage("--tls-private-key-file: does not match --tls-cert-file");
  }

  @Test
  void cipherSuiteEntriesAreValidatedByName() {
    assertThatThrownBy(() -> SecureServingOptions.builder().tlsCipherSuites(List.of("FOO")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--tls-cipher-suites: unknown suite \"FOO\"");
    assertThatThrownBy(() -> SecureServingOptions.builder()
        .tlsCipherSuites(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--tls-cipher-suites: empty entry");
    assertThat(SecureServingOptions.builder().tlsCipherSuites(List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"))
        .build().cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    IllegalArgumentException rc4 = startFails(localOptions().tlsCipherSuites(List.of("TLS_RSA_WITH_RC4_128_SHA"))
        .build());
    assertThat(rc4).hasMessageStartingWith("--tls-cipher-suites: suite \"TLS_RSA_WITH_RC4_128_SHA\"");
  }
}
