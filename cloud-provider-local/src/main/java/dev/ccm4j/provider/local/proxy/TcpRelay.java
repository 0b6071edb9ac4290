package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.LocalNet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One proxied TCP connection: a client channel, a backend channel and a buffer per direction, all on one event
 * loop. A direction reads only while nothing of it waits to be written, so a slow receiver stops the sender
 * (backpressure). An end-of-stream is passed on as a half-close, and the pair closes once both directions ended or
 * on any error. A backend that refuses or does not answer within the connect timeout is replaced by the next one.
 */
final class TcpRelay {
  private static final int READS_PER_EVENT = 16;
  private static final long CONNECT_TIMEOUT_MILLIS = 3_000;

  private final EventLoop loop;
  private final BackendPool pool;
  private final ConnectionTracker tracker;
  private final ScheduledExecutorService timer;
  private final SocketChannel client;
  private final Set<InetSocketAddress> failed = new HashSet<>();
  private SocketChannel backend;
  private InetSocketAddress target;
  private SelectionKey clientKey;
  private SelectionKey backendKey;
  private Direction up;
  private Direction down;
  private int attempt;
  private boolean closed;

  private TcpRelay(EventLoop loop, BackendPool pool, ConnectionTracker tracker, ScheduledExecutorService timer,
      SocketChannel client) {
    this.loop = loop;
    this.pool = pool;
    this.tracker = tracker;
    this.timer = timer;
    this.client = client;
  }

  /** Starts relaying an accepted client connection; must run on {@code loop}. */
  static void start(EventLoop loop, BackendPool pool, ConnectionTracker tracker, ScheduledExecutorService timer,
      SocketChannel client) throws IOException {
    TcpRelay r = new TcpRelay(loop, pool, tracker, timer, client);
    client.configureBlocking(false);
    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    r.clientKey = client.register(loop.selector(), 0, r.handler(true));
    tracker.opened(r);
    r.connectNext();
  }

  private void connectNext() {
    InetSocketAddress from;
    try {
      from = (InetSocketAddress) client.getRemoteAddress();
    } catch (IOException e) {
      close();
      return;
    }
    Optional<Backend> b = from == null ? Optional.empty() : pool.choose(from.getAddress(), failed);
    if (b.isEmpty()) {
      close();
      return;
    }
    target = b.get().address();
    try {
      backend = SocketChannel.open();
      backend.configureBlocking(false);
      backend.setOption(StandardSocketOptions.TCP_NODELAY, true);
      backendKey = backend.register(loop.selector(), 0, handler(false));
      if (backend.connect(target)) {
        connected();
      } else {
        backendKey.interestOps(SelectionKey.OP_CONNECT);
        int thisAttempt = ++attempt;
        timer.schedule(() -> loop.execute(() -> connectTimedOut(thisAttempt)), CONNECT_TIMEOUT_MILLIS,
            TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      retry();
    }
  }

  private void connectTimedOut(int which) {
    if (!closed && up == null && which == attempt) {
      retry();
    }
  }

  private void retry() {
    failed.add(target);
    LocalNet.closeQuietly(backend);
    backend = null;
    backendKey = null;
    connectNext();
  }

  private void connected() {
    up = new Direction(client, backend);
    down = new Direction(backend, client);
    updateInterest();
  }

  private EventLoop.Handler handler(boolean clientSide) {
    return new EventLoop.Handler() {
      @Override
      public void ready(SelectionKey key) throws IOException {
        if (!clientSide && key.isConnectable()) {
          try {
            backend.finishConnect();
          } catch (IOException e) {
            retry();
            return;
          }
          connected();
          return;
        }
        if (up == null) {
          return;
        }
        Direction out = clientSide ? up : down;
        Direction in = clientSide ? down : up;
        if (key.isWritable()) {
          in.pump();
        }
        if (key.isReadable()) {
          out.pump();
        }
        afterPump();
      }

      @Override
      public void failed(Exception error) {
        close();
      }
    };
  }

  private void afterPump() {
    if (up.finished() && down.finished()) {
      close();
    } else {
      updateInterest();
    }
  }

  private void updateInterest() {
    if (closed) {
      return;
    }
    setInterest(clientKey, (up.wantsRead() ? SelectionKey.OP_READ : 0)
        | (down.wantsWrite() ? SelectionKey.OP_WRITE : 0));
    setInterest(backendKey, (down.wantsRead() ? SelectionKey.OP_READ : 0)
        | (up.wantsWrite() ? SelectionKey.OP_WRITE : 0));
  }

  private static void setInterest(SelectionKey key, int ops) {
    // an unchanged interest set would still queue a selector update
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  /** Closes both sides at once; safe to call more than once, on the loop thread. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    LocalNet.closeQuietly(client);
    LocalNet.closeQuietly(backend);
    if (up != null) {
      up.release();
      down.release();
    }
    tracker.closed(this);
  }

  /** Closes from any thread. */
  void closeAsync() {
    loop.execute(this::close);
  }

  /**
   * One direction of the relay. It holds a pooled buffer only while data waits for the receiver, so idle
   * connections cost no buffer memory.
   */
  private final class Direction {
    private final SocketChannel from;
    private final SocketChannel to;
    private ByteBuffer pending;
    private boolean eof;

    Direction(SocketChannel from, SocketChannel to) {
      this.from = from;
      this.to = to;
    }

    void pump() throws IOException {
      if (pending != null && !flush()) {
        return;
      }
      for (int i = 0; i < READS_PER_EVENT && !eof && pending == null; i++) {
        ByteBuffer buffer = loop.takeBuffer();
        int n;
        try {
          n = from.read(buffer);
        } catch (IOException e) {
          loop.giveBuffer(buffer);
          throw e;
        }
        if (n <= 0) {
          loop.giveBuffer(buffer);
          if (n < 0) {
            eof = true;
            to.shutdownOutput();
          }
          return;
        }
        buffer.flip();
        pending = buffer;
        flush();
      }
    }

    private boolean flush() throws IOException {
      to.write(pending);
      if (pending.hasRemaining()) {
        return false;
      }
      loop.giveBuffer(pending);
      pending = null;
      return true;
    }

    void release() {
      if (pending != null) {
        loop.giveBuffer(pending);
        pending = null;
      }
    }

    boolean wantsRead() {
      return !eof && pending == null;
    }

    boolean wantsWrite() {
      return pending != null;
    }

    boolean finished() {
      return eof && pending == null;
    }
  }
}
