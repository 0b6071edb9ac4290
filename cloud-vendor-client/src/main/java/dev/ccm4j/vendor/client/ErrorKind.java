package dev.ccm4j.vendor.client;

/**
 * What a failed cloud call means to the controllers, independent of the vendor's own error codes.
 *
 * <p>A vendor's {@link ErrorDecoder} picks the kind from its error code first and falls back to
 * {@link #forHttpStatus(int)}, because clouds reuse HTTP statuses loosely (Alibaba answers a missing load balancer
 * with 400 and a throttled call with 400 or 503).
 */
public enum ErrorKind {
  /** The addressed resource definitely does not exist; mapped onto {@link CloudResourceNotFoundException}. */
  NOT_FOUND,
  /** The cloud is rate limiting this client; mapped onto {@link CloudApiThrottledException}. */
  THROTTLED,
  /** The request conflicts with the resource's current state (already exists, in use, busy). */
  CONFLICT,
  /** The request itself is wrong: a bad parameter, an unsupported value, a quota the request would exceed. */
  INVALID_REQUEST,
  /** The credentials were refused or lack permission. */
  AUTH,
  /** The cloud failed internally; usually worth retrying. */
  SERVER,
  /** Anything the decoder could not place. */
  OTHER;

  /**
   * The kind an HTTP status suggests when the vendor's error code says nothing more specific.
   *
   * @param httpStatus the response status
   * @return 404 {@code NOT_FOUND}, 429 {@code THROTTLED}, 409 {@code CONFLICT}, 400/405/413/422
   *     {@code INVALID_REQUEST}, 401/403 {@code AUTH}, 5xx {@code SERVER}, anything else {@code OTHER}
   */
  public static ErrorKind forHttpStatus(int httpStatus) {
    return switch (httpStatus) {
      case 404 -> NOT_FOUND;
      case 429 -> THROTTLED;
      case 409 -> CONFLICT;
      case 400, 405, 413, 422 -> INVALID_REQUEST;
      case 401, 403 -> AUTH;
      default -> httpStatus >= 500 && httpStatus <= 599 ? SERVER : OTHER;
    };
  }
}
