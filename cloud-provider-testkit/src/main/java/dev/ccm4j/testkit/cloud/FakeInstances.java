package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.ProviderId;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;

/** The legacy {@link Instances} capability over a fake cloud's instances. */
final class FakeInstances implements Instances {
  private final CallGate gate;
  private final InstanceRegistry instances;

  FakeInstances(CallGate gate, InstanceRegistry instances) {
    this.gate = gate;
    this.instances = instances;
  }

  @Override
  public List<V1NodeAddress> nodeAddresses(String nodeName) {
    return gate.call(Operation.NODE_ADDRESSES, nodeName, CallGate.keys(nodeName), List.of(),
        () -> instances.requireByName(nodeName).addresses());
  }

  @Override
  public List<V1NodeAddress> nodeAddressesByProviderId(String providerId) {
    return gate.call(Operation.NODE_ADDRESSES_BY_PROVIDER_ID, providerId, CallGate.keys(providerId), List.of(),
        () -> byProviderId(providerId).addresses());
  }

  @Override
  public String instanceId(String nodeName) {
    return gate.call(Operation.INSTANCE_ID, nodeName, CallGate.keys(nodeName), List.of(),
        () -> ProviderId.parse(instances.requireByName(nodeName).providerId()).instanceId());
  }

  @Override
  public String instanceType(String nodeName) {
    return gate.call(Operation.INSTANCE_TYPE, nodeName, CallGate.keys(nodeName), List.of(),
        () -> instances.requireByName(nodeName).instanceType());
  }

  @Override
  public String instanceTypeByProviderId(String providerId) {
    return gate.call(Operation.INSTANCE_TYPE_BY_PROVIDER_ID, providerId, CallGate.keys(providerId), List.of(),
        () -> byProviderId(providerId).instanceType());
  }

  /** Like most clouds, the fake cannot add SSH keys. */
  @Override
  public void addSshKeyToAllInstances(String user, byte[] keyData) {
    gate.run(Operation.ADD_SSH_KEY, user, CallGate.keys(user), List.of(), () -> {
      throw new NotImplementedException("addSshKeyToAllInstances");
    });
  }

  /** Fake instances register under their hostname, as upstream's fake assumes. */
  @Override
  public String currentNodeName(String hostname) {
    return gate.call(Operation.CURRENT_NODE_NAME, hostname, CallGate.keys(hostname), List.of(), () -> hostname);
  }

  @Override
  public boolean instanceExistsByProviderId(String providerId) {
    return gate.call(Operation.INSTANCE_EXISTS_BY_PROVIDER_ID, providerId, CallGate.keys(providerId), List.of(),
        () -> {
          requireProviderId(providerId);
          return instances.liveByProviderId(providerId).isPresent();
        });
  }

  @Override
  public boolean instanceShutdownByProviderId(String providerId) {
    return gate.call(Operation.INSTANCE_SHUTDOWN_BY_PROVIDER_ID, providerId, CallGate.keys(providerId), List.of(),
        () -> byProviderId(providerId).state() == InstanceState.STOPPED);
  }

  private FakeInstance byProviderId(String providerId) {
    requireProviderId(providerId);
    return instances.requireByProviderId(providerId);
  }

  private static void requireProviderId(String providerId) {
    if (providerId == null || providerId.isEmpty()) {
      throw new CloudProviderException("empty provider ID");
    }
  }
}
