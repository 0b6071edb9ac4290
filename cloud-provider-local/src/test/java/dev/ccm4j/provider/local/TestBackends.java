package dev.ccm4j.provider.local;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** Tiny servers on loopback addresses that stand in for node ports, and socket helpers for the tests. */
public final class TestBackends {
  private TestBackends() {}

  public static InetAddress ip(String literal) {
    return IpRange.parse(literal).first();
  }

  /**
   * Binds one TCP echo server per address, all on the same port, as kube-proxy would on every node.
   *
   * @param ips the node addresses
   * @return one server per address, in order
   */
  static List<EchoServer> echoServers(String... ips) {
    for (int attempt = 0; attempt < 20; attempt++) {
      List<EchoServer> servers = new ArrayList<>();
      int port = 0;
      try {
        for (String ip : ips) {
          EchoServer s = new EchoServer(ip, new InetSocketAddress(ip(ip), port));
          servers.add(s);
          port = s.port();
        }
        return servers;
      } catch (BindException e) {
        servers.forEach(EchoServer::close);
      } catch (IOException e) {
        servers.forEach(EchoServer::close);
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no common free port for " + String.join(", ", ips));
  }

  /** Greets each connection with its name and a newline, echoes everything, and half-closes after the client. */
  static final class EchoServer implements AutoCloseable {
    private final String name;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "echo-backend");
      t.setDaemon(true);
      return t;
    });
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> open = new ArrayList<>();

    EchoServer(String name, InetSocketAddress at) throws IOException {
      this.name = name;
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(at);
      threads.execute(this::acceptLoop);
    }

    int port() {
      return server.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          accepted.incrementAndGet();
          synchronized (open) {
            open.add(s);
          }
          threads.execute(() -> serve(s));
        } catch (IOException | RejectedExecutionException e) {
          // closed while accepting; close() also closes the socket accepted last
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        OutputStream out = s.getOutputStream();
        out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
        }
        s.shutdownOutput();
      } catch (IOException e) {
        // the client or the proxy went away
      }
    }

    /** Stops accepting and closes the open connections, like a crashed node. */
    @Override
    public void close() {
      try {
        server.close();
      } catch (IOException e) {
        // nothing to do
      }
      synchronized (open) {
        for (Socket s : open) {
          try {
            s.close();
          } catch (IOException e) {
            // nothing to do
          }
        }
      }
      threads.shutdownNow();
    }
  }

  /** Answers every datagram with its name, a colon and the payload. */
  static final class UdpEcho implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    UdpEcho(String name, InetSocketAddress at) throws SocketException {
      socket = new DatagramSocket(at);
      thread = new Thread(() -> {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
          try {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            byte[] reply = (name + ":" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
          } catch (IOException e) {
            return;
          }
        }
      }, "udp-echo");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** Serves {@code /healthz} with a status that the test can change. */
  static final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private volatile int status = 200;

    HealthServer(InetSocketAddress at) throws IOException {
      server = HttpServer.create(at, 16);
      server.createContext("/healthz", ex -> {
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    void status(int code) {
      status = code;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** A client connection through the proxy, with a generous read timeout. */
  static Socket connect(InetSocketAddress to, String fromIp) throws IOException {
    Socket s = new Socket();
    if (fromIp != null) {
      s.bind(new InetSocketAddress(ip(fromIp), 0));
    }
    s.setSoTimeout(20_000);
    s.connect(to, 20_000);
    return s;
  }

  static String readLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    if (c < 0 && b.size() == 0) {
      return null;
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  /** Connects, reads the greeting and closes: which backend took the connection. */
  static String backendOf(InetSocketAddress lb, String fromIp) throws IOException {
    try (Socket s = connect(lb, fromIp)) {
      return readLine(s);
    }
  }
}
