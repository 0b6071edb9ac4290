package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the cloud knows about the instance behind a node, as {@link InstancesV2#instanceMetadata(io.kubernetes.client.openapi.models.V1Node)}
 * returns it. The cloud-node controller writes it to the Node.
 *
 * <p>Immutable: the address list is copied on the way in and on the way out, because the generated
 * {@link V1NodeAddress} model is mutable.
 *
 * @param providerId written to {@code spec.providerID}, in the provider's own format (by default
 *     {@code <provider>://<instance-id>}, see {@link CloudProvider#ownsProviderId(String)}); any value without
 *     whitespace; empty if the provider cannot tell (the controller then keeps the node's existing provider ID or
 *     retries)
 * @param instanceType written to {@code node.kubernetes.io/instance-type} (and its beta twin); may be empty
 * @param nodeAddresses written to {@code status.addresses}; may be empty
 * @param zone written to {@code topology.kubernetes.io/zone} (and its beta twin); may be empty
 * @param region written to {@code topology.kubernetes.io/region} (and its beta twin); may be empty
 * @param additionalLabels extra labels for the node; keys under {@code kubernetes.io/} or {@code k8s.io/} are
 *     dropped by the controller, and labels already on the node are never overwritten
 */
public record InstanceMetadata(
    String providerId,
    String instanceType,
    List<V1NodeAddress> nodeAddresses,
    String zone,
    String region,
    Map<String, String> additionalLabels) {

  /** Validates and copies the fields; null strings are rejected, an unknown value is the empty string. */
  public InstanceMetadata {
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(region, "region");
    // The format is the provider's business (Alibaba writes <region>.<instance-id>); the TCK checks it with
    // CloudProvider.ownsProviderId. Whitespace would break spec.providerID matching everywhere, so it is refused.
    if (providerId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("provider ID \"" + providerId + "\" contains whitespace");
    }
    nodeAddresses = NodeAddresses.copyOf(nodeAddresses, "nodeAddresses");
    additionalLabels = Map.copyOf(Objects.requireNonNull(additionalLabels, "additionalLabels"));
  }

  /**
   * The addresses, as fresh copies the caller may modify.
   *
   * @return a new mutable list of new address objects, in the provider's order
   */
  @Override
  public List<V1NodeAddress> nodeAddresses() {
    return NodeAddresses.copies(nodeAddresses);
  }

  /**
   * Starts a builder with every field empty.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialized from this metadata.
   *
   * @return a new builder holding this metadata's values
   */
  public Builder toBuilder() {
    Builder b = new Builder()
        .providerId(providerId)
        .instanceType(instanceType)
        .zone(zone)
        .region(region)
        .additionalLabels(additionalLabels);
    b.addresses.addAll(nodeAddresses);
    return b;
  }

  /** Builds {@link InstanceMetadata}; every field defaults to empty. Not thread-safe. */
  public static final class Builder {
    private String providerId = "";
    private String instanceType = "";
    private final List<V1NodeAddress> addresses = new ArrayList<>();
    private String zone = "";
    private String region = "";
    private final Map<String, String> labels = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the provider ID.
     *
     * @param providerId the provider's ID for the instance, for example {@code <provider>://<instance-id>}; no
     *     whitespace
     * @return this builder
     */
    public Builder providerId(String providerId) {
      this.providerId = Objects.requireNonNull(providerId, "providerId");
      return this;
    }

    /**
     * Sets the provider ID.
     *
     * @param providerId the parsed provider ID
     * @return this builder
     */
    public Builder providerId(ProviderId providerId) {
      return providerId(providerId.toString());
    }

    /**
     * Sets the instance type.
     *
     * @param instanceType for example {@code ecs.g7.large}
     * @return this builder
     */
    public Builder instanceType(String instanceType) {
      this.instanceType = Objects.requireNonNull(instanceType, "instanceType");
      return this;
    }

    /**
     * Appends an address.
     *
     * @param type {@code InternalIP}, {@code ExternalIP}, {@code Hostname}, {@code InternalDNS} or {@code ExternalDNS}
     * @param address the address
     * @return this builder
     */
    public Builder address(String type, String address) {
      addresses.add(new V1NodeAddress().type(type).address(address));
      return this;
    }

    /**
     * Replaces the addresses.
     *
     * @param nodeAddresses the addresses, in preference order
     * @return this builder
     */
    public Builder nodeAddresses(List<V1NodeAddress> nodeAddresses) {
      addresses.clear();
      addresses.addAll(NodeAddresses.copyOf(nodeAddresses, "nodeAddresses"));
      return this;
    }

    /**
     * Sets the zone.
     *
     * @param zone the failure domain
     * @return this builder
     */
    public Builder zone(String zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Sets the region.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /**
     * Adds one extra label.
     *
     * @param key the label key
     * @param value the label value
     * @return this builder
     */
    public Builder additionalLabel(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Replaces the extra labels.
     *
     * @param additionalLabels the labels
     * @return this builder
     */
    public Builder additionalLabels(Map<String, String> additionalLabels) {
      labels.clear();
      labels.putAll(additionalLabels);
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @return the immutable metadata
     * @throws IllegalArgumentException if the provider ID contains whitespace or an address lacks a type or value
     */
    public InstanceMetadata build() {
      return new InstanceMetadata(providerId, instanceType, addresses, zone, region, labels);
    }
  }
}
