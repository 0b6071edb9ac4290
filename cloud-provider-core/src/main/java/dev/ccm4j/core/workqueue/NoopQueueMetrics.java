package dev.ccm4j.core.workqueue;

/** Metrics that record nothing, for queues without a registry. */
enum NoopQueueMetrics implements QueueMetrics {
  INSTANCE;

  @Override
  public void added(Object item) {
    // Intentionally empty: this queue exports no metrics.
  }

  @Override
  public void gotten(Object item) {
    // Intentionally empty: this queue exports no metrics.
  }

  @Override
  public void done(Object item) {
    // Intentionally empty: this queue exports no metrics.
  }

  @Override
  public void discarded(Object item) {
    // Intentionally empty: this queue exports no metrics.
  }

  @Override
  public void retried() {
    // Intentionally empty: this queue exports no metrics.
  }

  @Override
  public void close() {
    // Intentionally empty: this queue exports no metrics.
  }
}
