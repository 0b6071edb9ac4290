package dev.ccm4j.core.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for the runtime's executors: a thread dump shows who owns each thread, and none of them
 * keeps the JVM alive after the manager has stopped.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /**
   * A factory naming its threads {@code <prefix>-1}, {@code <prefix>-2}, ...
   *
   * @param prefix the owner, for example {@code route-resync}
   * @return the factory
   */
  public static ThreadFactory factory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
