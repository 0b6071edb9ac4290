package dev.ccm4j.kubeapi;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open watch: the events it must start with, then a bounded queue fed by writers. Writers only ever
 * {@link #offer}; when the queue is full the session is marked overflowed and its stream ends with 410.
 */
final class WatchSession {
  private static final WatchEvent WAKE_UP = new WatchEvent("WAKE_UP", new StoredObject(null, new byte[0], 0), null);

  private final List<WatchEvent> initial;
  private final LinkedBlockingQueue<WatchEvent> queue;
  private volatile boolean overflowed;
  private volatile boolean dropped;

  WatchSession(List<WatchEvent> initial, int capacity) {
    this.initial = List.copyOf(initial);
    this.queue = new LinkedBlockingQueue<>(capacity);
  }

  List<WatchEvent> initial() {
    return initial;
  }

  void offer(WatchEvent event) {
    if (!queue.offer(event)) {
      overflowed = true;
    }
  }

  void drop() {
    dropped = true;
    queue.offer(WAKE_UP);
  }

  boolean overflowed() {
    return overflowed;
  }

  boolean dropped() {
    return dropped;
  }

  boolean idle() {
    return queue.isEmpty();
  }

  /** The next event, or null when none arrived in time or the session was dropped. */
  WatchEvent poll(long timeoutMillis) throws InterruptedException {
    WatchEvent e = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    return e == WAKE_UP ? null : e;
  }
}
