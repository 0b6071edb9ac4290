package dev.ccm4j.vendor.client;

/**
 * The cloud says the addressed resource does not exist ({@link ErrorKind#NOT_FOUND}). Providers translate it into
 * the SPI's meaning where it matters, for example {@link dev.ccm4j.api.InstanceNotFoundException} for an instance.
 */
public class CloudResourceNotFoundException extends CloudApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception. Prefer {@link CloudApiErrors#toException}.
   *
   * @param operation the vendor operation that failed
   * @param error the decoded error; must already be redacted
   * @param message the exception message; must already be redacted
   * @param cause the underlying failure, or null
   */
  public CloudResourceNotFoundException(String operation, VendorError error, String message, Throwable cause) {
    super(operation, error, message, cause);
  }
}
