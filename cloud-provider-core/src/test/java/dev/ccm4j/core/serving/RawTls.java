package dev.ccm4j.core.serving;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;

/** Raw TLS sockets to the server under test, for clients that misbehave on purpose. */
final class RawTls {
  private RawTls() {}

  /** Connects (TCP only; the handshake runs on first use or {@code startHandshake}). */
  static SSLSocket connect(X509Certificate certificate, int port) throws IOException {
    return connect(certificate, port, null);
  }

  /** Connects from the given local address (any loopback address works on Linux), or any when null. */
  static SSLSocket connect(X509Certificate certificate, int port, InetAddress from) throws IOException {
    Socket raw = new Socket();
    if (from != null) {
      raw.bind(new InetSocketAddress(from, 0));
    }
    raw.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    raw.setSoTimeout(10_000);
    SSLSocket socket = (SSLSocket) HttpsClients.trustingContext(certificate).getSocketFactory()
        .createSocket(raw, "localhost", port, true);
    socket.setUseClientMode(true);
    return socket;
  }
}
