package dev.ccm4j.core.workqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * Caps the delays of another limiter at a maximum wait.
 *
 * @param <T> the item type
 */
public final class WithMaxWaitRateLimiter<T> implements RateLimiter<T> {

  private final RateLimiter<T> limiter;
  private final Duration maxWait;

  /**
   * Creates the cap.
   *
   * @param limiter the limiter whose delays are capped
   * @param maxWait the longest delay returned; not negative
   */
  public WithMaxWaitRateLimiter(RateLimiter<T> limiter, Duration maxWait) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
  }

  @Override
  public Duration when(T item) {
    Duration delay = limiter.when(item);
    return delay.compareTo(maxWait) > 0 ? maxWait : delay;
  }

  @Override
  public void forget(T item) {
    limiter.forget(item);
  }

  @Override
  public int numRequeues(T item) {
    return limiter.numRequeues(item);
  }
}
