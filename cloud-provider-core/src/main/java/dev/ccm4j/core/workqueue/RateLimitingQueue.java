package dev.ccm4j.core.workqueue;

/**
 * A {@link DelayingQueue} that asks a {@link RateLimiter} how long each requeue should wait.
 *
 * @param <T> the item type
 */
public interface RateLimitingQueue<T> extends DelayingQueue<T> {

  /**
   * Adds an item to the foreground lane after the delay the rate limiter assigns to it.
   *
   * @param item the item
   */
  default void addRateLimited(T item) {
    addRateLimited(item, Priority.FOREGROUND);
  }

  /**
   * Adds an item to the given lane after the delay the rate limiter assigns to it.
   *
   * @param item the item
   * @param priority the lane
   */
  void addRateLimited(T item, Priority priority);

  /**
   * Tells the rate limiter to stop tracking an item, typically after it was processed successfully; this resets
   * its per-item backoff. It does not remove the item from the queue.
   *
   * @param item the item
   */
  void forget(T item);

  /**
   * Returns how many times the item has been requeued through the rate limiter since it was last forgotten.
   *
   * @param item the item
   * @return the number of rate-limited requeues
   */
  int numRequeues(T item);
}
