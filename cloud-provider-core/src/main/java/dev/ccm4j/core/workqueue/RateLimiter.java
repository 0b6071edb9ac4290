package dev.ccm4j.core.workqueue;

import java.time.Duration;

/**
 * Decides how long an item must wait before it is requeued. Implementations are thread-safe.
 *
 * @param <T> the item type
 */
public interface RateLimiter<T> {

  /**
   * Records a requeue of the item and returns how long it must wait.
   *
   * @param item the item
   * @return the delay, never negative
   */
  Duration when(T item);

  /**
   * Stops tracking the item, resetting any per-item backoff.
   *
   * @param item the item
   */
  void forget(T item);

  /**
   * Returns how many times {@link #when(Object)} was called for the item since it was last forgotten.
   *
   * @param item the item
   * @return the number of requeues; zero for limiters without per-item state
   */
  int numRequeues(T item);
}
