package dev.ccm4j.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.core.health.HealthStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
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
      OutputStream out = s.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    assertProbeAnswers();
    assertProbeAnswers();
  }

  @Test
  void connectionsThatNeverHandshakeDoNotStallProbes() throws Exception {
    start(builder());
    for (int i = 0; i < 20; i++) {
      Socket s = tcp();
      // the first bytes of a TLS record header, then nothing
      s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
      s.getOutputStream().flush();
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
      SSLSocket s = tls();
      OutputStream out = s.getOutputStream();
      out.write(("POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\nabc")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    assertProbeAnswers();
  }
}
