package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.LocalNet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A health check: a TCP connect, or an HTTP {@code GET /healthz} that must answer 200.
 *
 * @param target where to connect
 * @param http whether to send the HTTP request
 */
record HealthProbe(InetSocketAddress target, boolean http) {
  private static final int MAX_STATUS_LINE = 256;

  HealthProbe {
    Objects.requireNonNull(target, "target");
  }

  /**
   * Runs the check, blocking up to about twice the timeout.
   *
   * @param timeoutMillis the connect and read timeout
   * @return whether the target is healthy
   */
  boolean check(int timeoutMillis) {
    if (ListenerRegistry.PROCESS.isListener("TCP", target)) {
      // the load balancer would accept its own probe and forward it again; such a backend is refused anyway
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(target, timeoutMillis);
      if (!http) {
        return true;
      }
      s.setSoTimeout(timeoutMillis);
      String request = "GET /healthz HTTP/1.1\r\nHost: " + LocalNet.hostPort(target)
          + "\r\nUser-Agent: ccm4j-local-lb\r\nConnection: close\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return statusLine(s.getInputStream()).matches("HTTP/\\d(\\.\\d)? 200( .*)?");
    } catch (IOException e) {
      return false;
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n' && b.length() < MAX_STATUS_LINE) {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}
