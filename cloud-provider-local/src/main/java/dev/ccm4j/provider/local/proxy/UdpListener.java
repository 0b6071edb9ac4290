package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.LocalNet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A UDP port of a load balancer. Each client address gets a session: a datagram channel connected to the backend
 * chosen for it, whose replies go back to the client from the load balancer's address. Datagrams from outside the
 * source ranges are dropped; idle sessions expire.
 */
final class UdpListener implements EventLoop.Handler, AutoCloseable {
  private static final int MAX_DATAGRAM = 65_535;

  private final EventLoop loop;
  private final DatagramChannel channel;
  private final BackendPool pool;
  private final Supplier<SourceFilter> filter;
  private final Map<SocketAddress, Session> sessions = new HashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private final InetSocketAddress bound;

  private UdpListener(EventLoop loop, DatagramChannel channel, BackendPool pool, Supplier<SourceFilter> filter,
      InetSocketAddress bound) {
    this.loop = loop;
    this.bound = bound;
    this.channel = channel;
    this.pool = pool;
    this.filter = filter;
  }

  static UdpListener open(EventLoop loop, InetSocketAddress address, BackendPool pool, Supplier<SourceFilter> filter)
      throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    InetSocketAddress bound;
    try {
      ch.bind(address);
      ch.configureBlocking(false);
      bound = (InetSocketAddress) ch.getLocalAddress();
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    ListenerRegistry.PROCESS.add("UDP", bound);
    UdpListener l = new UdpListener(loop, ch, pool, filter, bound);
    loop.call(() -> {
      try {
        ch.register(loop.selector(), SelectionKey.OP_READ, l);
      } catch (IOException e) {
        LocalNet.closeQuietly(ch);
      }
    });
    return l;
  }

  BackendPool pool() {
    return pool;
  }

  @Override
  public void ready(SelectionKey key) throws IOException {
    while (true) {
      buffer.clear();
      SocketAddress from = channel.receive(buffer);
      if (from == null) {
        return;
      }
      if (!filter.get().allows(((InetSocketAddress) from).getAddress())) {
        continue;
      }
      buffer.flip();
      Session s = sessions.get(from);
      if (s == null) {
        s = openSession(from);
        if (s == null) {
          continue;
        }
      }
      s.lastActive = System.nanoTime();
      try {
        s.channel.write(buffer);
      } catch (IOException e) {
        s.close();
      }
    }
  }

  private Session openSession(SocketAddress client) {
    Optional<Backend> b = pool.choose(((InetSocketAddress) client).getAddress(), Set.of());
    if (b.isEmpty()) {
      return null;
    }
    DatagramChannel up = null;
    try {
      up = DatagramChannel.open();
      up.configureBlocking(false);
      up.connect(b.get().address());
      Session s = new Session(client, up);
      up.register(loop.selector(), SelectionKey.OP_READ, s);
      sessions.put(client, s);
      return s;
    } catch (IOException e) {
      LocalNet.closeQuietly(up);
      return null;
    }
  }

  @Override
  public void failed(Exception error) {
    // a receive error (for example an ICMP error for one client) does not stop the port
  }

  /**
   * Closes sessions idle for longer than {@code idleNanos}; called from any thread.
   *
   * @param idleNanos the idle limit
   */
  void expireSessions(long idleNanos) {
    loop.execute(() -> {
      long now = System.nanoTime();
      for (Session s : sessions.values().toArray(new Session[0])) {
        if (now - s.lastActive > idleNanos) {
          s.close();
        }
      }
    });
  }

  @Override
  public void close() {
    try {
      loop.call(() -> {
        for (Session s : sessions.values().toArray(new Session[0])) {
          s.close();
        }
        LocalNet.closeQuietly(channel);
      });
    } finally {
      ListenerRegistry.PROCESS.remove("UDP", bound);
    }
  }

  /** A client's datagram flow to its backend. */
  private final class Session implements EventLoop.Handler {
    private final SocketAddress client;
    private final DatagramChannel channel;
    private long lastActive = System.nanoTime();

    Session(SocketAddress client, DatagramChannel channel) {
      this.client = client;
      this.channel = channel;
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
      while (true) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n <= 0) {
          return;
        }
        buffer.flip();
        lastActive = System.nanoTime();
        UdpListener.this.channel.send(buffer, client);
      }
    }

    @Override
    public void failed(Exception error) {
      // typically ICMP port unreachable from a dead backend: the next datagram opens a fresh session
      close();
    }

    void close() {
      sessions.remove(client, this);
      LocalNet.closeQuietly(channel);
    }
  }
}
