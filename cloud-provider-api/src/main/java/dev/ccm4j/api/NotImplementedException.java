package dev.ccm4j.api;

/**
 * The provider does not implement this call. The controllers treat it as upstream does: for example a legacy
 * {@link Instances} provider without {@link Instances#instanceShutdownByProviderId(String)} is never considered
 * shut down, and a missing instance ID lookup is tolerated during node initialization.
 */
public class NotImplementedException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param operation the operation that is not implemented, for example {@code "instanceShutdownByProviderId"}
   */
  public NotImplementedException(String operation) {
    super("unimplemented: " + operation);
  }
}
