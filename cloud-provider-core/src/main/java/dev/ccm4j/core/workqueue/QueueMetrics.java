package dev.ccm4j.core.workqueue;

/**
 * Receives the events of one queue, to turn them into metrics. Queues call these methods while holding their own
 * lock, so implementations must be fast and must not call back into the queue.
 */
public interface QueueMetrics {

  /**
   * An item entered the dirty set (it is new to the queue, or was added again while processing).
   *
   * @param item the item
   */
  void added(Object item);

  /**
   * An item was handed out to a worker.
   *
   * @param item the item
   */
  void gotten(Object item);

  /**
   * A worker finished an item.
   *
   * @param item the item
   */
  void done(Object item);

  /**
   * An item that had been added was discarded without being handed out, because the queue shut down.
   *
   * @param item the item
   */
  void discarded(Object item);

  /** An item was requeued with a delay. */
  void retried();

  /** The queue is shut down and nothing is processing; no further events follow. */
  void close();
}
