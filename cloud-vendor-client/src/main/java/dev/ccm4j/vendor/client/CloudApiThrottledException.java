package dev.ccm4j.vendor.client;

import dev.ccm4j.api.ThrottledException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The cloud is rate limiting this client ({@link ErrorKind#THROTTLED}). A {@link ThrottledException}, so the core
 * slows down every call to the provider and waits at least {@link #retryAfter()} when the cloud said how long.
 */
public class CloudApiThrottledException extends ThrottledException implements CloudApiFailure {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final VendorError error;

  /**
   * Creates the exception; its retry-after is the error's. Prefer {@link CloudApiErrors#toException}.
   *
   * @param operation the vendor operation that failed
   * @param error the decoded error; must already be redacted
   * @param message the exception message; must already be redacted
   * @param cause the underlying failure, or null
   */
  public CloudApiThrottledException(String operation, VendorError error, String message, Throwable cause) {
    // ThrottledException's retry-after constructor rejects an absent delay, and a super call cannot be
    // conditional, so the delay is served by overriding retryAfter() from the error.
    super(message);
    if (cause != null) {
      initCause(cause);
    }
    this.operation = Objects.requireNonNull(operation, "operation");
    this.error = Objects.requireNonNull(error, "error");
  }

  /**
   * How long the cloud asked this client to wait: the {@code Retry-After} header or the vendor's own hint.
   *
   * @return a positive delay, or empty when the cloud did not say
   */
  @Override
  public Optional<Duration> retryAfter() {
    return error.retryAfter();
  }

  @Override
  public String operation() {
    return operation;
  }

  @Override
  public VendorError error() {
    return error;
  }

  @Override
  public int httpStatus() {
    return error.httpStatus();
  }

  @Override
  public String code() {
    return error.code();
  }

  @Override
  public String cloudMessage() {
    return error.message();
  }

  @Override
  public String requestId() {
    return error.requestId();
  }

  @Override
  public ErrorKind kind() {
    return error.kind();
  }
}
