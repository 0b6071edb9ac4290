package dev.ccm4j.cloud.emulator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate for {@code 127.0.0.1}, made by the JDK's own {@code keytool} (so no crypto library
 * is needed), and the TLS contexts an emulator test serves and trusts it with. Shared through this module's test-jar
 * by every vendor emulator's HTTPS tests; it lives here rather than in the testkit because {@code cloud-emulator}
 * depends on no ccm4j module, not even in test scope.
 */
public final class SelfSignedTls {
  private static final String ALIAS = "emulator";
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final KeyStore keyStore;

  private SelfSignedTls(KeyStore keyStore) {
    this.keyStore = keyStore;
  }

  /**
   * Generates the certificate and key into a PKCS12 store in {@code dir}.
   *
   * @param dir a scratch directory (a JUnit {@code @TempDir})
   * @return the material
   * @throws IOException when keytool cannot run
   * @throws GeneralSecurityException when the store cannot be read back
   * @throws IllegalStateException when keytool fails or does not finish within a minute
   */
  public static SelfSignedTls generate(Path dir) throws IOException, GeneralSecurityException {
    Path store = Objects.requireNonNull(dir, "dir").resolve("emulator.p12");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        store.toString(), "-storepass", new String(PASSWORD)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for keytool", e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("keytool exited " + p.exitValue() + ": " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    return new SelfSignedTls(ks);
  }

  /** The store holding the key and certificate (alias {@code emulator}, password {@code changeit}). */
  public KeyStore keyStore() {
    return keyStore;
  }

  /** A context that presents the certificate: what the emulator serves with. */
  public SSLContext serverContext() {
    return context(true, false);
  }

  /** A context that trusts the certificate (and nothing else): what a client of the emulator uses. */
  public SSLContext clientContext() {
    return context(false, true);
  }

  /** A context that both presents and trusts the certificate, for an emulator whose control client reuses it. */
  public SSLContext serverAndClientContext() {
    return context(true, true);
  }

  /**
   * Writes the certificate as PEM, e.g. for a provider's {@code ca-file}.
   *
   * @param file where to write it
   * @return {@code file}
   */
  public Path writeCertificatePem(Path file) {
    try {
      Certificate cert = keyStore.getCertificate(ALIAS);
      String pem = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
      return file;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the certificate", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SSLContext context(boolean present, boolean trust) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, PASSWORD);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(keyStore);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(present ? kmf.getKeyManagers() : null, trust ? tmf.getTrustManagers() : null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context from the generated store", e);
    }
  }
}
