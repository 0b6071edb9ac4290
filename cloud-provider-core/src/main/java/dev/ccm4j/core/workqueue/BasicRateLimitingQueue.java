package dev.ccm4j.core.workqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A delaying queue whose rate-limited adds wait for the delay chosen by a {@link RateLimiter}. */
final class BasicRateLimitingQueue<T> implements RateLimitingQueue<T> {

  private final DelayingQueue<T> queue;
  private final RateLimiter<T> limiter;

  BasicRateLimitingQueue(DelayingQueue<T> queue, RateLimiter<T> limiter) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  @Override
  public void addRateLimited(T item, Priority priority) {
    Objects.requireNonNull(item, "item");
    if (queue.isShuttingDown()) {
      return;
    }
    queue.addAfter(item, limiter.when(item), priority);
  }

  @Override
  public void forget(T item) {
    limiter.forget(item);
  }

  @Override
  public int numRequeues(T item) {
    return limiter.numRequeues(item);
  }

  @Override
  public void addAfter(T item, Duration delay, Priority priority) {
    queue.addAfter(item, delay, priority);
  }

  @Override
  public int waitingCount() {
    return queue.waitingCount();
  }

  @Override
  public void add(T item, Priority priority) {
    queue.add(item, priority);
  }

  @Override
  public Optional<QueueItem<T>> getWithPriority() throws InterruptedException {
    return queue.getWithPriority();
  }

  @Override
  public void done(T item) {
    queue.done(item);
  }

  @Override
  public int len() {
    return queue.len();
  }

  @Override
  public void shutDown() {
    queue.shutDown();
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    queue.shutDownWithDrain();
  }

  @Override
  public boolean shutDownWithDrain(Duration timeout) throws InterruptedException {
    return queue.shutDownWithDrain(timeout);
  }

  @Override
  public boolean isShuttingDown() {
    return queue.isShuttingDown();
  }
}
