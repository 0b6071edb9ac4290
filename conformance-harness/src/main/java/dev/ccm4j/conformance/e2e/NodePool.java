package dev.ccm4j.conformance.e2e;

import io.kubernetes.client.openapi.models.V1Node;

/**
 * Brings new nodes into the cluster under test: an instance in the cloud plus a kubelet that registers it. Only
 * in-process clusters have one; against a real cluster the scenarios use the nodes that are there.
 */
public interface NodePool {
  /**
   * Creates an instance and registers its node, tainted uninitialized and Ready, as a kubelet with
   * {@code --cloud-provider=external} would.
   *
   * @param name the node name
   * @return the node as registered
   * @throws Exception if the instance or node cannot be created
   */
  V1Node join(String name) throws Exception;
}
