package dev.ccm4j.api;

/**
 * A cloud-config is malformed or invalid. The message names the file (or {@code <inline>}), and the line, column,
 * section, key or field at fault, and never quotes a value or the text of the offending line. No cause that could
 * quote them (a parser's exception) is attached, so a log printing the whole cause chain stays clean too.
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
   * @param cause what failed; never an exception whose message quotes the config's contents
   */
  public CloudConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
