package dev.ccm4j.core.workqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-item two-speed backoff: the first {@code maxFastAttempts} requeues of an item wait {@code fastDelay}, later
 * ones wait {@code slowDelay}.
 *
 * @param <T> the item type
 */
public final class ItemFastSlowRateLimiter<T> implements RateLimiter<T> {

  private final Duration fastDelay;
  private final Duration slowDelay;
  private final int maxFastAttempts;
  private final FailureCounts<T> failures = new FailureCounts<>();

  /**
   * Creates the limiter.
   *
   * @param fastDelay the delay of the first {@code maxFastAttempts} requeues
   * @param slowDelay the delay of later requeues
   * @param maxFastAttempts how many requeues use the fast delay; zero or more
   */
  public ItemFastSlowRateLimiter(Duration fastDelay, Duration slowDelay, int maxFastAttempts) {
    this.fastDelay = requireNotNegative(fastDelay, "fastDelay");
    this.slowDelay = requireNotNegative(slowDelay, "slowDelay");
    if (maxFastAttempts < 0) {
      throw new IllegalArgumentException("maxFastAttempts must not be negative: " + maxFastAttempts);
    }
    this.maxFastAttempts = maxFastAttempts;
  }

  private static Duration requireNotNegative(Duration delay, String what) {
    Objects.requireNonNull(delay, what);
    if (delay.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + delay);
    }
    return delay;
  }

  @Override
  public Duration when(T item) {
    int previous;
    synchronized (failures) {
      previous = failures.recordFailure(item);
    }
    return previous < maxFastAttempts ? fastDelay : slowDelay;
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
