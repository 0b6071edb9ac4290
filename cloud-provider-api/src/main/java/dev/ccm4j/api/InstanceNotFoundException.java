package dev.ccm4j.api;

/**
 * The instance behind a node is definitely gone from the cloud (terminated and deleted).
 *
 * <p>This is the only signal on which the node-lifecycle controller deletes a Node. Throw it only when the cloud
 * has positively answered that the instance does not exist: never for a stopped, hibernated or starting instance,
 * and never because a call failed, timed out or was throttled.
 */
public class InstanceNotFoundException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which instance was not found, for example its provider ID
   */
  public InstanceNotFoundException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause, for example the cloud SDK's own "not found" error.
   *
   * @param message which instance was not found
   * @param cause the cloud's answer
   */
  public InstanceNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
