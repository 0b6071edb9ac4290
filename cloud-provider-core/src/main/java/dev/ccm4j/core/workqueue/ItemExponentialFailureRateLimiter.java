package dev.ccm4j.core.workqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-item exponential backoff: the n-th consecutive requeue of an item waits {@code base * 2^(n-1)}, capped at
 * {@code max}. The computation saturates, so the delay stays at {@code max} however many failures accumulate.
 *
 * @param <T> the item type
 */
public final class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {

  private final long baseNanos;
  private final long maxNanos;
  private final Duration max;
  private final FailureCounts<T> failures = new FailureCounts<>();

  /**
   * Creates the limiter.
   *
   * @param base the delay of the first requeue; zero or positive
   * @param max the largest delay; at least {@code base}
   */
  public ItemExponentialFailureRateLimiter(Duration base, Duration max) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(max, "max");
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 <= base <= max, got base=" + base + ", max=" + max);
    }
    this.baseNanos = Durations.saturatedNanos(base);
    this.maxNanos = Durations.saturatedNanos(max);
    this.max = max;
  }

  @Override
  public Duration when(T item) {
    int exponent;
    synchronized (failures) {
      exponent = failures.recordFailure(item);
    }
    return backoff(exponent);
  }

  private Duration backoff(int exponent) {
    if (baseNanos == 0) {
      return Duration.ZERO;
    }
    // base << exponent stays within maxNanos (hence within a long) iff base <= maxNanos >> exponent.
    if (exponent >= Long.SIZE - 1 || baseNanos > (maxNanos >> exponent)) {
      return max;
    }
    return Duration.ofNanos(baseNanos << exponent);
  }

  @Override
  public void forget(T item) {
    synchronized (failures) {
      failures.forget(item);
    }
  }

  @Override
  public int numRequeues(T item) {
    synchronized (failures) {
      return failures.count(item);
    }
  }
}
