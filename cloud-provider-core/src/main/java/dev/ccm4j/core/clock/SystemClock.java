package dev.ccm4j.core.clock;

import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/** The real clock: {@link System#nanoTime()} for monotonic time and {@link Instant#now()} for wall time. */
final class SystemClock implements Clock {

  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining > 0) {
      condition.awaitNanos(remaining);
    }
  }

  @Override
  public Subscription onAdvance(Runnable listener) {
    // Real time never jumps, so there is nothing to notify.
    return () -> { };
  }

  @Override
  public String toString() {
    return "SystemClock";
  }
}
