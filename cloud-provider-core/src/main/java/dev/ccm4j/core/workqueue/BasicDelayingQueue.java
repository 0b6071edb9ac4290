package dev.ccm4j.core.workqueue;

import dev.ccm4j.core.clock.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds delayed items in an unbounded set ordered by ready time, indexed by item for deduplication, and moves them to
 * the underlying queue when the clock reaches their time. A daemon thread waits for the earliest ready time; clock
 * jumps (a {@link dev.ccm4j.core.clock.ManualClock} advance) move due items synchronously on the advancing thread.
 */
final class BasicDelayingQueue<T> implements DelayingQueue<T> {

  /** Longer delays are clamped so that ready times never overflow; about 73 years. */
  private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

  private final WorkQueue<T> queue;
  private final Clock clock;
  private final QueueMetrics metrics;
  /** Ready times are kept relative to this reading so that they compare with plain {@code <}. */
  private final long origin;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition earliestChanged = lock.newCondition();
  private final NavigableSet<Waiting<T>> byReadyTime = new TreeSet<>(
      Comparator.<Waiting<T>>comparingLong(Waiting::readyAt).thenComparingLong(Waiting::sequence));
  private final Map<T, Waiting<T>> byItem = new HashMap<>();
  private final Thread waitingLoop;
  private final Clock.Subscription clockSubscription;
  private long nextSequence;
  private boolean stopped;

  private BasicDelayingQueue(String name, WorkQueue<T> queue, Clock clock, QueueMetrics metrics) {
    this.queue = queue;
    this.clock = clock;
    this.metrics = metrics;
    this.origin = clock.nanoTime();
    this.waitingLoop = new Thread(this::runWaitingLoop, name + "-delaying-queue");
    this.waitingLoop.setDaemon(true);
    this.clockSubscription = clock.onAdvance(this::onClockAdvanced);
  }

  static <T> BasicDelayingQueue<T> start(String name, WorkQueue<T> queue, Clock clock, QueueMetrics metrics) {
    BasicDelayingQueue<T> delaying = new BasicDelayingQueue<>(Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(queue, "queue"), Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(metrics, "metrics"));
    delaying.waitingLoop.start();
    return delaying;
  }

  @Override
  public void addAfter(T item, Duration delay, Priority priority) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(priority, "priority");
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      // The clock is read before the retry is counted, so whoever sees the count also sees the ready time it set.
      long now = elapsed();
      metrics.retried();
      if (delay.isZero() || delay.isNegative()) {
        queue.add(item, priority);
        return;
      }
      long readyAt = now + Math.min(Durations.saturatedNanos(delay), MAX_DELAY_NANOS);
      Waiting<T> existing = byItem.get(item);
      if (existing != null) {
        if (readyAt >= existing.readyAt() && !priority.isMoreUrgentThan(existing.priority())) {
          return;
        }
        byReadyTime.remove(existing);
        readyAt = Math.min(readyAt, existing.readyAt());
        priority = Priority.mostUrgent(priority, existing.priority());
      }
      Waiting<T> waiting = new Waiting<>(item, readyAt, priority, nextSequence++);
      byItem.put(item, waiting);
      byReadyTime.add(waiting);
      if (byReadyTime.first() == waiting) {
        earliestChanged.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int waitingCount() {
    lock.lock();
    try {
      return byItem.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void add(T item, Priority priority) {
    queue.add(item, priority);
  }

  @Override
  public Optional<QueueItem<T>> getWithPriority() throws InterruptedException {
    return queue.getWithPriority();
  }

  @Override
  public void done(T item) {
    queue.done(item);
  }

  @Override
  public int len() {
    return queue.len();
  }

  @Override
  public void shutDown() {
    stop();
    queue.shutDown();
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    stop();
    queue.shutDownWithDrain();
  }

  @Override
  public boolean shutDownWithDrain(Duration timeout) throws InterruptedException {
    stop();
    return queue.shutDownWithDrain(timeout);
  }

  @Override
  public boolean isShuttingDown() {
    return queue.isShuttingDown();
  }

  private void stop() {
    lock.lock();
    try {
      stopped = true;
      byItem.clear();
      byReadyTime.clear();
      earliestChanged.signalAll();
    } finally {
      lock.unlock();
    }
    clockSubscription.close();
  }

  private void runWaitingLoop() {
    lock.lock();
    try {
      while (!stopped) {
        moveDueItems();
        if (byReadyTime.isEmpty()) {
          earliestChanged.await();
        } else {
          clock.awaitUntil(lock, earliestChanged, origin + byReadyTime.first().readyAt());
        }
      }
    } catch (InterruptedException interrupted) {
      // Nobody but this class owns the thread, so an interrupt can only mean the JVM is going away.
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void onClockAdvanced() {
    lock.lock();
    try {
      if (!stopped) {
        moveDueItems();
        earliestChanged.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void moveDueItems() {
    long now = elapsed();
    while (!byReadyTime.isEmpty() && byReadyTime.first().readyAt() <= now) {
      Waiting<T> due = byReadyTime.pollFirst();
      byItem.remove(due.item());
      queue.add(due.item(), due.priority());
    }
  }

  private long elapsed() {
    return clock.nanoTime() - origin;
  }

  private record Waiting<T>(T item, long readyAt, Priority priority, long sequence) {
  }
}
