package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1Node;
import java.util.Optional;

/**
 * The work of a {@link NodeController}: brings the cloud in line with one Node.
 *
 * <p>Called from the core's work queue, never twice at once for the same node name, and again on every resync.
 * Must be idempotent. Throwing retries the node with the core's rate-limited backoff; throwing
 * {@link RetryAfterException} retries it after that exception's delay instead. A blocked call returns promptly
 * when its thread is interrupted.
 */
@FunctionalInterface
public interface NodeReconciler {

  /**
   * Reconciles one node.
   *
   * @param nodeName the Node's name
   * @param node the Node from the shared informer cache, read-only; empty when the Node has been deleted
   */
  void reconcile(String nodeName, Optional<V1Node> node);
}
