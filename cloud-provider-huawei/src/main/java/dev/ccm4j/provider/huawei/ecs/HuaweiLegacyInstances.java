package dev.ccm4j.provider.huawei.ecs;

import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.NotImplementedException;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Objects;

/**
 * The legacy Instances on ECS, for controllers that still ask by node name or provider ID; the lookups and the
 * answers are those of {@link HuaweiInstances}.
 *
 * <p>A node name is resolved as a node without a provider ID: an IPv4 name by that address, any other by the exact
 * ECS name, never through DNS. A provider ID ({@code huaweicloud://<server-id>} or the original's bare id) is looked
 * up with ShowServer. Instance ID is the server id, instance type the flavor name (its id when the name is empty),
 * addresses follow {@link HuaweiNodeAddresses}, shutdown means {@code SHUTOFF}, and the node name of a hostname is
 * the hostname, as in the original.
 *
 * <p>{@link InstanceNotFoundException} comes only from a 404, a server shown {@code DELETED} or a complete listing
 * without a match; {@link #instanceExistsByProviderId} answers {@code false} on exactly those, and every other
 * failure is thrown. Unlike the original, {@link #instanceId} of a missing server throws instead of answering an
 * empty id, as the SPI asks.
 */
public final class HuaweiLegacyInstances implements Instances {
  private final HuaweiInstances instances;

  /**
   * Creates the capability.
   *
   * @param instances the provider's InstancesV2, whose lookups and address rules are reused
   */
  public HuaweiLegacyInstances(HuaweiInstances instances) {
    this.instances = Objects.requireNonNull(instances, "instances");
  }

  @Override
  public List<V1NodeAddress> nodeAddresses(String nodeName) {
    return instances.addresses(instances.serverOfNodeName(nodeName));
  }

  @Override
  public List<V1NodeAddress> nodeAddressesByProviderId(String providerId) {
    return instances.addresses(instances.serverOfProviderId(providerId));
  }

  @Override
  public String instanceId(String nodeName) {
    return EcsClient.idOf(instances.serverOfNodeName(nodeName));
  }

  @Override
  public String instanceType(String nodeName) {
    return HuaweiInstances.instanceType(instances.serverOfNodeName(nodeName));
  }

  @Override
  public String instanceTypeByProviderId(String providerId) {
    return HuaweiInstances.instanceType(instances.serverOfProviderId(providerId));
  }

  /** ECS cannot add a key to running servers; the original did not either. */
  @Override
  public void addSshKeyToAllInstances(String user, byte[] keyData) {
    throw new NotImplementedException("addSshKeyToAllInstances");
  }

  @Override
  public String currentNodeName(String hostname) {
    return hostname;
  }

  @Override
  public boolean instanceExistsByProviderId(String providerId) {
    try {
      instances.serverOfProviderId(providerId);
      return true;
    } catch (InstanceNotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean instanceShutdownByProviderId(String providerId) {
    return HuaweiInstances.isShutOff(instances.serverOfProviderId(providerId));
  }
}
