package dev.ccm4j.core.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The outcome of one {@link Reconciler#reconcile(Object)} call, telling the controller what to do with the key. */
public final class ReconcileResult {

  /** The kinds of outcome. */
  public enum Kind {
    /** Finished: the key's backoff is reset and it is not requeued. */
    DONE,
    /** Requeue through the rate limiter (per-key backoff plus the overall bucket). */
    REQUEUE,
    /** Requeue after a fixed delay, e.g. a "retry after" from the cloud; the key's backoff is reset. */
    REQUEUE_AFTER,
    /** Failed: counted, logged (throttled) and requeued through the rate limiter. */
    FAILURE
  }

  private static final ReconcileResult DONE = new ReconcileResult(Kind.DONE, Duration.ZERO, null);
  private static final ReconcileResult REQUEUE = new ReconcileResult(Kind.REQUEUE, Duration.ZERO, null);

  private final Kind kind;
  private final Duration delay;
  private final Throwable cause;

  private ReconcileResult(Kind kind, Duration delay, Throwable cause) {
    this.kind = kind;
    this.delay = delay;
    this.cause = cause;
  }

  /**
   * The key is reconciled.
   *
   * @return the "done" result
   */
  public static ReconcileResult done() {
    return DONE;
  }

  /**
   * The key must be reconciled again after a rate-limited delay.
   *
   * @return the "requeue" result
   */
  public static ReconcileResult requeue() {
    return REQUEUE;
  }

  /**
   * The key must be reconciled again after a fixed delay measured on the controller's clock.
   *
   * @param delay the delay; not negative
   * @return the "requeue after" result
   */
  public static ReconcileResult requeueAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return new ReconcileResult(Kind.REQUEUE_AFTER, delay, null);
  }

  /**
   * The reconcile failed and must be retried with backoff.
   *
   * @param cause why it failed
   * @return the "failure" result
   */
  public static ReconcileResult failure(Throwable cause) {
    return new ReconcileResult(Kind.FAILURE, Duration.ZERO, Objects.requireNonNull(cause, "cause"));
  }

  /**
   * Returns the kind of outcome.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the fixed delay of a {@link Kind#REQUEUE_AFTER} result.
   *
   * @return the delay; zero for the other kinds
   */
  public Duration delay() {
    return delay;
  }

  /**
   * Returns the cause of a {@link Kind#FAILURE} result.
   *
   * @return the cause, empty for the other kinds
   */
  public Optional<Throwable> cause() {
    return Optional.ofNullable(cause);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReconcileResult that && kind == that.kind && delay.equals(that.delay)
        && Objects.equals(cause, that.cause);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, delay, cause);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case REQUEUE_AFTER -> "RequeueAfter[" + delay + "]";
      case FAILURE -> "Failure[" + cause + "]";
      default -> kind.name();
    };
  }
}
