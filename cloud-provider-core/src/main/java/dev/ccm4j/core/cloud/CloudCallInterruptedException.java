package dev.ccm4j.core.cloud;

import dev.ccm4j.api.CloudProviderException;

/**
 * The thread waiting for a cloud call was interrupted, usually because the controller is shutting down. The
 * interrupt flag is left set; the call itself was interrupted too.
 */
public class CloudCallInterruptedException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param provider the provider's name
   * @param operation the operation that was waited for
   * @param cause the interruption
   */
  public CloudCallInterruptedException(String provider, String operation, InterruptedException cause) {
    super("interrupted while calling cloud provider " + provider + ": " + operation, cause);
  }
}
