package dev.ccm4j.benchmarks;

/** A scenario's completion condition did not hold within its timeout; the message says how far it got. */
public final class ScenarioTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was awaited and the progress at the deadline
   */
  public ScenarioTimeoutException(String message) {
    super(message);
  }
}
