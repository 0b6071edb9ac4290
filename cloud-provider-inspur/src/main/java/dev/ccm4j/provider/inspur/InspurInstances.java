package dev.ccm4j.provider.inspur;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.provider.inspur.config.InspurConfig;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * InstancesV2 for Inspur nodes, from what the nodes themselves carry: the Inspur API this provider uses has no
 * instance calls, so nothing here calls the cloud.
 *
 * <ul>
 *   <li>provider ID {@code incloud://<instance id>}, the instance id from the node annotation
 *       {@value InspurProviderIds#INSTANCE_ID_ANNOTATION}, else the node's {@code incloud://} provider ID, else the
 *       node name, as the original CCM identified backends;
 *   <li>zone: the node's {@code topology.kubernetes.io/zone} label (or its beta twin), else the cloud-config's
 *       {@code zone}; region: the cloud-config's {@code region}, else the node's region label;
 *   <li>instance type: the node's {@code node.kubernetes.io/instance-type} label (or its beta twin), if any;
 *   <li>addresses: the node's own, as the kubelet reported them.
 * </ul>
 *
 * <p>{@link #instanceExists} always answers {@code true} and {@link #instanceShutdown} always {@code false}: without
 * an instance API the honest answer is "unknown", and answering "gone" or "shut down" on guesswork would make the
 * lifecycle controller delete or taint healthy nodes. Node deletion stays with whoever deletes the Node object.
 */
public final class InspurInstances implements InstancesV2 {
  private final InspurConfig config;

  /**
   * Creates the capability.
   *
   * @param config the cloud-config (region and zone)
   */
  public InspurInstances(InspurConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Always true: this provider cannot tell, and "unknown" must never delete a node. */
  @Override
  public boolean instanceExists(V1Node node) {
    return true;
  }

  /** Always false: this provider cannot tell, and "unknown" must never taint a node as shut down. */
  @Override
  public boolean instanceShutdown(V1Node node) {
    return false;
  }

  @Override
  public Optional<InstanceMetadata> instanceMetadata(V1Node node) {
    String id = InspurProviderIds.instanceId(node);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    if (id.chars().anyMatch(Character::isWhitespace)) {
      throw new CloudProviderException("node annotation " + InspurProviderIds.INSTANCE_ID_ANNOTATION
          + " holds an instance id with whitespace; fix the annotation");
    }
    Map<String, String> labels = node.getMetadata() == null || node.getMetadata().getLabels() == null ? Map.of()
        : node.getMetadata().getLabels();
    String zone = label(labels, WellKnown.LABEL_ZONE, WellKnown.LABEL_ZONE_BETA)
        .or(config::zone).orElse("");
    String region = config.region()
        .or(() -> label(labels, WellKnown.LABEL_REGION, WellKnown.LABEL_REGION_BETA)).orElse("");
    String type = label(labels, WellKnown.LABEL_INSTANCE_TYPE, WellKnown.LABEL_INSTANCE_TYPE_BETA).orElse("");
    List<V1NodeAddress> addresses = node.getStatus() == null || node.getStatus().getAddresses() == null
        ? List.of() : node.getStatus().getAddresses();
    return Optional.of(InstanceMetadata.builder()
        .providerId(InspurProviderIds.format(id))
        .instanceType(type)
        .zone(zone)
        .region(region)
        .nodeAddresses(addresses)
        .build());
  }

  private static Optional<String> label(Map<String, String> labels, String key, String beta) {
    String v = labels.get(key);
    if (v == null || v.isBlank()) {
      v = labels.get(beta);
    }
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }
}
