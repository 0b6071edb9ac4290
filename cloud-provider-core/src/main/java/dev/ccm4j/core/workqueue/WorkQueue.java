package dev.ccm4j.core.workqueue;

import java.time.Duration;
import java.util.Optional;

/**
 * A work queue with client-go semantics and priority lanes.
 *
 * <ul>
 *   <li>An item waiting in the queue is held once: adding it again is a no-op (the dirty set), except that adding it
 *       with a more urgent priority moves it to the tail of the more urgent lane.</li>
 *   <li>An item handed out by {@link #get()} is "processing" until {@link #done(Object)}; it is never handed to a
 *       second worker meanwhile. Adding it while it is processing marks it dirty and it is queued again on
 *       {@code done}.</li>
 *   <li>More urgent lanes are served first, FIFO within a lane.</li>
 *   <li>After {@link #shutDown()} adds are ignored, items still waiting are discarded and getters receive an empty
 *       result. (client-go hands out the remaining items first; here shutting down stops new work at once, and only
 *       the items already processing may finish, see {@link #shutDownWithDrain()}.)</li>
 * </ul>
 *
 * <p>Items are compared with {@code equals}/{@code hashCode} and must be immutable.
 *
 * @param <T> the item type
 */
public interface WorkQueue<T> {

  /**
   * Adds an item in the {@link Priority#FOREGROUND} lane.
   *
   * @param item the item
   */
  default void add(T item) {
    add(item, Priority.FOREGROUND);
  }

  /**
   * Adds an item in the {@link Priority#BACKGROUND} lane.
   *
   * @param item the item
   */
  default void addBackground(T item) {
    add(item, Priority.BACKGROUND);
  }

  /**
   * Adds an item in the given lane, following the deduplication and promotion rules of this interface.
   *
   * @param item the item
   * @param priority the lane
   */
  void add(T item, Priority priority);

  /**
   * Blocks until an item is available and hands it out.
   *
   * @return the item, or empty once the queue is shutting down
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  default Optional<T> get() throws InterruptedException {
    return getWithPriority().map(QueueItem::item);
  }

  /**
   * Like {@link #get()}, also reporting the lane the item came from.
   *
   * @return the item and its lane, or empty once the queue is shutting down
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  Optional<QueueItem<T>> getWithPriority() throws InterruptedException;

  /**
   * Marks an item handed out by {@link #get()} as processed; if it was added again meanwhile, it is queued again.
   *
   * @param item the item
   */
  void done(T item);

  /**
   * Returns the number of items waiting to be handed out (processing items are not counted).
   *
   * @return the number of waiting items
   */
  int len();

  /** Stops the queue: adds are ignored, waiting items are discarded and blocked getters return empty. */
  void shutDown();

  /**
   * Shuts the queue down like {@link #shutDown()}, then waits until every item being processed is {@code done}.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  void shutDownWithDrain() throws InterruptedException;

  /**
   * Shuts the queue down and waits at most {@code timeout} of real (not clock) time for processing items to finish.
   * Real time is used because the bound protects process shutdown, which must not depend on a test clock.
   *
   * @param timeout the maximum real time to wait
   * @return {@code true} if nothing is processing any more
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  boolean shutDownWithDrain(Duration timeout) throws InterruptedException;

  /**
   * Tells whether {@link #shutDown()} (or a draining variant) has been called.
   *
   * @return {@code true} once the queue is shutting down
   */
  boolean isShuttingDown();
}
