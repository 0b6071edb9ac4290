package dev.ccm4j.provider.local.proxy;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's threads: one selector loop per two cores (at least one), a two-thread scheduler for health checks
 * and one timer thread for connect timeouts, kept apart so that slow probes never delay a timeout. Nothing here
 * grows with the number of connections.
 */
public final class ProxyEngine implements AutoCloseable {
  private static final int HEALTH_THREADS = 2;

  private final EventLoop[] loops;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicInteger next = new AtomicInteger();

  public ProxyEngine() {
    int count = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    loops = new EventLoop[count];
    for (int i = 0; i < count; i++) {
      loops[i] = new EventLoop("local-lb-proxy-" + i);
    }
    AtomicInteger n = new AtomicInteger();
    scheduler = new ScheduledThreadPoolExecutor(HEALTH_THREADS, r -> {
      Thread t = new Thread(r, "local-lb-health-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "local-lb-timer");
      t.setDaemon(true);
      return t;
    });
  }

  EventLoop nextLoop() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    scheduler.shutdownNow();
    for (EventLoop l : loops) {
      l.close();
    }
  }
}
