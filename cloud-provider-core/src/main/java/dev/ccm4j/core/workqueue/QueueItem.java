package dev.ccm4j.core.workqueue;

import java.util.Objects;

/**
 * An item handed out by {@link WorkQueue#getWithPriority()} together with the lane it was taken from, so that a
 * worker can requeue it with the same priority.
 *
 * @param item the item; the worker must call {@link WorkQueue#done(Object)} with it
 * @param priority the lane the item was taken from
 * @param <T> the item type
 */
public record QueueItem<T>(T item, Priority priority) {

  /**
   * Validates the components.
   *
   * @param item the item
   * @param priority the lane
   */
  public QueueItem {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(priority, "priority");
  }
}
