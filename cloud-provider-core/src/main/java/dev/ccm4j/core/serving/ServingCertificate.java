package dev.ccm4j.core.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

  private static final String CERT_FLAG = "--tls-cert-file";
  private static final String KEY_FLAG = "--tls-private-key-file";
  private static final String MISMATCH = KEY_FLAG + ": does not match " + CERT_FLAG;
  /** PEM files beyond this are refused before parsing, so a path like {@code /dev/zero} cannot exhaust memory. */
  private static final int MAX_PEM_BYTES = 1024 * 1024;

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
   * @throws IllegalArgumentException naming the flag and the file (never its contents) if a file cannot be read,
   *     holds no usable certificate or key, or the key does not match the certificate
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
        throw new IllegalArgumentException(MISMATCH);
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(MISMATCH);
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
    String pem = readPem(file, CERT_FLAG);
    List<X509Certificate> chain = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder) {
          chain.add(converter.getCertificate((X509CertificateHolder) o));
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // The parser's messages may quote the file; name the file only.
      throw new IllegalArgumentException(CERT_FLAG + ": " + file + " holds an invalid PEM certificate");
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(CERT_FLAG + ": no PEM certificate in " + file);
    }
    return chain;
  }

  private static PrivateKey readKey(Path file) {
    String pem = readPem(file, KEY_FLAG);
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new IllegalArgumentException(KEY_FLAG + ": encrypted private keys are not supported: " + file);
        }
        PrivateKeyInfo info = o instanceof PEMKeyPair ? ((PEMKeyPair) o).getPrivateKeyInfo()
            : o instanceof PrivateKeyInfo ? (PrivateKeyInfo) o : null;
        if (info != null) {
          return toPrivateKey(info, file);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).startsWith(KEY_FLAG)) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException(KEY_FLAG + ": " + file + " holds an invalid PEM private key");
    }
    throw new IllegalArgumentException(KEY_FLAG + ": no PEM private key in " + file);
  }

  /** Reads a PEM file of bounded size, turning every failure into a message naming the flag and the file. */
  private static String readPem(Path file, String flag) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_PEM_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(flag + ": cannot read " + file + " (no such file)");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(flag + ": cannot read " + file + " (permission denied)");
    } catch (IOException e) {
      String reason = Files.isDirectory(file) ? "is a directory" : e.getClass().getSimpleName();
      throw new IllegalArgumentException(flag + ": cannot read " + file + " (" + reason + ")");
    }
    if (bytes.length > MAX_PEM_BYTES) {
      throw new IllegalArgumentException(flag + ": " + file + " is larger than " + MAX_PEM_BYTES / 1024 + " KiB");
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private static PrivateKey toPrivateKey(PrivateKeyInfo info, Path file) throws IOException {
    String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    String algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new IllegalArgumentException(KEY_FLAG + ": unsupported private key algorithm " + oid + " in " + file);
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(KEY_FLAG + ": invalid " + algorithm + " private key in " + file);
    }
  }
}
