package dev.ccm4j.core.workqueue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client-go queue algorithm (waiting items, a dirty set and a processing set) with one FIFO lane per
 * {@link Priority}. Each lane is an insertion-ordered set, so promotion between lanes is O(1).
 */
final class BasicWorkQueue<T> implements WorkQueue<T> {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition itemAvailable = lock.newCondition();
  private final Condition processingFinished = lock.newCondition();
  private final Map<Priority, LinkedHashSet<T>> lanes = new EnumMap<>(Priority.class);
  /** Items that need processing, with the lane they belong to; a superset of the waiting items. */
  private final Map<T, Priority> dirty = new HashMap<>();
  private final Set<T> processing = new HashSet<>();
  private final QueueMetrics metrics;
  private boolean shuttingDown;
  private boolean metricsClosed;

  BasicWorkQueue(QueueMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    for (Priority priority : Priority.values()) {
      lanes.put(priority, new LinkedHashSet<>());
    }
  }

  @Override
  public void add(T item, Priority priority) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(priority, "priority");
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      Priority current = dirty.get(item);
      if (current != null) {
        if (priority.isMoreUrgentThan(current)) {
          dirty.put(item, priority);
          // A processing item is in no lane yet; done() will use the promoted priority.
          if (lanes.get(current).remove(item)) {
            lanes.get(priority).add(item);
          }
        }
        return;
      }
      dirty.put(item, priority);
      metrics.added(item);
      if (processing.contains(item)) {
        return;
      }
      lanes.get(priority).add(item);
      itemAvailable.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<QueueItem<T>> getWithPriority() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (waiting() == 0 && !shuttingDown) {
        itemAvailable.await();
      }
      if (shuttingDown) {
        return Optional.empty();
      }
      for (LinkedHashSet<T> lane : lanes.values()) {
        Iterator<T> head = lane.iterator();
        if (head.hasNext()) {
          T item = head.next();
          head.remove();
          processing.add(item);
          Priority priority = dirty.remove(item);
          metrics.gotten(item);
          return Optional.of(new QueueItem<>(item, priority));
        }
      }
      throw new IllegalStateException("a lane was non-empty but no item was found");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void done(T item) {
    Objects.requireNonNull(item, "item");
    lock.lock();
    try {
      if (!processing.remove(item)) {
        return;
      }
      metrics.done(item);
      Priority priority = dirty.get(item);
      if (priority != null && !shuttingDown) {
        lanes.get(priority).add(item);
        itemAvailable.signal();
      }
      if (processing.isEmpty()) {
        processingFinished.signalAll();
        closeMetricsIfFinished();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int len() {
    lock.lock();
    try {
      return waiting();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutDown() {
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      shuttingDown = true;
      for (T item : dirty.keySet()) {
        metrics.discarded(item);
      }
      dirty.clear();
      lanes.values().forEach(Set::clear);
      itemAvailable.signalAll();
      closeMetricsIfFinished();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    shutDown();
    lock.lockInterruptibly();
    try {
      while (!processing.isEmpty()) {
        processingFinished.await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean shutDownWithDrain(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    shutDown();
    lock.lockInterruptibly();
    try {
      long remaining = Durations.saturatedNanos(timeout);
      while (!processing.isEmpty() && remaining > 0) {
        remaining = processingFinished.awaitNanos(remaining);
      }
      return processing.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isShuttingDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }

  private int waiting() {
    int count = 0;
    for (LinkedHashSet<T> lane : lanes.values()) {
      count += lane.size();
    }
    return count;
  }

  private void closeMetricsIfFinished() {
    if (shuttingDown && processing.isEmpty() && !metricsClosed) {
      metricsClosed = true;
      metrics.close();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "WorkQueue[waiting=" + waiting() + ", processing=" + processing.size()
          + (shuttingDown ? ", shutting down]" : "]");
    } finally {
      lock.unlock();
    }
  }
}
