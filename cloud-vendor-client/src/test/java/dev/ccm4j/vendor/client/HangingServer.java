package dev.ccm4j.vendor.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that accepts connections, reads what the client sends and never answers, so that a call
 * hangs until the client gives up. It notices when the client closes the connection, which proves a cancel.
 */
final class HangingServer implements AutoCloseable {
  final CountDownLatch accepted = new CountDownLatch(1);
  final CountDownLatch clientClosed = new CountDownLatch(1);
  final AtomicInteger connections = new AtomicInteger();
  private final ServerSocket socket;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  HangingServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "hanging-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        open.add(s);
        connections.incrementAndGet();
        accepted.countDown();
        Thread reader = new Thread(() -> drain(s), "hanging-server-read");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void drain(Socket s) {
    try (InputStream in = s.getInputStream()) {
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // keep reading the request; never answer
      }
      clientClosed.countDown();
    } catch (IOException e) {
      clientClosed.countDown();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
