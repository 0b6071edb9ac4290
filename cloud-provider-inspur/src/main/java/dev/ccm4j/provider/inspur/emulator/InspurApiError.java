package dev.ccm4j.provider.inspur.emulator;

import java.util.Objects;

/**
 * An error the emulated SLB API answers with: an HTTP status and the {@code {"code","message"}} body. Thrown from
 * deep inside a handler and rendered by {@link InspurDialect}.
 */
public final class InspurApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status. */
  private final int status;
  /** The error code of the body. */
  private final String code;

  /**
   * Creates an error.
   *
   * @param status the HTTP status, 400..599
   * @param code the error code, e.g. {@code SlbNotFound}
   * @param message the human-readable message
   */
  public InspurApiError(int status, String code, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 400..599, got " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * A 404.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static InspurApiError notFound(String code, String message) {
    return new InspurApiError(404, code, message);
  }

  /**
   * A 400.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static InspurApiError invalid(String code, String message) {
    return new InspurApiError(400, code, message);
  }

  /**
   * A 409.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static InspurApiError conflict(String code, String message) {
    return new InspurApiError(409, code, message);
  }

  /**
   * A 401.
   *
   * @param code the error code
   * @param message the message
   * @return the error
   */
  public static InspurApiError unauthorized(String code, String message) {
    return new InspurApiError(401, code, message);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The error code. */
  public String code() {
    return code;
  }
}
