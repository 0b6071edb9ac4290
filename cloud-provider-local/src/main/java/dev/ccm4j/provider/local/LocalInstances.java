package dev.ccm4j.provider.local;

import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstanceNotFoundException;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.ProviderId;
import dev.ccm4j.api.WellKnown;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every Node is an instance named after the node, with provider ID {@code local://<node-name>}. Metadata comes
 * from the cloud-config's entry for the node, then from the node itself, then from the config's defaults; the
 * state is what the operator set through the config or {@link LocalCloud#setInstanceState}.
 */
final class LocalInstances implements InstancesV2 {
  static final String DEFAULT_ZONE = "local-a";
  static final String DEFAULT_REGION = "local";
  static final String DEFAULT_INSTANCE_TYPE = "local";

  private final Supplier<LocalConfig> config;
  private final Function<String, InstanceState> states;

  LocalInstances(Supplier<LocalConfig> config, Function<String, InstanceState> states) {
    this.config = config;
    this.states = states;
  }

  @Override
  public boolean instanceExists(V1Node node) {
    return states.apply(instanceName(node)) != InstanceState.TERMINATED;
  }

  @Override
  public boolean instanceShutdown(V1Node node) {
    return states.apply(instanceName(node)) == InstanceState.SHUTDOWN;
  }

  @Override
  public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
    return Optional.of(metadata(node, config.get()));
  }

  @Override
  public Map<String, MetadataLookup> instanceMetadata(List<V1Node> nodes) {
    LocalConfig snapshot = config.get();
    Map<String, MetadataLookup> out = new LinkedHashMap<>();
    for (V1Node node : nodes) {
      String name = node.getMetadata() == null ? null : node.getMetadata().getName();
      try {
        out.put(name, MetadataLookup.found(metadata(node, snapshot)));
      } catch (RuntimeException e) {
        out.put(name, MetadataLookup.failed(e));
      }
    }
    return out;
  }

  private InstanceMetadata metadata(V1Node node, LocalConfig snapshot) {
    String name = instanceName(node);
    if (states.apply(name) == InstanceState.TERMINATED) {
      throw new InstanceNotFoundException("local instance " + name + " is marked terminated");
    }
    NodeSettings settings = snapshot.nodes().get(name);
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of()
        : node.getMetadata().getLabels();
    List<V1NodeAddress> addresses = settings != null && !settings.addresses().isEmpty() ? settings.addresses()
        : ownAddresses(node);
    return InstanceMetadata.builder()
        .providerId(ProviderId.of(LocalCloud.NAME, name))
        .nodeAddresses(addresses)
        .zone(pick(settings == null ? Optional.empty() : settings.zone(), labels, WellKnown.LABEL_ZONE,
            WellKnown.LABEL_ZONE_BETA, snapshot.zone(), DEFAULT_ZONE))
        .region(pick(settings == null ? Optional.empty() : settings.region(), labels, WellKnown.LABEL_REGION,
            WellKnown.LABEL_REGION_BETA, snapshot.region(), DEFAULT_REGION))
        .instanceType(pick(settings == null ? Optional.empty() : settings.instanceType(), labels,
            WellKnown.LABEL_INSTANCE_TYPE, WellKnown.LABEL_INSTANCE_TYPE_BETA, snapshot.instanceType(),
            DEFAULT_INSTANCE_TYPE))
        .build();
  }

  private static String pick(Optional<String> configured, Map<String, String> labels, String label,
      String betaLabel, Optional<String> configDefault, String builtIn) {
    if (configured.isPresent()) {
      return configured.get();
    }
    String fromLabel = labels.get(label);
    if (fromLabel == null || fromLabel.isEmpty()) {
      fromLabel = labels.get(betaLabel);
    }
    if (fromLabel != null && !fromLabel.isEmpty()) {
      return fromLabel;
    }
    return configDefault.orElse(builtIn);
  }

  private static List<V1NodeAddress> ownAddresses(V1Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return List.of();
    }
    return node.getStatus().getAddresses().stream()
        .filter(a -> a.getType() != null && !a.getType().isEmpty() && a.getAddress() != null
            && !a.getAddress().isEmpty())
        .toList();
  }

  /**
   * The instance behind a node: the instance part of a {@code local://} provider ID, else the node's name.
   *
   * @param node the node
   * @return the instance name
   */
  static String instanceName(V1Node node) {
    String providerId = node.getSpec() == null ? null : node.getSpec().getProviderID();
    if (providerId != null && !providerId.isEmpty()) {
      ProviderId id = ProviderId.parse(providerId);
      if (id.belongsTo(LocalCloud.NAME)) {
        return id.instanceId();
      }
    }
    if (node.getMetadata() == null || node.getMetadata().getName() == null) {
      throw new IllegalArgumentException("node has neither a local provider ID nor a name");
    }
    return node.getMetadata().getName();
  }
}
