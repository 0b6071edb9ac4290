package dev.ccm4j.core.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real clock: {@link System#nanoTime()} for monotonic time and {@link Instant#now()} for wall time. */
final class SystemClock implements Clock {

  static final SystemClock INSTANCE = new SystemClock();

  private static final Logger LOG = LoggerFactory.getLogger(SystemClock.class);

  private SystemClock() {
  }

  /** Created on first use, so a process that never schedules starts no thread. */
  private static final class Timer {
    static final ScheduledExecutorService EXECUTOR = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "ccm4j-clock");
        thread.setDaemon(true);
        return thread;
      });
      // Cancelled periodic tasks leave the queue at once instead of at their next due time.
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }

  @Override
  public Subscription schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future = Timer.EXECUTOR.schedule(guarded(task), Math.max(0, delay.toNanos()),
        TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public Subscription scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
    ManualClock.requirePositive(period);
    ScheduledFuture<?> future = Timer.EXECUTOR.scheduleWithFixedDelay(guarded(task),
        Math.max(0, initialDelay.toNanos()), period.toNanos(), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /** An exception would silently end a periodic task on a scheduled executor; log it and keep going instead. */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("scheduled task failed", e);
      }
    };
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
