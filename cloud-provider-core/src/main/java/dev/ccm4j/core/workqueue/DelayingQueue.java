package dev.ccm4j.core.workqueue;

import java.time.Duration;

/**
 * A {@link WorkQueue} that can also add items after a delay measured on the queue's clock. Delayed items are never
 * dropped. An item already waiting for its delay keeps the earliest ready time and the most urgent priority of all
 * the requests made for it.
 *
 * @param <T> the item type
 */
public interface DelayingQueue<T> extends WorkQueue<T> {

  /**
   * Adds an item to the foreground lane once {@code delay} has elapsed.
   *
   * @param item the item
   * @param delay the delay; zero or negative adds immediately
   */
  default void addAfter(T item, Duration delay) {
    addAfter(item, delay, Priority.FOREGROUND);
  }

  /**
   * Adds an item to the given lane once {@code delay} has elapsed.
   *
   * @param item the item
   * @param delay the delay; zero or negative adds immediately
   * @param priority the lane to add the item to when it is ready
   */
  void addAfter(T item, Duration delay, Priority priority);

  /**
   * Returns how many distinct items are waiting for their delay to elapse.
   *
   * @return the number of delayed items not yet added to the queue
   */
  int waitingCount();
}
