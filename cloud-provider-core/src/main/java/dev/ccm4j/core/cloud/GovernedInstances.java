package dev.ccm4j.core.cloud;

import dev.ccm4j.api.Instances;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;

/** Routes legacy {@link Instances} calls through a {@link CloudCallGovernor}. */
final class GovernedInstances implements Instances {
  private final Instances delegate;
  private final CloudCallGovernor governor;

  GovernedInstances(Instances delegate, CloudCallGovernor governor) {
    this.delegate = delegate;
    this.governor = governor;
  }

  @Override
  public List<V1NodeAddress> nodeAddresses(String nodeName) {
    return governor.call("NodeAddresses", () -> delegate.nodeAddresses(nodeName));
  }

  @Override
  public List<V1NodeAddress> nodeAddressesByProviderId(String providerId) {
    return governor.call("NodeAddressesByProviderID", () -> delegate.nodeAddressesByProviderId(providerId));
  }

  @Override
  public String instanceId(String nodeName) {
    return governor.call("InstanceID", () -> delegate.instanceId(nodeName));
  }

  @Override
  public String instanceType(String nodeName) {
    return governor.call("InstanceType", () -> delegate.instanceType(nodeName));
  }

  @Override
  public String instanceTypeByProviderId(String providerId) {
    return governor.call("InstanceTypeByProviderID", () -> delegate.instanceTypeByProviderId(providerId));
  }

  @Override
  public void addSshKeyToAllInstances(String user, byte[] keyData) {
    governor.run("AddSSHKeyToAllInstances", () -> delegate.addSshKeyToAllInstances(user, keyData));
  }

  @Override
  public String currentNodeName(String hostname) {
    return governor.call("CurrentNodeName", () -> delegate.currentNodeName(hostname));
  }

  @Override
  public boolean instanceExistsByProviderId(String providerId) {
    return governor.call("InstanceExistsByProviderID", () -> delegate.instanceExistsByProviderId(providerId));
  }

  @Override
  public boolean instanceShutdownByProviderId(String providerId) {
    return governor.call("InstanceShutdownByProviderID", () -> delegate.instanceShutdownByProviderId(providerId));
  }
}
