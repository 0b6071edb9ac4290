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
 * <p>Built only through {@link #builder()}, so that a field added later (upstream has grown its
 * {@code InstanceMetadata} twice) gets a default and breaks no provider. Immutable: the address list is copied on
 * the way in and on the way out, because the generated {@link V1NodeAddress} model is mutable. Two metadata are equal
 * when every field is.
 */
public final class InstanceMetadata {
  private final String providerId;
  private final String instanceType;
  private final List<V1NodeAddress> nodeAddresses;
  private final String zone;
  private final String region;
  private final Map<String, String> additionalLabels;

  private InstanceMetadata(Builder b) {
    // The format is the provider's business (Alibaba writes <region>.<instance-id>); the TCK checks it with
    // CloudProvider.ownsProviderId. Whitespace would break spec.providerID matching everywhere, so it is refused.
    if (b.providerId.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("provider ID \"" + b.providerId + "\" contains whitespace");
    }
    this.providerId = b.providerId;
    this.instanceType = b.instanceType;
    this.nodeAddresses = NodeAddresses.copyOf(b.addresses, "nodeAddresses");
    this.zone = b.zone;
    this.region = b.region;
    this.additionalLabels = Map.copyOf(b.labels);
  }

  /**
   * The provider ID, written to {@code spec.providerID}, in the provider's own format (by default
   * {@code <provider>://<instance-id>}, see {@link CloudProvider#ownsProviderId(String)}).
   *
   * @return any value without whitespace; empty if the provider cannot tell (the controller then keeps the node's
   *     existing provider ID or retries)
   */
  public String providerId() {
    return providerId;
  }

  /**
   * The instance type, written to {@code node.kubernetes.io/instance-type} (and its beta twin).
   *
   * @return the type; may be empty
   */
  public String instanceType() {
    return instanceType;
  }

  /**
   * The addresses, written to {@code status.addresses}, as fresh copies the caller may modify.
   *
   * @return a new mutable list of new address objects, in the provider's order; may be empty
   */
  public List<V1NodeAddress> nodeAddresses() {
    return NodeAddresses.copies(nodeAddresses);
  }

  /**
   * The zone, written to {@code topology.kubernetes.io/zone} (and its beta twin).
   *
   * @return the zone; may be empty
   */
  public String zone() {
    return zone;
  }

  /**
   * The region, written to {@code topology.kubernetes.io/region} (and its beta twin).
   *
   * @return the region; may be empty
   */
  public String region() {
    return region;
  }

  /**
   * Extra labels for the node; keys under {@code kubernetes.io/} or {@code k8s.io/} are dropped by the controller,
   * and labels already on the node are never overwritten.
   *
   * @return an unmodifiable map; may be empty
   */
  public Map<String, String> additionalLabels() {
    return additionalLabels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InstanceMetadata m && providerId.equals(m.providerId) && instanceType.equals(m.instanceType)
        && nodeAddresses.equals(m.nodeAddresses) && zone.equals(m.zone) && region.equals(m.region)
        && additionalLabels.equals(m.additionalLabels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(providerId, instanceType, nodeAddresses, zone, region, additionalLabels);
  }

  @Override
  public String toString() {
    return "InstanceMetadata[providerId=" + providerId + ", instanceType=" + instanceType + ", nodeAddresses="
        + nodeAddresses + ", zone=" + zone + ", region=" + region + ", additionalLabels=" + additionalLabels + "]";
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
      Objects.requireNonNull(additionalLabels, "additionalLabels")
          .forEach((k, v) -> labels.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @return the immutable metadata
     * @throws IllegalArgumentException if the provider ID contains whitespace or an address lacks a type or value
     */
    public InstanceMetadata build() {
      return new InstanceMetadata(this);
    }
  }
}
