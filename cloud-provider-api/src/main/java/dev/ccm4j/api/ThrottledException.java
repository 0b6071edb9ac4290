package dev.ccm4j.api;

import java.time.Duration;
import java.util.Optional;

/**
 * The cloud is rate limiting this client (HTTP 429, a "Throttling" error code, a quota refusal).
 *
 * <p>On this signal the core slows down every call to this provider, not just the failed one, and waits at least
 * {@link #retryAfter()} when the cloud said how long, so that a throttled account is not hammered further.
 */
public class ThrottledException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /**
   * Creates the exception when the cloud did not say how long to wait.
   *
   * @param message the cloud's error, without credentials
   */
  public ThrottledException(String message) {
    super(message);
    this.retryAfter = null;
  }

  /**
   * Creates the exception with the cloud's advice on how long to wait.
   *
   * @param message the cloud's error, without credentials
   * @param retryAfter how long the cloud asked the client to wait; positive
   * @param cause the cloud SDK's exception, or null
   * @throws IllegalArgumentException if {@code retryAfter} is zero or negative
   */
  public ThrottledException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = RetryAfterException.requirePositive(retryAfter);
  }

  /**
   * How long the cloud asked this client to wait, when it said.
   *
   * @return the cloud's retry-after advice, or empty
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
