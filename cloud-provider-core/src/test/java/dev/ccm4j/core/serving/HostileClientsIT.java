package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.health.HealthStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow and hostile clients on the secure port must not keep the health endpoints from answering. */
class HostileClientsIT {
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(3);

  private final List<Socket> hostile = new ArrayList<>();
  private SecureServer server;

  @AfterEach
  void stop() {
    for (Socket s : hostile) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    if (server != null) {
      server.close();
    }
  }

  private SecureServer start(SecureServer.Builder builder) {
    server = builder.withoutDelegatedAuth().start();
    server.healthz().add("ping", HealthStatus::ok);
    return server;
  }

  private static SecureServer.Builder builder() {
    return SecureServer.builder(SecureServingOptions.builder().bindAddress("127.0.0.1").ephemeralPort().build());
  }

  private SSLSocket tls() throws IOException {
    SSLSocket socket = RawTls.connect(server.certificate().certificate(), server.port());
    hostile.add(socket);
    return socket;
  }

  private Socket tcp() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
    hostile.add(socket);
    return socket;
  }

  /** Probes /healthz with a fresh client and asserts it answers 200 within the deadline. */
  private void assertProbeAnswers() throws Exception {
    HttpClient client = HttpsClients.trusting(server.certificate().certificate());
    long start = System.nanoTime();
    HttpResponse<String> response = HttpsClients.send(client, "GET",
        "https://localhost:" + server.port() + "/healthz", null, PROBE_DEADLINE);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROBE_DEADLINE);
  }

  @Test
  void connectionsThatNeverFinishTheirHeadersDoNotStallProbes() throws Exception {
    start(builder());
    for (int i = 0; i < 20; i++) {
      SSLSocket s = tls();
      s.startHandshake();
      send(s, "GET /healthz HTTP/1.1\r\nHo");
    }
    assertProbeAnswers();
    assertProbeAnswers();
  }

  @Test
  void connectionsThatNeverHandshakeDoNotStallProbes() throws Exception {
    start(builder());
    for (int i = 0; i < 20; i++) {
      // the first bytes of a TLS record header, then nothing
      send(tcp(), "\u0016\u0003\u0001");
    }
    for (int i = 0; i < 10; i++) {
      tcp();
    }
    assertProbeAnswers();
    assertProbeAnswers();
  }

  @Test
  void aSlowBodyDoesNotStallProbes() throws Exception {
    start(builder());
    for (int i = 0; i < 20; i++) {
      send(tls(), "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\nabc");
    }
    assertProbeAnswers();
  }

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration CUT_OFF_DEADLINE = Duration.ofSeconds(5);

  /** Blocks until the server ends the connection, and fails if it is still open after the deadline. */
  private static void assertClosedByServer(Socket socket) throws IOException {
    socket.setSoTimeout((int) CUT_OFF_DEADLINE.toMillis());
    long start = System.nanoTime();
    try {
      InputStream in = socket.getInputStream();
      byte[] scratch = new byte[4096];
      while (in.read(scratch) >= 0) {
        // drain an error response, if any, until the close
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + CUT_OFF_DEADLINE);
    } catch (IOException closed) {
      // reset or TLS alert: closed as well
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CUT_OFF_DEADLINE);
  }

  private static String statusLine(SSLSocket socket) throws IOException {
    socket.setSoTimeout((int) CUT_OFF_DEADLINE.toMillis());
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
        .readLine();
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Test
  void aHandshakeThatNeverFinishesIsCutOff() throws Exception {
    start(builder().handshakeTimeout(SHORT));
    Socket s = tcp();
    send(s, "\u0016\u0003\u0001");
    assertClosedByServer(s);
    Socket silent = tcp();
    assertClosedByServer(silent);
  }

  @Test
  void headersThatNeverFinishAreCutOff() throws Exception {
    start(builder().readHeaderTimeout(SHORT));
    SSLSocket s = tls();
    s.startHandshake();
    send(s, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
    assertClosedByServer(s);
  }

  @Test
  void headersTrickledByteByByteAreCutOffAtTheHeaderDeadline() throws Exception {
    start(builder().readHeaderTimeout(Duration.ofMillis(500)));
    SSLSocket s = tls();
    s.startHandshake();
    String request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(200) + "\r\n\r\n";
    long start = System.nanoTime();
    boolean cut = false;
    try {
      for (char c : request.toCharArray()) {
        send(s, String.valueOf(c));
        Thread.sleep(20); // the slow client itself: 200 bytes at 50 bytes/s
        if (Duration.ofNanos(System.nanoTime() - start).compareTo(CUT_OFF_DEADLINE) > 0) {
          break;
        }
      }
    } catch (IOException e) {
      cut = true;
    }
    if (!cut) {
      assertClosedByServer(s);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CUT_OFF_DEADLINE);
  }

  @Test
  void aBodyThatNeverFinishesIsCutOff() throws Exception {
    start(builder().readBodyTimeout(SHORT));
    SSLSocket s = tls();
    send(s, "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nabc");
    assertClosedByServer(s);
  }

  @Test
  void idleKeepAliveConnectionsAreClosed() throws Exception {
    start(builder().idleTimeout(SHORT));
    SSLSocket s = tls();
    send(s, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    s.setSoTimeout(5_000);
    InputStream in = s.getInputStream();
    String response = new String(in.readNBytes(17), StandardCharsets.ISO_8859_1);
    assertThat(response).isEqualTo("HTTP/1.1 200 OK\r\n");
    assertClosedByServer(s);
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    start(builder());
    SSLSocket s = tls();
    send(s, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\nGET /livez HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\n\r\n");
    s.setSoTimeout(5_000);
    String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    assertThat(all).contains("Connection: close").endsWith("ok");
  }

  @Test
  void manyIdleConnectionsFromOneClientAreBoundedAndProbesStillAnswer() throws Exception {
    start(builder().maxConnectionsPerClient(8).maxConnections(12));
    for (int i = 0; i < 40; i++) {
      tls().startHandshake();
    }
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> server.openConnections() <= 8);
    assertProbeAnswers();
    assertProbeAnswers();
    assertThat(server.openConnections()).isLessThanOrEqualTo(8);
  }

  @Test
  void anOversizedHeaderGets431() throws Exception {
    start(builder().maxHeaderBytes(4096));
    SSLSocket s = tls();
    send(s, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(8192) + "\r\n\r\n");
    assertThat(statusLine(s)).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    assertProbeAnswers();
  }

  @Test
  void anOversizedBodyGets413WithoutBeingRead() throws Exception {
    start(builder().maxBodyBytes(1024));
    SSLSocket s = tls();
    send(s, "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n\r\n");
    assertThat(statusLine(s)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    SSLSocket chunked = tls();
    send(chunked, "POST /healthz HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "800\r\n" + "c".repeat(2048) + "\r\n");
    assertThat(statusLine(chunked)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
  }

  @Test
  void aSmallBodyIsReadAndTheConnectionReused() throws Exception {
    start(builder());
    SSLSocket s = tls();
    send(s, "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc"
        + "POST /healthz HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        + "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.setSoTimeout(5_000);
    String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    assertThat(all.split("HTTP/1.1 405 Method Not Allowed", -1)).hasSize(3);
    assertThat(all).contains("HTTP/1.1 200 OK");
  }

  @Test
  void malformedRequestsGet400() throws Exception {
    start(builder());
    SSLSocket noHost = tls();
    send(noHost, "GET /healthz HTTP/1.1\r\n\r\n");
    assertThat(statusLine(noHost)).isEqualTo("HTTP/1.1 400 Bad Request");
    SSLSocket garbage = tls();
    send(garbage, "hello\r\n\r\n");
    assertThat(statusLine(garbage)).isEqualTo("HTTP/1.1 400 Bad Request");
    SSLSocket http2 = tls();
    send(http2, "GET /healthz HTTP/2.0\r\nHost: localhost\r\n\r\n");
    assertThat(statusLine(http2)).isEqualTo("HTTP/1.1 505 HTTP Version Not Supported");
  }

  @Test
  void stalledConnectionsFillingTheOverallBoundGiveWayToNewOnes() throws Exception {
    start(builder().maxConnectionsPerClient(1000).maxConnections(8));
    for (int i = 0; i < 30; i++) {
      SSLSocket s = tls();
      s.startHandshake();
      send(s, "GET /healthz HTTP/1.1\r\nHo");
    }
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> server.openConnections() <= 8);
    assertProbeAnswers();
    assertProbeAnswers();
  }

  @Test
  void aFloodFromOneAddressLeavesOtherAddressesAlone() throws Exception {
    start(builder().maxConnectionsPerClient(4));
    SSLSocket other = RawTls.connect(server.certificate().certificate(), server.port(),
        java.net.InetAddress.getByName("127.0.0.2"));
    hostile.add(other);
    other.startHandshake();
    for (int i = 0; i < 20; i++) {
      tls().startHandshake();
    }
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> server.openConnections() <= 5);
    // the connection from the other address survived the flood and is served
    send(other, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    other.setSoTimeout(5_000);
    assertThat(new String(other.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
        .startsWith("HTTP/1.1 200 OK").endsWith("ok");
  }
}
