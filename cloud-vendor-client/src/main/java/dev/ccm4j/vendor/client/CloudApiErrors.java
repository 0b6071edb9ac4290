package dev.ccm4j.vendor.client;

import dev.ccm4j.api.CloudProviderException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Finding and building the cloud API exceptions of this library. */
public final class CloudApiErrors {
  /** Longest cloud message kept in an exception; clouds sometimes return whole HTML error pages. */
  static final int MAX_MESSAGE_CHARS = 512;

  private CloudApiErrors() {}

  /**
   * Finds the first cloud API failure of either family ({@link CloudApiException}, {@link CloudApiThrottledException})
   * in {@code error}'s cause chain, {@code error} included. Cycles are tolerated.
   *
   * @param error the exception to inspect, may be null
   * @return the first failure, or empty
   */
  public static Optional<CloudApiFailure> find(Throwable error) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof CloudApiFailure f) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * The cloud's error code carried anywhere in {@code error}'s cause chain, for a provider that acts on specific
   * codes (for example treating {@code Forbidden.RouteEntry.Exist} as success).
   *
   * @param error the exception to inspect, may be null
   * @return the code of the first cloud API failure in the chain, or empty when there is none or it has no code
   */
  public static Optional<String> code(Throwable error) {
    return find(error).map(CloudApiFailure::code).filter(c -> !c.isEmpty());
  }

  /**
   * The kind of the first cloud API failure in {@code error}'s cause chain.
   *
   * @param error the exception to inspect, may be null
   * @return the kind, or empty when the chain holds no cloud API failure
   */
  public static Optional<ErrorKind> kind(Throwable error) {
    return find(error).map(CloudApiFailure::kind);
  }

  /**
   * Builds the exception for a decoded error: {@link CloudApiThrottledException} for {@link ErrorKind#THROTTLED},
   * {@link CloudResourceNotFoundException} for {@link ErrorKind#NOT_FOUND}, {@link CloudApiException} otherwise.
   * The error's message and request id are redacted and capped, and so is the exception message.
   *
   * @param vendor the vendor name, first word of the message
   * @param operation the vendor operation that failed
   * @param error the decoded error
   * @param redactor the redactor that masks the provider's secrets
   * @param cause the underlying failure, or null
   * @return the exception, to be thrown by the caller
   */
  public static CloudProviderException toException(
      String vendor, String operation, VendorError error, Redactor redactor, Throwable cause) {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(redactor, "redactor");
    VendorError clean = error.toBuilder()
        .code(cap(redactor.redact(error.code()), 128))
        .message(cap(oneLine(redactor.redact(error.message())), MAX_MESSAGE_CHARS))
        .requestId(cap(redactor.redact(error.requestId()), 128))
        .build();
    String message = redactor.redact(message(vendor, operation, clean));
    return switch (clean.kind()) {
      case THROTTLED -> new CloudApiThrottledException(operation, clean, message, cause);
      case NOT_FOUND -> new CloudResourceNotFoundException(operation, clean, message, cause);
      default -> new CloudApiException(operation, clean, message, cause);
    };
  }

  /**
   * The standard message for a failed call:
   * {@code <vendor> <operation>: HTTP <status> <code>: <message> (request id <id>)}, leaving out the parts the
   * cloud did not send. Does not redact.
   *
   * @param vendor the vendor name
   * @param operation the operation
   * @param error the error
   * @return the message
   */
  public static String message(String vendor, String operation, VendorError error) {
    StringBuilder sb = new StringBuilder().append(vendor).append(' ').append(operation).append(": ");
    sb.append(error.httpStatus() == 0 ? "no HTTP response" : "HTTP " + error.httpStatus());
    if (!error.code().isEmpty()) {
      sb.append(' ').append(error.code());
    }
    if (!error.message().isEmpty()) {
      sb.append(": ").append(error.message());
    }
    if (!error.requestId().isEmpty()) {
      sb.append(" (request id ").append(error.requestId()).append(')');
    }
    error.retryAfter().ifPresent(d -> sb.append(" (retry after ").append(format(d)).append(')'));
    return sb.toString();
  }

  private static String format(Duration d) {
    return d.compareTo(Duration.ofSeconds(10)) < 0 && d.toMillis() % 1000 != 0 ? d.toMillis() + "ms"
        : d.toSeconds() + "s";
  }

  static String cap(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...(" + (s.length() - max) + " more chars)";
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
