package dev.ccm4j.provider.alibaba.emulator;

import java.util.Objects;

/**
 * An error a product handler answers with; the emulator renders it in Alibaba's JSON error shape
 * ({@code RequestId}, {@code HostId}, {@code Code}, {@code Message}, {@code Recommend}) with {@link #status()} as the
 * HTTP status. Thrown from an {@link ActionHandler}; it carries no stack trace because it is an answer, not a fault.
 */
public final class AlibabaApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /**
   * Creates an error.
   *
   * @param status the HTTP status Alibaba answers this error with
   * @param code Alibaba's error code, e.g. {@code InvalidInstanceId.NotFound}
   * @param message Alibaba's message text
   */
  public AlibabaApiError(int status, String code, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * An error with an explicit status, for codes Alibaba answers with an unusual one (several VPC not-found codes come
   * back as 400, for example).
   *
   * @param status the HTTP status
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static AlibabaApiError of(int status, String code, String message) {
    return new AlibabaApiError(status, code, message);
  }

  /**
   * HTTP 404, e.g. {@code InvalidLoadBalancerId.NotFound}.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static AlibabaApiError notFound(String code, String message) {
    return new AlibabaApiError(404, code, message);
  }

  /**
   * HTTP 400, a malformed or unacceptable parameter, e.g. {@code InvalidParameter}.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static AlibabaApiError invalid(String code, String message) {
    return new AlibabaApiError(400, code, message);
  }

  /**
   * HTTP 403, an operation the resource's state or the caller's rights forbid, e.g. {@code IncorrectInstanceStatus}.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static AlibabaApiError forbidden(String code, String message) {
    return new AlibabaApiError(403, code, message);
  }

  /**
   * HTTP 409, a request that conflicts with one in progress.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static AlibabaApiError conflict(String code, String message) {
    return new AlibabaApiError(409, code, message);
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** Alibaba's error code. */
  public String code() {
    return code;
  }

  /** Alibaba's message text. */
  public String message() {
    return getMessage();
  }
}
