package dev.ccm4j.api;

/**
 * A provider could not be found or created: an unknown name, two factories with one name, an unreadable
 * cloud-config, or a factory that failed. The message is written for the operator who started the process.
 */
public class ProviderLoadException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and how to fix it
   */
  public ProviderLoadException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed and how to fix it
   * @param cause the underlying failure
   */
  public ProviderLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
