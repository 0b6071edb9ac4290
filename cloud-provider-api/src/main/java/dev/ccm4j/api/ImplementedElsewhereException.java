package dev.ccm4j.api;

/**
 * Another controller owns this object, so the generic controller must leave it alone.
 *
 * <p>A {@link LoadBalancer} that delegates some kinds of load balancers (for example internal ones) to another
 * controller throws this from {@link LoadBalancer#ensureLoadBalancer} and {@link LoadBalancer#updateLoadBalancer}.
 * The service controller then reports success without touching the Service's status. It must never be thrown
 * from {@link LoadBalancer#ensureLoadBalancerDeleted}.
 */
public class ImplementedElsewhereException extends CloudProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message who implements the object instead, for operators
   */
  public ImplementedElsewhereException(String message) {
    super(message);
  }
}
