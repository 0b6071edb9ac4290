package dev.ccm4j.api;

/**
 * A cloud-config is malformed or invalid. The message names the file (or {@code <inline>}), and the line or field
 * at fault, and never quotes secret values.
 */
public class CloudConfigException extends ProviderLoadException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the source, the field or line, and what is wrong
   */
  public CloudConfigException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message the source, the field or line, and what is wrong
   * @param cause the parser's error
   */
  public CloudConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
