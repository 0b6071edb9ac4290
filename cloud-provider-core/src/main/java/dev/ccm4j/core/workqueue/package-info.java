/**
 * Work queues and rate limiters with the semantics of client-go's {@code workqueue} package: a deduplicating FIFO
 * that never hands one item to two workers at once, a delaying queue that never drops items, per-item and overall
 * rate limiters, and the upstream {@code workqueue_*} Prometheus metrics. Unlike client-go the queue has priority
 * lanes, so that new or changed objects can overtake background resync work.
 *
 * <p>Queues are created through {@link dev.ccm4j.core.workqueue.WorkQueues}.
 */
package dev.ccm4j.core.workqueue;
