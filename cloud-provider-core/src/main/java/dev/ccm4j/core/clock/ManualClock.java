package dev.ccm4j.core.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A clock that only moves when {@link #advance(Duration)} is called. Thread-safe. Threads waiting through
 * {@link #awaitUntil(Lock, Condition, long)} are woken by every advance, and {@link #onAdvance(Runnable)} listeners
 * run on the advancing thread before {@code advance} returns, so a test can advance time and then observe the effect
 * deterministically.
 */
public final class ManualClock implements Clock {

  /** The wall time a clock created with {@link #ManualClock()} starts at. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

  private final Object advanceLock = new Object();
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile Reading reading;

  /** Creates a clock at {@link #DEFAULT_START} with a monotonic reading of zero. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /**
   * Creates a clock at the given wall time with a monotonic reading of zero.
   *
   * @param start the initial wall time
   */
  public ManualClock(Instant start) {
    this.reading = new Reading(0L, Objects.requireNonNull(start, "start"));
  }

  @Override
  public long nanoTime() {
    return reading.nanos();
  }

  @Override
  public Instant now() {
    return reading.wall();
  }

  /**
   * Moves both the monotonic and the wall time forward, then runs the advance listeners and wakes every waiter.
   *
   * @param step how far to move; zero is allowed (it still notifies), negative is rejected
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public void advance(Duration step) {
    Objects.requireNonNull(step, "step");
    if (step.isNegative()) {
      throw new IllegalArgumentException("a manual clock cannot go backwards: " + step);
    }
    synchronized (advanceLock) {
      Reading current = reading;
      reading = new Reading(current.nanos() + step.toNanos(), current.wall().plus(step));
    }
    // Listeners may take other locks, so they run outside advanceLock.
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException {
    if (deadlineNanos - nanoTime() <= 0) {
      return;
    }
    // The caller holds lock, so an advance racing with this method blocks in the listener until await() has
    // released the lock: the signal cannot be lost.
    Subscription wakeUp = onAdvance(() -> signal(lock, condition));
    try {
      if (deadlineNanos - nanoTime() > 0) {
        condition.await();
      }
    } finally {
      wakeUp.close();
    }
  }

  private static void signal(Lock lock, Condition condition) {
    lock.lock();
    try {
      condition.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Subscription onAdvance(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public String toString() {
    Reading current = reading;
    return "ManualClock[" + current.wall() + ", nanos=" + current.nanos() + "]";
  }

  private record Reading(long nanos, Instant wall) {
  }
}
