package dev.ccm4j.api;

/**
 * The Service asks for something this provider cannot do as written, for example a malformed annotation value.
 *
 * <p>Throw it from {@link LoadBalancer} methods before any cloud write. The core records a Warning event on the
 * Service with this exception's message, leaves the Service's status and the cloud unchanged, and does not retry
 * with backoff: the Service is only synced again when the Service object changes (a node change may still call
 * {@link LoadBalancer#updateLoadBalancer}). The message is shown to the Service's owner, so name the field or
 * annotation and the accepted values, and never include credentials.
 */
public class ServiceConfigurationException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the Service, naming the annotation or field and the accepted values
   */
  public ServiceConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause, for example a parse error.
   *
   * @param message what is wrong with the Service, naming the annotation or field and the accepted values
   * @param cause the underlying failure
   */
  public ServiceConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
