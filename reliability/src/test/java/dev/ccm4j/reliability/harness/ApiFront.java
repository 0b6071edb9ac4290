package dev.ccm4j.reliability.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS front of an API emulator served in plain HTTP: terminates TLS with a serving certificate signed by a CA
 * of its own and relays the bytes. It exists because a real API server that restarts keeps its CA (the kubeconfig's
 * {@code certificate-authority-data}) and only its serving certificate may change, while the emulator generates a new
 * CA at every start. {@link #restart()} serves a fresh certificate (new key, new serial) from the same CA on the same
 * port, dropping every connection as a restarting server does.
 */
public final class ApiFront implements AutoCloseable {
  private final int backendPort;
  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile SSLServerSocket server;
  private volatile X509Certificate serving;

  private ApiFront(int backendPort, int port) throws GeneralSecurityException {
    this.backendPort = backendPort;
    this.port = port;
    this.caKeys = keys();
    X500Name name = new X500Name("CN=reliability-api-ca");
    this.ca = sign(new JcaX509v3CertificateBuilder(name, serial(), from(), to(), name, caKeys.getPublic()), true);
  }

  /**
   * Starts relaying a free port to a local plain-HTTP backend.
   *
   * @param backendPort the emulator's port on 127.0.0.1
   * @return the front, serving
   * @throws IOException if no port can be bound
   */
  public static ApiFront start(int backendPort) throws IOException {
    try {
      ApiFront f = new ApiFront(backendPort, Launcher.freePort());
      f.listen();
      return f;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the front's certificates", e);
    }
  }

  /**
   * The HTTPS URL clients use.
   *
   * @return {@code https://127.0.0.1:<port>}
   */
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  /**
   * The CA, PEM-encoded, for a kubeconfig.
   *
   * @return the PEM
   */
  public String caPem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
          .encodeToString(ca.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The serial number of the certificate served now.
   *
   * @return the serial
   */
  public BigInteger servingSerial() {
    return serving.getSerialNumber();
  }

  /** Stops listening and drops every connection: the API is down until {@link #listen()}. */
  public synchronized void stop() {
    SSLServerSocket s = server;
    server = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    for (Socket c : sockets) {
      closeQuietly(c);
    }
    sockets.clear();
  }

  /**
   * Listens again on the same port with a new serving certificate from the same CA.
   *
   * @throws IOException if the port cannot be bound again within 10 s
   */
  public synchronized void listen() throws IOException {
    if (server != null) {
      return;
    }
    try {
      KeyPair leafKeys = keys();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=reliability-api-ca"), serial(),
          from(), to(), new X500Name("CN=localhost"), leafKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      X509Certificate leaf = sign(b, false);
      char[] pw = "front".toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("api", leafKeys.getPrivate(), pw, new Certificate[] {leaf, ca});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (true) {
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true);
        try {
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
          server = s;
          serving = leaf;
          break;
        } catch (IOException e) {
          s.close();
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make a serving certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    SSLServerSocket s = server;
    Thread t = new Thread(() -> accept(s), "api-front-accept");
    t.setDaemon(true);
    t.start();
  }

  /**
   * A restart: every connection dropped, a new serving certificate from the same CA, the same port.
   *
   * @param down how long the API is unreachable
   * @throws IOException if the port cannot be bound again
   * @throws InterruptedException if interrupted
   */
  public void restart(Duration down) throws IOException, InterruptedException {
    stop();
    Thread.sleep(down.toMillis());
    listen();
  }

  @Override
  public void close() {
    stop();
  }

  private void accept(SSLServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Thread t = new Thread(() -> relay(client), "api-front-relay");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    sockets.add(client);
    try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
      sockets.add(backend);
      backend.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
      Thread up = new Thread(() -> pump(client, backend), "api-front-up");
      up.setDaemon(true);
      up.start();
      pump(backend, client);
      up.join(1000);
    } catch (IOException e) {
      // the backend is down: the client sees its connection closed, as with a server that restarts
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      sockets.remove(client);
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (SocketException e) {
      // one side closed
    } catch (IOException e) {
      // a failed handshake or a reset: the connection ends
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  private X509Certificate sign(X509v3CertificateBuilder b, boolean isCa) throws GeneralSecurityException {
    try {
      if (isCa) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    return gen.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }

  private static Date from() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date to() {
    return Date.from(Instant.now().plus(Duration.ofDays(30)));
  }
}
