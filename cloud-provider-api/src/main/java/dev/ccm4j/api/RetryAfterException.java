package dev.ccm4j.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Asks the controller to retry after a fixed delay instead of its exponential backoff, for example while a
 * load balancer is still provisioning. The equivalent of upstream's {@code RetryError}.
 */
public class RetryAfterException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message why the call must be retried
   * @param retryAfter how long to wait before the retry; positive
   * @throws IllegalArgumentException if {@code retryAfter} is zero or negative
   */
  public RetryAfterException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = requirePositive(retryAfter);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message why the call must be retried
   * @param retryAfter how long to wait before the retry; positive
   * @param cause the underlying condition
   * @throws IllegalArgumentException if {@code retryAfter} is zero or negative
   */
  public RetryAfterException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = requirePositive(retryAfter);
  }

  /**
   * The delay after which the controller retries.
   *
   * @return a positive duration
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  static Duration requirePositive(Duration d) {
    Objects.requireNonNull(d, "retryAfter");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive, got " + d);
    }
    return d;
  }
}
