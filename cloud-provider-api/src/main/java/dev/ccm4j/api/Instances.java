package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;

/**
 * The legacy instances capability, kept for providers ported from older clouds. New providers implement
 * {@link InstancesV2} instead, which needs far fewer cloud calls.
 *
 * <p>Contracts: see {@link CloudProvider}. Methods that take a node name run in the cloud-controller-manager,
 * not on the node, so they cannot use the instance's local metadata service.
 */
public interface Instances {

  /**
   * The addresses of the named node's instance.
   *
   * @param nodeName the Node's name
   * @return the addresses, in preference order
   * @throws InstanceNotFoundException if the instance is gone
   */
  List<V1NodeAddress> nodeAddresses(String nodeName);

  /**
   * The addresses of the instance with this provider ID.
   *
   * @param providerId {@code <provider>://<instance-id>}
   * @return the addresses, in preference order
   * @throws InstanceNotFoundException if the instance is gone
   */
  List<V1NodeAddress> nodeAddressesByProviderId(String providerId);

  /**
   * The cloud's ID of the named node's instance (the part after {@code ://} in the provider ID).
   *
   * @param nodeName the Node's name
   * @return the instance ID
   * @throws InstanceNotFoundException only if the instance is gone; never for a stopped instance
   */
  String instanceId(String nodeName);

  /**
   * The instance type of the named node.
   *
   * @param nodeName the Node's name
   * @return the type, for example {@code ecs.g7.large}
   */
  String instanceType(String nodeName);

  /**
   * The instance type of the instance with this provider ID.
   *
   * @param providerId {@code <provider>://<instance-id>}
   * @return the type
   */
  String instanceTypeByProviderId(String providerId);

  /**
   * Adds an SSH key to every instance. Upstream kept it for an old kubelet path; no controller calls it, so it has
   * a default and a new provider leaves it alone.
   *
   * @param user the user
   * @param keyData the public key
   * @throws NotImplementedException by default, as most clouds do not support it
   */
  default void addSshKeyToAllInstances(String user, byte[] keyData) {
    throw new NotImplementedException("addSshKeyToAllInstances");
  }

  /**
   * The node name the instance with this hostname registers as. Upstream's kubelet asked this of in-tree clouds; no
   * controller calls it, so it has a default and a new provider leaves it alone.
   *
   * @param hostname the hostname
   * @return the node name
   * @throws NotImplementedException by default
   */
  default String currentNodeName(String hostname) {
    throw new NotImplementedException("currentNodeName");
  }

  /**
   * Whether the instance exists. {@code false} without an exception makes the lifecycle controller delete the
   * Node at once, so answer {@code false} only when the cloud positively says the instance is gone. A stopped
   * instance exists.
   *
   * @param providerId {@code <provider>://<instance-id>}
   * @return whether the instance exists
   */
  boolean instanceExistsByProviderId(String providerId);

  /**
   * Whether the instance is shut down (stopped but not terminated). Throw {@link NotImplementedException} if the
   * cloud cannot tell; the instance then counts as running.
   *
   * @param providerId {@code <provider>://<instance-id>}
   * @return whether the instance is shut down
   */
  boolean instanceShutdownByProviderId(String providerId);
}
