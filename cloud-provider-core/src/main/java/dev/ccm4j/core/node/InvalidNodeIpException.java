package dev.ccm4j.core.node;

/**
 * The node's {@code alpha.kubernetes.io/provided-node-ip} annotation is malformed or names an IP the cloud does not
 * report for the instance. The node keeps its uninitialized taint until the annotation or the cloud agrees.
 */
public final class InvalidNodeIpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   */
  public InvalidNodeIpException(String message) {
    super(message);
  }
}
