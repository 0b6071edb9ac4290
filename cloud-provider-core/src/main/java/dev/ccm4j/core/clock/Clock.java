package dev.ccm4j.core.clock;

import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

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
