package dev.ccm4j.core.workqueue;

import dev.ccm4j.core.clock.Clock;
import java.time.Duration;
import java.util.List;

/** Ready-made rate limiters. */
public final class RateLimiters {

  /** The first per-item backoff of the default controller limiter. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(5);
  /** The largest per-item backoff of the default controller limiter. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1000);
  /** The overall requeue rate of the default controller limiter, per second. */
  public static final double DEFAULT_QPS = 10;
  /** The overall requeue burst of the default controller limiter. */
  public static final int DEFAULT_BURST = 100;

  private RateLimiters() {
  }

  /**
   * Returns client-go's default controller limiter: the larger of a per-item exponential backoff from 5 ms to
   * 1000 s and an overall bucket of 10 requeues per second with a burst of 100.
   *
   * @param clock the clock refilling the bucket
   * @param <T> the item type
   * @return a new limiter
   */
  public static <T> RateLimiter<T> defaultControllerRateLimiter(Clock clock) {
    return new MaxOfRateLimiter<T>(List.of(
        new ItemExponentialFailureRateLimiter<>(DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY),
        new BucketRateLimiter<>(DEFAULT_QPS, DEFAULT_BURST, clock)));
  }
}
