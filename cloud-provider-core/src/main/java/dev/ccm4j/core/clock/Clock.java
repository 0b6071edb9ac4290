package dev.ccm4j.core.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A source of monotonic and wall-clock time, plus the one blocking primitive the runtime needs: waiting on a
 * condition until a point in this clock's time.
 *
 * <p>Monotonic values follow the {@link System#nanoTime()} convention: only differences are meaningful and they must
 * be compared by subtraction ({@code a - b > 0}), never with {@code <}, so that wrap-around is harmless.
 */
public interface Clock {

  /**
   * Returns the current value of the monotonic time source, in nanoseconds.
   *
   * @return a monotonic timestamp; only differences between two values are meaningful
   */
  long nanoTime();

  /**
   * Returns the current wall-clock time.
   *
   * @return the current instant
   */
  Instant now();

  /**
   * Waits on {@code condition} until it is signalled, the thread is interrupted, a spurious wake-up happens, or this
   * clock's {@link #nanoTime()} reaches {@code deadlineNanos}. Callers must hold {@code lock} (the lock that owns
   * {@code condition}) and re-check their state in a loop, exactly as with {@link Condition#awaitNanos(long)}.
   *
   * <p>A manually advanced clock wakes such waiters when it is advanced, so delayed work can be tested without any
   * real sleeping.
   *
   * @param lock the lock held by the caller and owning {@code condition}
   * @param condition the condition to wait on
   * @param deadlineNanos the {@link #nanoTime()} value at which to stop waiting
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException;

  /**
   * Registers a listener run after every jump of this clock. Clocks whose time flows continuously (the system
   * clock) never call it; a {@link ManualClock} calls it on the advancing thread after each advance, which lets a
   * component react to the new time before {@link ManualClock#advance(java.time.Duration)} returns.
   *
   * @param listener the listener; must not block for long
   * @return a subscription that removes the listener when closed
   */
  Subscription onAdvance(Runnable listener);

  /**
   * Blocks the calling thread until {@code duration} has passed on this clock. On a manual clock the sleeper wakes
   * when the clock is advanced past its deadline, so code that sleeps is testable without real waiting.
   *
   * @param duration how long to sleep; zero or negative returns at once
   * @throws InterruptedException if the thread is interrupted while sleeping
   */
  default void sleep(Duration duration) throws InterruptedException {
    long deadline = nanoTime() + duration.toNanos();
    Lock lock = new ReentrantLock();
    Condition condition = lock.newCondition();
    lock.lock();
    try {
      // awaitUntil may return early (spurious wake-up, an unrelated advance), so re-check the deadline.
      while (deadline - nanoTime() > 0) {
        awaitUntil(lock, condition, deadline);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code task} once, {@code delay} from now on this clock. The system clock runs it on one shared daemon
   * thread, so a task must be short and hand longer work to its own executor; a manual clock runs it on the thread
   * that advances the clock past the task's time.
   *
   * @param delay the delay; zero or negative runs the task as soon as possible
   * @param task the task; an exception it throws is logged and dropped
   * @return closing it cancels the task if it has not started
   */
  Subscription schedule(Duration delay, Runnable task);

  /**
   * Runs {@code task} first after {@code initialDelay}, then repeatedly {@code period} after each run ended (fixed
   * delay, so runs never overlap and a slow run delays the next instead of bunching up). Same threads as
   * {@link #schedule(Duration, Runnable)}.
   *
   * @param initialDelay the delay before the first run
   * @param period the delay between the end of one run and the start of the next; positive
   * @param task the task; an exception it throws is logged and does not stop later runs
   * @return closing it stops later runs
   */
  Subscription scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task);

  /**
   * Returns the clock backed by {@link System#nanoTime()} and {@link Instant#now()}.
   *
   * @return the system clock
   */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** A registration that can be cancelled; closing it twice is harmless. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {

    /** Cancels the registration. */
    @Override
    void close();
  }
}
