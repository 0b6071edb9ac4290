package dev.ccm4j.core.node;

import dev.ccm4j.api.CloudProvider;
import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.InstanceMetadata;
import dev.ccm4j.api.Instances;
import dev.ccm4j.api.InstancesV2;
import dev.ccm4j.api.MetadataLookup;
import dev.ccm4j.api.NotImplementedException;
import dev.ccm4j.api.Zone;
import dev.ccm4j.api.Zones;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cloud for a node's {@link InstanceMetadata}: through {@link InstancesV2} when the provider has it,
 * otherwise through the legacy {@link Instances} (and {@link Zones}, only on that path) with upstream's
 * provider-ID-then-name fallbacks.
 */
public final class InstanceMetadataSource {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceMetadataSource.class);

  private final CloudProvider cloud;
  private final InstancesV2 instancesV2;
  private final Instances instances;
  private final Zones zones;

  private InstanceMetadataSource(CloudProvider cloud, InstancesV2 instancesV2, Instances instances, Zones zones) {
    this.cloud = cloud;
    this.instancesV2 = instancesV2;
    this.instances = instances;
    this.zones = zones;
  }

  /**
   * The source for a provider.
   *
   * @param cloud the provider (the governed one, so that every call is rate limited and measured)
   * @return the source, or empty when the provider has neither instances capability
   */
  public static Optional<InstanceMetadataSource> of(CloudProvider cloud) {
    Objects.requireNonNull(cloud, "cloud");
    Optional<InstancesV2> v2 = cloud.instancesV2();
    if (v2.isPresent()) {
      return Optional.of(new InstanceMetadataSource(cloud, v2.get(), null, null));
    }
    return cloud.instances().map(i -> new InstanceMetadataSource(cloud, null, i, cloud.zones().orElse(null)));
  }

  /**
   * Whether the node's {@code spec.providerID} is set but is not in the format the provider writes
   * ({@link CloudProvider#ownsProviderId(String)}), so that a failed lookup is the node's fault, not the cloud's.
   *
   * @param node the node
   * @return true for a non-empty provider ID the provider does not own
   */
  public boolean hasForeignProviderId(V1Node node) {
    String id = providerId(node);
    return !id.isEmpty() && !cloud.ownsProviderId(id);
  }

  /**
   * The provider's name, for messages.
   *
   * @return {@link CloudProvider#name()}
   */
  public String providerName() {
    return cloud.name();
  }

  /**
   * Whether {@link #lookUpAll} costs one cloud call per batch (InstancesV2) rather than several per node.
   *
   * @return true on the InstancesV2 path
   */
  public boolean batches() {
    return instancesV2 != null;
  }

  /**
   * The node's metadata. On the InstancesV2 path an empty provider ID is replaced by the node's own
   * {@code spec.providerID}; when both are empty the lookup fails, so the node is retried and never initialized
   * without a provider ID.
   *
   * @param node the node, read-only
   * @return the metadata, or empty when the cloud has none yet
   * @throws RuntimeException the provider's failure
   */
  public Optional<InstanceMetadata> lookUp(V1Node node) {
    if (instancesV2 != null) {
      return instancesV2.instanceMetadata(node).map(m -> withNodeProviderId(node, m));
    }
    return Optional.of(legacy(node));
  }

  /**
   * The metadata of several nodes: one batch call on the InstancesV2 path, per-node calls otherwise. One node's
   * failure never fails the others.
   *
   * @param nodes the nodes, read-only
   * @return one result per node name
   */
  public Map<String, MetadataLookup> lookUpAll(List<V1Node> nodes) {
    Map<String, MetadataLookup> results = new LinkedHashMap<>();
    if (instancesV2 != null) {
      Map<String, MetadataLookup> batch = instancesV2.instanceMetadata(nodes);
      for (V1Node node : nodes) {
        MetadataLookup r = batch.get(name(node));
        if (r == null) {
          r = MetadataLookup.failed(new CloudProviderException("the provider returned no result for the node"));
        } else if (r instanceof MetadataLookup.Found found) {
          r = foundOrFailed(() -> withNodeProviderId(node, found.metadata()));
        }
        results.put(name(node), r);
      }
      return results;
    }
    for (V1Node node : nodes) {
      results.put(name(node), foundOrFailed(() -> legacy(node)));
    }
    return results;
  }

  private static MetadataLookup foundOrFailed(Supplier<InstanceMetadata> lookup) {
    try {
      return MetadataLookup.found(lookup.get());
    } catch (RuntimeException e) {
      return MetadataLookup.failed(e);
    }
  }

  private static InstanceMetadata withNodeProviderId(V1Node node, InstanceMetadata metadata) {
    if (!metadata.providerId().isEmpty()) {
      return metadata;
    }
    String own = providerId(node);
    if (own.isEmpty()) {
      throw new CloudProviderException("cloud provider does not set node provider ID for node " + name(node));
    }
    return metadata.toBuilder().providerId(own).build();
  }

  private InstanceMetadata legacy(V1Node node) {
    String name = name(node);
    String providerId = providerId(node);
    if (providerId.isEmpty()) {
      try {
        providerId = cloud.name() + "://" + instances.instanceId(name);
      } catch (RuntimeException e) {
        if (CloudProviderException.findInChain(e, NotImplementedException.class).isEmpty()) {
          throw e;
        }
        LOG.warn("Cloud provider does not implement instance IDs; node {} keeps an empty provider ID", name);
        providerId = "";
      }
    }
    InstanceMetadata.Builder b = InstanceMetadata.builder().providerId(providerId)
        .nodeAddresses(addresses(providerId, name))
        .instanceType(instanceType(providerId, name));
    if (zones != null) {
      Zone zone = zone(providerId, name);
      b.zone(zone.failureDomain()).region(zone.region());
    }
    return b.build();
  }

  private List<V1NodeAddress> addresses(String providerId, String name) {
    return byProviderIdOrName(providerId, () -> instances.nodeAddressesByProviderId(providerId),
        () -> instances.nodeAddresses(name), "node addresses");
  }

  private String instanceType(String providerId, String name) {
    return byProviderIdOrName(providerId, () -> instances.instanceTypeByProviderId(providerId),
        () -> instances.instanceType(name), "instance type");
  }

  private Zone zone(String providerId, String name) {
    return byProviderIdOrName(providerId, () -> zones.getZoneByProviderId(providerId),
        () -> zones.getZoneByNodeName(name), "zone");
  }

  /** Asks by provider ID first (when there is one) and by node name if that fails, as upstream does. */
  private static <T> T byProviderIdOrName(String providerId, Supplier<T> byProviderId, Supplier<T> byName,
      String what) {
    if (providerId.isEmpty()) {
      return byName.get();
    }
    try {
      return byProviderId.get();
    } catch (RuntimeException byIdError) {
      try {
        return byName.get();
      } catch (RuntimeException byNameError) {
        byNameError.addSuppressed(byIdError);
        throw new CloudProviderException("error fetching " + what + " by provider ID (" + byIdError.getMessage()
            + ") and by node name (" + byNameError.getMessage() + ")", byNameError);
      }
    }
  }

  static String name(V1Node node) {
    return Objects.requireNonNull(node.getMetadata(), "node metadata").getName();
  }

  static String providerId(V1Node node) {
    return node.getSpec() == null || node.getSpec().getProviderID() == null ? "" : node.getSpec().getProviderID();
  }
}
