package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.LocalNet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A listening TCP port of a load balancer. Accepted connections from outside the source ranges are closed at
 * once; the others become a {@link TcpRelay} on the same loop.
 */
final class TcpListener implements EventLoop.Handler, AutoCloseable {
  private static final int ACCEPTS_PER_EVENT = 64;

  private final EventLoop loop;
  private final ServerSocketChannel server;
  private final BackendPool pool;
  private final Supplier<SourceFilter> filter;
  private final ConnectionTracker tracker;
  private final ScheduledExecutorService timer;
  private final InetSocketAddress bound;

  private TcpListener(EventLoop loop, ServerSocketChannel server, BackendPool pool, Supplier<SourceFilter> filter,
      ConnectionTracker tracker, ScheduledExecutorService timer, InetSocketAddress bound) {
    this.loop = loop;
    this.bound = bound;
    this.server = server;
    this.pool = pool;
    this.filter = filter;
    this.tracker = tracker;
    this.timer = timer;
  }

  /**
   * Binds the port (on the caller's thread, so that a bind failure is reported to it) and starts accepting.
   *
   * @throws IOException if the address cannot be bound
   */
  static TcpListener open(EventLoop loop, InetSocketAddress address, BackendPool pool, Supplier<SourceFilter> filter,
      ConnectionTracker tracker, ScheduledExecutorService timer) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    InetSocketAddress bound;
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address, 1024);
      server.configureBlocking(false);
      bound = (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      server.close();
      throw e;
    }
    // known before the first accept, so no backend of any load balancer is ever dialled at this address
    ListenerRegistry.PROCESS.add("TCP", bound);
    TcpListener l = new TcpListener(loop, server, pool, filter, tracker, timer, bound);
    loop.call(() -> {
      try {
        server.register(loop.selector(), SelectionKey.OP_ACCEPT, l);
      } catch (IOException e) {
        LocalNet.closeQuietly(server);
      }
    });
    return l;
  }

  BackendPool pool() {
    return pool;
  }

  @Override
  public void ready(SelectionKey key) throws IOException {
    for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
      SocketChannel c = server.accept();
      if (c == null) {
        return;
      }
      InetSocketAddress from = (InetSocketAddress) c.getRemoteAddress();
      if (from == null || !filter.get().allows(from.getAddress())) {
        // a zero linger turns the close into a reset, so the refused client learns at once
        c.setOption(StandardSocketOptions.SO_LINGER, 0);
        c.close();
        continue;
      }
      try {
        TcpRelay.start(loop, pool, tracker, timer, c);
      } catch (IOException e) {
        LocalNet.closeQuietly(c);
      }
    }
  }

  @Override
  public void failed(Exception error) {
    // an accept error concerns one connection; the listener keeps going
  }

  /** Stops accepting and releases the port before returning; open connections are not touched. */
  @Override
  public void close() {
    try {
      loop.call(() -> LocalNet.closeQuietly(server));
    } finally {
      ListenerRegistry.PROCESS.remove("TCP", bound);
    }
  }
}
