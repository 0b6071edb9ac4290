package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link InstancesV2} over a fake cloud's instances; the batch lookup is a single recorded call. */
final class FakeInstancesV2 implements InstancesV2 {
  private final CallGate gate;
  private final InstanceRegistry instances;

  FakeInstancesV2(CallGate gate, InstanceRegistry instances) {
    this.gate = gate;
    this.instances = instances;
  }

  @Override
  public boolean instanceExists(V1Node node) {
    return gate.call(Operation.INSTANCE_EXISTS, InstanceRegistry.nodeName(node), keys(node), List.of(),
        () -> instances.liveFor(node).isPresent());
  }

  @Override
  public boolean instanceShutdown(V1Node node) {
    return gate.call(Operation.INSTANCE_SHUTDOWN, InstanceRegistry.nodeName(node), keys(node), List.of(),
        () -> instances.requireFor(node).state() == InstanceState.STOPPED);
  }

  @Override
  public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
    return gate.call(Operation.INSTANCE_METADATA, InstanceRegistry.nodeName(node), keys(node), List.of(),
        () -> metadataOf(node));
  }

  /**
   * One recorded {@link Operation#INSTANCE_METADATA_BATCH} call. Faults injected for
   * {@link Operation#INSTANCE_METADATA} on one node fail only that node's entry, as a bulk describe would.
   */
  @Override
  public Map<String, MetadataLookup> instanceMetadata(List<V1Node> nodes) {
    List<String> names = nodes.stream().map(InstanceRegistry::nodeName).toList();
    return gate.call(Operation.INSTANCE_METADATA_BATCH, "", Set.of(), names, () -> {
      Map<String, MetadataLookup> results = new LinkedHashMap<>();
      for (V1Node node : nodes) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CloudProviderException("interrupted during fake batch instance metadata lookup");
        }
        results.put(InstanceRegistry.nodeName(node), lookup(node));
      }
      return results;
    });
  }

  private MetadataLookup lookup(V1Node node) {
    Optional<RuntimeException> fault = gate.faults().take(Operation.INSTANCE_METADATA, keys(node));
    if (fault.isPresent()) {
      return MetadataLookup.failed(fault.get());
    }
    try {
      return metadataOf(node).map(MetadataLookup::found).orElseGet(MetadataLookup::unavailable);
    } catch (RuntimeException e) {
      return MetadataLookup.failed(e);
    }
  }

  private Optional<InstanceMetadata> metadataOf(V1Node node) {
    FakeInstance instance = instances.requireFor(node);
    return instance.provisioning() ? Optional.empty() : Optional.of(instance.metadata());
  }

  static Set<String> keys(V1Node node) {
    return CallGate.keys(InstanceRegistry.nodeName(node), InstanceRegistry.providerId(node));
  }
}
