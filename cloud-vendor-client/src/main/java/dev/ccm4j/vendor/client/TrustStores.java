package dev.ccm4j.vendor.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds a trust manager that trusts the JVM's CAs plus those of a PEM file. */
final class TrustStores {
  record Trust(SSLSocketFactory socketFactory, X509TrustManager trustManager) {}

  private TrustStores() {}

  static Trust withExtraCertificates(Path pemFile) {
    Collection<? extends Certificate> extra;
    try (InputStream in = Files.newInputStream(pemFile)) {
      extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("trusted certificates file " + pemFile + " cannot be read ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (GeneralSecurityException e) {
      // The parser's message may quote the file; name the file only.
      throw new IllegalArgumentException("trusted certificates file " + pemFile
          + " does not hold PEM X.509 certificates");
    }
    if (extra.isEmpty()) {
      throw new IllegalArgumentException("trusted certificates file " + pemFile + " holds no certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (X509Certificate ca : defaultTrustManager(null).getAcceptedIssuers()) {
        store.setCertificateEntry("jvm-" + i++, ca);
      }
      for (Certificate c : extra) {
        store.setCertificateEntry("extra-" + i++, c);
      }
      X509TrustManager tm = defaultTrustManager(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {tm}, null);
      return new Trust(ctx.getSocketFactory(), tm);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store with " + pemFile + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  private static X509TrustManager defaultTrustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("the JVM has no X.509 trust manager");
  }
}
