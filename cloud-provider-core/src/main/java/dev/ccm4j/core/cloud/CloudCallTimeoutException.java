package dev.ccm4j.core.cloud;

import dev.ccm4j.api.CloudProviderException;
import java.time.Duration;

/**
 * A cloud call did not finish within {@code --cloud-api-timeout}. The call's thread was interrupted; the
 * controllers treat this as a transient failure and retry with backoff.
 */
public class CloudCallTimeoutException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  private final String provider;
  private final String operation;
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param provider the provider's name
   * @param operation the operation that timed out, for example {@code EnsureLoadBalancer}
   * @param timeout the timeout that passed
   */
  public CloudCallTimeoutException(String provider, String operation, Duration timeout) {
    super("cloud provider " + provider + ": " + operation + " did not complete within " + timeout.toMillis()
        + "ms (--cloud-api-timeout)");
    this.provider = provider;
    this.operation = operation;
    this.timeout = timeout;
  }

  /**
   * The provider's name.
   *
   * @return the name
   */
  public String provider() {
    return provider;
  }

  /**
   * The operation that timed out.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * The timeout that passed.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }
}
