package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.InstanceMetadata;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An instance of a {@link FakeCloud}, as a test sets it up. Immutable: addresses are copied on the way in and out.
 *
 * @param name the node name the instance registers as
 * @param providerId {@code <provider>://<instance-id>}; empty means {@link FakeCloud#addInstance} derives
 *     {@code <cloud name>://<name>}
 * @param instanceType the instance type, may be empty
 * @param addresses the addresses, in preference order
 * @param zone the zone, may be empty
 * @param region the region, may be empty
 * @param additionalLabels extra node labels reported in the metadata
 * @param state running, stopped or terminated
 * @param provisioning whether the instance is still provisioning: its metadata is then "unavailable"
 */
public record FakeInstance(String name, String providerId, String instanceType, List<V1NodeAddress> addresses,
    String zone, String region, Map<String, String> additionalLabels, InstanceState state, boolean provisioning) {

  /** Validates and copies the fields. */
  public FakeInstance {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("instance name is empty");
    }
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(instanceType, "instanceType");
    addresses = copyAddresses(addresses);
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(region, "region");
    additionalLabels = Collections.unmodifiableMap(new LinkedHashMap<>(additionalLabels));
    Objects.requireNonNull(state, "state");
  }

  /**
   * The addresses, as fresh copies the caller may modify.
   *
   * @return a new list of new address objects
   */
  @Override
  public List<V1NodeAddress> addresses() {
    return new ArrayList<>(copyAddresses(addresses));
  }

  /**
   * Starts a builder for a running, provisioned instance.
   *
   * @param name the node name
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder holding this instance's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(name).providerId(providerId).instanceType(instanceType).zone(zone).region(region)
        .state(state).provisioning(provisioning);
    b.addresses.addAll(addresses);
    b.labels.putAll(additionalLabels);
    return b;
  }

  /**
   * A copy in another state.
   *
   * @param newState the state
   * @return the copy
   */
  public FakeInstance withState(InstanceState newState) {
    return new FakeInstance(name, providerId, instanceType, addresses, zone, region, additionalLabels, newState,
        provisioning);
  }

  InstanceMetadata metadata() {
    return InstanceMetadata.builder().providerId(providerId).instanceType(instanceType).nodeAddresses(addresses)
        .zone(zone).region(region).additionalLabels(additionalLabels).build();
  }

  private static List<V1NodeAddress> copyAddresses(List<V1NodeAddress> in) {
    List<V1NodeAddress> out = new ArrayList<>(in.size());
    for (V1NodeAddress a : in) {
      out.add(new V1NodeAddress().type(a.getType()).address(a.getAddress()));
    }
    return Collections.unmodifiableList(out);
  }

  /** Builds a {@link FakeInstance}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String providerId = "";
    private String instanceType = "";
    private final List<V1NodeAddress> addresses = new ArrayList<>();
    private String zone = "";
    private String region = "";
    private final Map<String, String> labels = new LinkedHashMap<>();
    private InstanceState state = InstanceState.RUNNING;
    private boolean provisioning;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Sets the provider ID.
     *
     * @param providerId {@code <provider>://<instance-id>}
     * @return this builder
     */
    public Builder providerId(String providerId) {
      this.providerId = Objects.requireNonNull(providerId, "providerId");
      return this;
    }

    /**
     * Sets the instance type.
     *
     * @param instanceType the type
     * @return this builder
     */
    public Builder instanceType(String instanceType) {
      this.instanceType = Objects.requireNonNull(instanceType, "instanceType");
      return this;
    }

    /**
     * Appends an address.
     *
     * @param type for example {@code InternalIP}
     * @param address the address
     * @return this builder
     */
    public Builder address(String type, String address) {
      addresses.add(new V1NodeAddress().type(type).address(address));
      return this;
    }

    /**
     * Sets the zone.
     *
     * @param zone the zone
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
     * Adds an extra label.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the state.
     *
     * @param state the state
     * @return this builder
     */
    public Builder state(InstanceState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /**
     * Marks the instance as still provisioning, so that its metadata is unavailable.
     *
     * @param provisioning the flag
     * @return this builder
     */
    public Builder provisioning(boolean provisioning) {
      this.provisioning = provisioning;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the instance
     */
    public FakeInstance build() {
      return new FakeInstance(name, providerId, instanceType, addresses, zone, region, labels, state, provisioning);
    }
  }
}
