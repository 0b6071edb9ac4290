package dev.ccm4j.core.serving;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The serving certificate chain and its private key: loaded from {@code --tls-cert-file} and
 * {@code --tls-private-key-file}, or generated in memory and self-signed when neither is given.
 */
public final class ServingCertificate {
  private static final Map<String, String> KEY_ALGORITHMS = Map.of(
      "1.2.840.113549.1.1.1", "RSA",
      "1.2.840.10045.2.1", "EC",
      "1.3.101.112", "Ed25519");

  private final List<X509Certificate> chain;
  private final PrivateKey key;

  private ServingCertificate(List<X509Certificate> chain, PrivateKey key) {
    this.chain = List.copyOf(chain);
    this.key = key;
    requireMatchingKey();
  }

  /**
   * Loads a PEM certificate chain (leaf first) and its PEM private key: PKCS#8 ({@code PRIVATE KEY}) or PKCS#1
   * ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}); RSA, EC or Ed25519. Encrypted keys are refused.
   *
   * @param certFile the certificate file
   * @param keyFile the private key file
   * @return the certificate
   * @throws IllegalArgumentException if a file holds no usable certificate or key, or they do not match
   * @throws UncheckedIOException if a file cannot be read
   */
  public static ServingCertificate fromPemFiles(Path certFile, Path keyFile) {
    return new ServingCertificate(readChain(certFile), readKey(keyFile));
  }

  /**
   * Generates an in-memory self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1} with
   * a new EC P-256 key, valid for a year, like upstream's default when no certificate is configured.
   *
   * @return the certificate
   */
  public static ServingCertificate selfSignedForLocalhost() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return selfSigned(generator.generateKeyPair(), List.of("localhost", "127.0.0.1", "::1"),
          Duration.ofDays(365));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

  /**
   * Creates a self-signed serving certificate.
   *
   * @param keyPair an RSA or EC key pair
   * @param hosts DNS names and IP address literals for the subject alternative names; the first is the CN
   * @param validity how long from now the certificate is valid
   * @return the certificate
   */
  public static ServingCertificate selfSigned(KeyPair keyPair, List<String> hosts, Duration validity) {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one host");
    }
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + hosts.get(0));
    List<GeneralName> names = new ArrayList<>();
    for (String host : hosts) {
      names.add(new GeneralName(isIpLiteral(host) ? GeneralName.iPAddress : GeneralName.dNSName, host));
    }
    try {
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject,
          new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, keyPair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(names.toArray(GeneralName[]::new)))
          .build(new JcaContentSignerBuilder(signatureAlgorithm(keyPair.getPrivate())).build(keyPair.getPrivate()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
      return new ServingCertificate(List.of(certificate), keyPair.getPrivate());
    } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a self-signed certificate", e);
    }
  }

  /**
   * The leaf certificate, for clients that pin it and for logging its fingerprint.
   *
   * @return the leaf certificate
   */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * The whole chain, leaf first.
   *
   * @return the chain
   */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * The private key of the leaf certificate.
   *
   * @return the key
   */
  public PrivateKey privateKey() {
    return key;
  }

  /** Builds a TLS context that presents this certificate. */
  SSLContext sslContext() {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("serving", key, password, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS with the serving certificate", e);
    }
  }

  private void requireMatchingKey() {
    try {
      byte[] probe = "ccm4j serving key check".getBytes(StandardCharsets.UTF_8);
      String algorithm = signatureAlgorithm(key);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate().getPublicKey());
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException("the private key does not match the serving certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the private key does not match the serving certificate", e);
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    switch (key.getAlgorithm()) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
        return "SHA256withECDSA";
      case "Ed25519":
      case "EdDSA":
        return "Ed25519";
      default:
        throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm());
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  private static List<X509Certificate> readChain(Path file) {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder) {
          chain.add(converter.getCertificate((X509CertificateHolder) o));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --tls-cert-file " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid certificate in --tls-cert-file " + file, e);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no PEM certificate in --tls-cert-file " + file);
    }
    return chain;
  }

  private static PrivateKey readKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new IllegalArgumentException("encrypted private keys are not supported: " + file);
        }
        PrivateKeyInfo info = o instanceof PEMKeyPair ? ((PEMKeyPair) o).getPrivateKeyInfo()
            : o instanceof PrivateKeyInfo ? (PrivateKeyInfo) o : null;
        if (info != null) {
          return toPrivateKey(info, file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read --tls-private-key-file " + file, e);
    }
    throw new IllegalArgumentException("no PEM private key in --tls-private-key-file " + file);
  }

  private static PrivateKey toPrivateKey(PrivateKeyInfo info, Path file) throws IOException {
    String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    String algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new IllegalArgumentException("unsupported private key algorithm " + oid + " in " + file);
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid " + algorithm + " private key in " + file, e);
    }
  }
}
