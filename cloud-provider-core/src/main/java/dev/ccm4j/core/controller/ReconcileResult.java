package dev.ccm4j.core.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link Reconciler#reconcile(Object)} call, telling the controller what to do with the key.
 *
 * <p>Sealed so that a {@code switch} over the four outcomes is checked for exhaustiveness by the compiler: a new
 * outcome cannot be added without every consumer handling it.
 */
public sealed interface ReconcileResult
    permits ReconcileResult.Done, ReconcileResult.Requeue, ReconcileResult.RequeueAfter, ReconcileResult.Failure {

  /** The kinds of outcome, one per permitted subtype. */
  enum Kind {
    /** Finished: the key's backoff is reset and it is not requeued. */
    DONE,
    /** Requeue through the rate limiter (per-key backoff plus the overall bucket). */
    REQUEUE,
    /** Requeue after a fixed delay, e.g. a "retry after" from the cloud; the key's backoff is reset. */
    REQUEUE_AFTER,
    /** Failed: counted, logged (throttled) and requeued through the rate limiter. */
    FAILURE
  }

  /**
   * The key is reconciled.
   *
   * @return the "done" result
   */
  static ReconcileResult done() {
    return Done.INSTANCE;
  }

  /**
   * The key must be reconciled again after a rate-limited delay.
   *
   * @return the "requeue" result
   */
  static ReconcileResult requeue() {
    return Requeue.INSTANCE;
  }

  /**
   * The key must be reconciled again after a fixed delay measured on the controller's clock.
   *
   * @param delay the delay; not negative
   * @return the "requeue after" result
   */
  static ReconcileResult requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }

  /**
   * The reconcile failed and must be retried with backoff.
   *
   * @param cause why it failed
   * @return the "failure" result
   */
  static ReconcileResult failure(Throwable cause) {
    return new Failure(cause);
  }

  /**
   * Returns the kind of outcome.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * Returns the fixed delay of a {@link Kind#REQUEUE_AFTER} result.
   *
   * @return the delay; zero for the other kinds
   */
  default Duration delay() {
    return Duration.ZERO;
  }

  /**
   * Returns the cause of a {@link Kind#FAILURE} result.
   *
   * @return the cause, empty for the other kinds
   */
  default Optional<Throwable> cause() {
    return Optional.empty();
  }

  /** The key is reconciled; see {@link #done()}. */
  final class Done implements ReconcileResult {
    private static final Done INSTANCE = new Done();

    private Done() {
    }

    @Override
    public Kind kind() {
      return Kind.DONE;
    }

    @Override
    public String toString() {
      return Kind.DONE.name();
    }
  }

  /** The key is requeued through the rate limiter; see {@link #requeue()}. */
  final class Requeue implements ReconcileResult {
    private static final Requeue INSTANCE = new Requeue();

    private Requeue() {
    }

    @Override
    public Kind kind() {
      return Kind.REQUEUE;
    }

    @Override
    public String toString() {
      return Kind.REQUEUE.name();
    }
  }

  /**
   * The key is requeued after a fixed delay; see {@link #requeueAfter(Duration)}.
   *
   * @param delay the delay; not negative
   */
  record RequeueAfter(Duration delay) implements ReconcileResult {
    /**
     * Validates the delay.
     *
     * @param delay the delay; not negative
     */
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + delay);
      }
    }

    @Override
    public Kind kind() {
      return Kind.REQUEUE_AFTER;
    }

    @Override
    public String toString() {
      return "RequeueAfter[" + delay + "]";
    }
  }

  /**
   * The reconcile failed; see {@link #failure(Throwable)}.
   *
   * @param error why it failed
   */
  record Failure(Throwable error) implements ReconcileResult {
    /**
     * Validates the cause.
     *
     * @param error why it failed
     */
    public Failure {
      Objects.requireNonNull(error, "cause");
    }

    @Override
    public Kind kind() {
      return Kind.FAILURE;
    }

    @Override
    public Optional<Throwable> cause() {
      return Optional.of(error);
    }

    @Override
    public String toString() {
      return "Failure[" + error + "]";
    }
  }
}
