package dev.ccm4j.core.workqueue;

import java.time.Duration;
import java.util.List;

/**
 * Combines limiters by taking, for each requeue, the longest delay any of them returns. Every limiter records every
 * requeue.
 *
 * @param <T> the item type
 */
public final class MaxOfRateLimiter<T> implements RateLimiter<T> {

  private final List<RateLimiter<T>> limiters;

  /**
   * Creates the combination.
   *
   * @param limiters the limiters; at least one
   */
  public MaxOfRateLimiter(List<? extends RateLimiter<T>> limiters) {
    this.limiters = List.copyOf(limiters);
    if (this.limiters.isEmpty()) {
      throw new IllegalArgumentException("at least one rate limiter is required");
    }
  }

  @Override
  public Duration when(T item) {
    Duration longest = Duration.ZERO;
    for (RateLimiter<T> limiter : limiters) {
      Duration delay = limiter.when(item);
      if (delay.compareTo(longest) > 0) {
        longest = delay;
      }
    }
    return longest;
  }

  @Override
  public void forget(T item) {
    limiters.forEach(limiter -> limiter.forget(item));
  }

  @Override
  public int numRequeues(T item) {
    int most = 0;
    for (RateLimiter<T> limiter : limiters) {
      most = Math.max(most, limiter.numRequeues(item));
    }
    return most;
  }
}
