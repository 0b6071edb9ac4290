package dev.ccm4j.provider.local.proxy;

import dev.ccm4j.provider.local.LocalNet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread. Channels registered here are only touched on this thread; other threads hand it work with
 * {@link #execute} or {@link #call}. It also keeps pools of direct buffers, which need no locking because only
 * this thread uses them.
 */
final class EventLoop implements AutoCloseable {
  /** Large reads halve the system calls per byte, which is what bounds bulk throughput. */
  private static final int LARGE_BUFFER = 1024 * 1024;
  private static final int SMALL_BUFFER = 64 * 1024;
  /** Beyond this many large buffers held by stalled directions, new reads get small ones, bounding memory. */
  private static final int MAX_LARGE_IN_USE = 32;
  private static final int MAX_POOLED_LARGE = 8;
  private static final int MAX_POOLED_SMALL = 256;
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  /** Something registered with the selector that reacts to readiness. */
  interface Handler {
    /**
     * Called on the loop thread when the key is ready.
     *
     * @param key the ready key
     * @throws IOException to have {@link #failed} called
     */
    void ready(SelectionKey key) throws IOException;

    /**
     * Called on the loop thread when {@link #ready} threw.
     *
     * @param error what it threw
     */
    void failed(Exception error);
  }

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<ByteBuffer> large = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> small = new ArrayDeque<>();
  private int largeInUse;
  private final Thread thread;
  private volatile boolean running = true;

  EventLoop(String name) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /**
   * Runs a task on the loop and waits for it, so that for example a closed socket is released when this returns.
   *
   * @param task the task; it may close channels, whose descriptors are freed before this returns
   */
  void call(Runnable task) {
    if (inLoop()) {
      task.run();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    execute(() -> {
      try {
        task.run();
        // a channel closed while registered keeps its descriptor until the selector next deregisters it
        selector.selectNow();
        done.complete(null);
      } catch (RuntimeException | IOException e) {
        done.completeExceptionally(e);
      }
    });
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the proxy event loop", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("proxy event loop task failed: " + e.getMessage(), e);
    }
  }

  /**
   * A cleared direct buffer for one read; hand it back with {@link #giveBuffer} once its data is written. Loop
   * thread only.
   */
  ByteBuffer takeBuffer() {
    if (largeInUse < MAX_LARGE_IN_USE) {
      largeInUse++;
      ByteBuffer b = large.poll();
      return b != null ? b : ByteBuffer.allocateDirect(LARGE_BUFFER);
    }
    ByteBuffer b = small.poll();
    return b != null ? b : ByteBuffer.allocateDirect(SMALL_BUFFER);
  }

  void giveBuffer(ByteBuffer buffer) {
    buffer.clear();
    if (buffer.capacity() == LARGE_BUFFER) {
      largeInUse--;
      if (large.size() < MAX_POOLED_LARGE) {
        large.add(buffer);
      }
    } else if (small.size() < MAX_POOLED_SMALL) {
      small.add(buffer);
    }
  }

  private void run() {
    try {
      while (running) {
        selector.select();
        Runnable task;
        while ((task = tasks.poll()) != null) {
          runSafely(task);
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Handler h = (Handler) key.attachment();
          if (!key.isValid() || h == null) {
            continue;
          }
          try {
            h.ready(key);
          } catch (IOException | RuntimeException e) {
            h.failed(e);
          }
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (running) {
        LOG.warn("proxy event loop {} stopped: {}", thread.getName(), e.toString());
      }
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("proxy event loop task failed", e);
    }
  }

  @Override
  public void close() {
    call(() -> {
      for (SelectionKey k : selector.keys()) {
        LocalNet.closeQuietly(k.channel());
      }
    });
    running = false;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.debug("closing a selector failed", e);
    }
  }
}
