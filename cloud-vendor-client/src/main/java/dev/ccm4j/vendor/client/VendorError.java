package dev.ccm4j.vendor.client;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A cloud's answer to a failed call, decoded from its error response by the vendor's {@link ErrorDecoder}.
 *
 * <p>Immutable. The string fields are never null; a field the cloud did not send is the empty string.
 * {@link #toString()} leaves the cloud's message out, because clouds echo request material (Alibaba's
 * {@code SignatureDoesNotMatch} quotes the whole string to sign) and a decoder's raw error has not been redacted yet.
 */
public final class VendorError implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String code;
  private final String message;
  private final String requestId;
  private final ErrorKind kind;
  private final Duration retryAfter;

  private VendorError(Builder b) {
    this.httpStatus = b.httpStatus;
    this.code = b.code;
    this.message = b.message;
    this.requestId = b.requestId;
    this.kind = b.kind != null ? b.kind : ErrorKind.forHttpStatus(b.httpStatus);
    this.retryAfter = b.retryAfter;
  }

  /**
   * Starts a builder.
   *
   * @param httpStatus the HTTP status of the failed response (0 when there was no HTTP response)
   * @return a builder with empty code, message and request id, no retry-after, and the kind left to
   *     {@link ErrorKind#forHttpStatus(int)}
   */
  public static Builder builder(int httpStatus) {
    return new Builder(httpStatus);
  }

  /**
   * A builder holding this error's values, for a copy with some of them changed.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(httpStatus).code(code).message(message).requestId(requestId).kind(kind);
    b.retryAfter = retryAfter;
    return b;
  }

  /**
   * The HTTP status of the failed response.
   *
   * @return the status, 0 when the failure had no HTTP response
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The cloud's error code, for example {@code InvalidLoadBalancerId.NotFound}.
   *
   * @return the code, or the empty string
   */
  public String code() {
    return code;
  }

  /**
   * The cloud's human-readable error message.
   *
   * @return the message, or the empty string
   */
  public String message() {
    return message;
  }

  /**
   * The cloud's request id, which its support needs to trace the call.
   *
   * @return the request id, or the empty string
   */
  public String requestId() {
    return requestId;
  }

  /**
   * What the failure means to the controllers.
   *
   * @return the kind; never null
   */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * How long the cloud asked the client to wait before trying again.
   *
   * @return a positive duration, or empty when the cloud did not say
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VendorError e && e.httpStatus == httpStatus && e.code.equals(code)
        && e.message.equals(message) && e.requestId.equals(requestId) && e.kind == kind
        && Objects.equals(e.retryAfter, retryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(httpStatus, code, message, requestId, kind, retryAfter);
  }

  @Override
  public String toString() {
    return "VendorError{httpStatus=" + httpStatus + ", code=" + code + ", kind=" + kind + ", requestId=" + requestId
        + (retryAfter != null ? ", retryAfter=" + retryAfter : "") + "}";
  }

  /** Builds a {@link VendorError}. Not thread-safe. */
  public static final class Builder {
    private final int httpStatus;
    private String code = "";
    private String message = "";
    private String requestId = "";
    private ErrorKind kind;
    private Duration retryAfter;

    private Builder(int httpStatus) {
      if (httpStatus < 0 || httpStatus > 999) {
        throw new IllegalArgumentException("httpStatus must be 0..999, got " + httpStatus);
      }
      this.httpStatus = httpStatus;
    }

    /**
     * Sets the cloud's error code.
     *
     * @param code the code; null is the empty string
     * @return this builder
     */
    public Builder code(String code) {
      this.code = code == null ? "" : code.strip();
      return this;
    }

    /**
     * Sets the cloud's error message.
     *
     * @param message the message; null is the empty string
     * @return this builder
     */
    public Builder message(String message) {
      this.message = message == null ? "" : message.strip();
      return this;
    }

    /**
     * Sets the cloud's request id.
     *
     * @param requestId the id; null is the empty string
     * @return this builder
     */
    public Builder requestId(String requestId) {
      this.requestId = requestId == null ? "" : requestId.strip();
      return this;
    }

    /**
     * Sets the kind explicitly instead of deriving it from the HTTP status.
     *
     * @param kind the kind; null restores the derivation from the HTTP status
     * @return this builder
     */
    public Builder kind(ErrorKind kind) {
      this.kind = kind;
      return this;
    }

    /**
     * Sets how long the cloud asked the client to wait.
     *
     * @param retryAfter the delay; null, zero or negative means the cloud gave no usable advice and clears it
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter == null || retryAfter.isNegative() || retryAfter.isZero() ? null : retryAfter;
      return this;
    }

    /**
     * Builds the error.
     *
     * @return a new immutable error
     */
    public VendorError build() {
      return new VendorError(this);
    }
  }
}
