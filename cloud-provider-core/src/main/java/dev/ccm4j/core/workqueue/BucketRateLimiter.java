package dev.ccm4j.core.workqueue;

import dev.ccm4j.core.clock.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * An overall token bucket, refilled at {@code qps} tokens per second up to {@code burst}. Every call reserves one
 * token, possibly in the future, like {@code golang.org/x/time/rate}'s {@code Reserve}: once the burst is spent,
 * successive calls return delays {@code 1/qps} apart. It has no per-item state.
 *
 * @param <T> the item type
 */
public final class BucketRateLimiter<T> implements RateLimiter<T> {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double qps;
  private final int burst;
  private final Clock clock;
  private double tokens;
  private long lastNanos;

  /**
   * Creates a full bucket.
   *
   * @param qps the refill rate in tokens per second; positive and finite
   * @param burst the bucket size; at least one
   * @param clock the clock measuring the refill
   */
  public BucketRateLimiter(double qps, int burst, Clock clock) {
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException("qps must be positive and finite: " + qps);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    this.qps = qps;
    this.burst = burst;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tokens = burst;
    this.lastNanos = clock.nanoTime();
  }

  @Override
  public synchronized Duration when(T item) {
    long now = clock.nanoTime();
    long elapsed = now - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed / NANOS_PER_SECOND * qps);
      lastNanos = now;
    }
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.round(-tokens * NANOS_PER_SECOND / qps));
  }

  @Override
  public void forget(T item) {
    // The bucket is shared by all items: there is nothing per item to forget.
  }

  @Override
  public int numRequeues(T item) {
    return 0;
  }
}
