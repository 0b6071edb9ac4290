package dev.ccm4j.vendor.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The accessors shared by both exception families a failed cloud call raises: {@link CloudApiException} (under
 * {@link dev.ccm4j.api.CloudProviderException}) and {@link CloudApiThrottledException} (under
 * {@link dev.ccm4j.api.ThrottledException}). Java has one superclass per exception, so the two families meet here.
 * Every value is already redacted.
 */
public interface CloudApiFailure {

  /**
   * The vendor operation that failed, for example {@code DescribeInstances}.
   *
   * @return the operation label given to {@link VendorHttpClient#execute}
   */
  String operation();

  /**
   * The HTTP status of the failed response.
   *
   * @return the status, 0 when there was no HTTP response
   */
  default int httpStatus() {
    return error().httpStatus();
  }

  /**
   * The cloud's error code.
   *
   * @return the code, or the empty string
   */
  default String code() {
    return error().code();
  }

  /**
   * The cloud's error message, redacted.
   *
   * @return the message, or the empty string
   */
  default String cloudMessage() {
    return error().message();
  }

  /**
   * The cloud's request id.
   *
   * @return the id, or the empty string
   */
  default String requestId() {
    return error().requestId();
  }

  /**
   * What the failure means to the controllers.
   *
   * @return the kind
   */
  default ErrorKind kind() {
    return error().kind();
  }

  /**
   * The decoded, redacted error.
   *
   * @return the error
   */
  VendorError error();

  /**
   * How long the cloud asked the client to wait (a {@code Retry-After} header or the vendor's own hint); also set
   * on non-throttling failures such as a 503 with {@code Retry-After}.
   *
   * @return a positive delay, or empty
   */
  default Optional<Duration> retryAfter() {
    return error().retryAfter();
  }
}
