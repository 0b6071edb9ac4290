package dev.ccm4j.core.cloud;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A fair token bucket whose refill rate adapts to throttling (additive increase, multiplicative decrease) and
 * which can be closed for a while when the cloud asks for a pause.
 *
 * <p>Callers reserve their token under a fair lock, so tokens are handed out in arrival order; the wait for a
 * reserved token happens outside the lock. The bucket may go negative: a negative balance is the queue of callers
 * already waiting.
 */
final class AdaptiveRateLimiter {
  private static final double NANOS_PER_SECOND = 1e9;

  private final ReentrantLock lock = new ReentrantLock(true);
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final double maxRate;
  private final double minRate;
  private final double recoveryStep;
  private final int burst;

  private double rate;
  private double tokens;
  private long refilledAt;
  private long closedUntil;
  private boolean closed;

  AdaptiveRateLimiter(
      double qps, int burst, double minQps, double recoveryStep, LongSupplier nanoTime, Sleeper sleeper) {
    this.maxRate = qps;
    this.minRate = minQps;
    this.recoveryStep = recoveryStep;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.rate = qps;
    this.tokens = burst;
    this.refilledAt = nanoTime.getAsLong();
  }

  /**
   * Takes one token, waiting for it and for the end of any pause the cloud requested.
   *
   * @return the nanoseconds spent waiting
   * @throws InterruptedException if interrupted while waiting; the token is given back
   */
  long acquire() throws InterruptedException {
    long start = nanoTime.getAsLong();
    long wait = reserve(start);
    try {
      sleeper.sleepNanos(wait);
      // A throttle reported while this caller slept may have closed the bucket for longer.
      for (long pause = pauseRemaining(); pause > 0; pause = pauseRemaining()) {
        sleeper.sleepNanos(pause);
      }
    } catch (InterruptedException e) {
      giveBack();
      throw e;
    }
    return Math.max(0, nanoTime.getAsLong() - start);
  }

  /** Records a successful call: the rate grows back by one step towards the configured qps. */
  void onSuccess() {
    lock.lock();
    try {
      if (rate < maxRate) {
        refill(nanoTime.getAsLong());
        rate = Math.min(maxRate, rate + recoveryStep);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records a throttled call: the rate halves (down to the floor), saved-up burst is dropped, and when the cloud
   * said how long to wait no token is handed out before then.
   *
   * @param retryAfter the cloud's advice, or null
   */
  void onThrottled(Duration retryAfter) {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      refill(now);
      rate = Math.max(minRate, rate / 2);
      tokens = Math.min(tokens, 0);
      if (retryAfter != null) {
        long until = now + retryAfter.toNanos();
        if (!closed || until - closedUntil > 0) {
          closedUntil = until;
          closed = true;
        }
        if (closedUntil - refilledAt > 0) {
          refilledAt = closedUntil;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The current refill rate.
   *
   * @return tokens per second
   */
  double rate() {
    lock.lock();
    try {
      return rate;
    } finally {
      lock.unlock();
    }
  }

  private long reserve(long now) {
    lock.lock();
    try {
      refill(now);
      tokens -= 1;
      long readyAt = tokens >= 0 ? now : refilledAt + (long) Math.ceil(-tokens * NANOS_PER_SECOND / rate);
      if (closed && closedUntil - readyAt > 0) {
        readyAt = closedUntil;
      }
      return Math.max(0, readyAt - now);
    } finally {
      lock.unlock();
    }
  }

  private long pauseRemaining() {
    lock.lock();
    try {
      if (!closed) {
        return 0;
      }
      long remaining = closedUntil - nanoTime.getAsLong();
      if (remaining <= 0) {
        closed = false;
        return 0;
      }
      return remaining;
    } finally {
      lock.unlock();
    }
  }

  private void giveBack() {
    lock.lock();
    try {
      tokens = Math.min(burst, tokens + 1);
    } finally {
      lock.unlock();
    }
  }

  /** Adds the tokens earned since the last refill; time before {@code refilledAt} (a pause) earns nothing. */
  private void refill(long now) {
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * rate / NANOS_PER_SECOND);
      refilledAt = now;
    }
  }
}
