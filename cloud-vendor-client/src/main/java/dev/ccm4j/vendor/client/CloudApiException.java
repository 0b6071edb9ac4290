package dev.ccm4j.vendor.client;

import dev.ccm4j.api.CloudProviderException;
import java.util.Objects;

/**
 * A cloud API call failed with an error response other than throttling; the cloud's code, message and request id
 * are kept so that a provider can act on the code ({@link CloudApiErrors#code(Throwable)}).
 *
 * <p>The message reads like {@code alibaba DescribeInstances: HTTP 400 InvalidParameter: <message> (request id X)}
 * and has passed through the client's {@link Redactor}.
 */
public class CloudApiException extends CloudProviderException implements CloudApiFailure {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final VendorError error;

  /**
   * Creates the exception. Prefer {@link CloudApiErrors#toException}, which picks the subtype from the error's kind
   * and builds a redacted message.
   *
   * @param operation the vendor operation that failed
   * @param error the decoded error; must already be redacted
   * @param message the exception message; must already be redacted
   * @param cause the underlying failure, or null
   */
  public CloudApiException(String operation, VendorError error, String message, Throwable cause) {
    super(message, cause);
    this.operation = Objects.requireNonNull(operation, "operation");
    this.error = Objects.requireNonNull(error, "error");
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
