package dev.ccm4j.core.cloud;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes {@link InstancesV2} calls through a {@link CloudCallGovernor}. A batch lookup is one governed call with
 * one timeout, whether or not the provider overrides the batch method.
 */
final class GovernedInstancesV2 implements InstancesV2 {
  private final InstancesV2 delegate;
  private final CloudCallGovernor governor;

  GovernedInstancesV2(InstancesV2 delegate, CloudCallGovernor governor) {
    this.delegate = delegate;
    this.governor = governor;
  }

  @Override
  public boolean instanceExists(V1Node node) {
    return governor.call("InstanceExists", () -> delegate.instanceExists(node));
  }

  @Override
  public boolean instanceShutdown(V1Node node) {
    return governor.call("InstanceShutdown", () -> delegate.instanceShutdown(node));
  }

  @Override
  public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
    return governor.call("InstanceMetadata", () -> delegate.instanceMetadata(node));
  }

  @Override
  public Map<String, MetadataLookup> instanceMetadata(List<V1Node> nodes) {
    return governor.call("InstanceMetadataBatch", () -> delegate.instanceMetadata(nodes));
  }
}
