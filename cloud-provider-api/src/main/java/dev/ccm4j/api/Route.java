package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cloud route that sends a node's pod CIDR to that node.
 *
 * @param name the cloud-side name; ignored by {@link Routes#createRoute}, which may use the name hint instead
 * @param targetNode the node the route points at; empty when the cloud no longer knows the target
 * @param targetNodeAddresses the target node's addresses; only compared when {@code enableNodeAddresses} is set
 * @param enableNodeAddresses whether the provider reports and honours {@code targetNodeAddresses}. A provider that
 *     leaves this false makes the route controller compare routes by destination only, so a provider that cannot
 *     report addresses is not caught in an endless delete-and-recreate loop
 * @param destinationCidr the pod CIDR the route covers, for example {@code 10.244.1.0/24}
 * @param blackhole whether the cloud reports the route as a blackhole (its target is gone); the route controller
 *     deletes blackhole routes inside the cluster CIDR
 */
public record Route(
    String name,
    String targetNode,
    List<V1NodeAddress> targetNodeAddresses,
    boolean enableNodeAddresses,
    String destinationCidr,
    boolean blackhole) {

  /** Validates and copies the fields; an unknown name or target node is the empty string. */
  public Route {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(targetNode, "targetNode");
    Objects.requireNonNull(destinationCidr, "destinationCidr");
    if (destinationCidr.isEmpty()) {
      throw new IllegalArgumentException("route destinationCidr is empty");
    }
    targetNodeAddresses = NodeAddresses.copyOf(targetNodeAddresses, "targetNodeAddresses");
  }

  /**
   * The target node's addresses, as fresh copies the caller may modify.
   *
   * @return a new mutable list of new address objects
   */
  @Override
  public List<V1NodeAddress> targetNodeAddresses() {
    return NodeAddresses.copies(targetNodeAddresses);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder with every field empty or false
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this route's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder().name(name).targetNode(targetNode).enableNodeAddresses(enableNodeAddresses)
        .destinationCidr(destinationCidr).blackhole(blackhole);
    b.addresses.addAll(targetNodeAddresses);
    return b;
  }

  /** Builds a {@link Route}. Not thread-safe. */
  public static final class Builder {
    private String name = "";
    private String targetNode = "";
    private final List<V1NodeAddress> addresses = new ArrayList<>();
    private boolean enableNodeAddresses;
    private String destinationCidr = "";
    private boolean blackhole;

    private Builder() {}

    /**
     * Sets the cloud-side name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the target node.
     *
     * @param targetNode the node name
     * @return this builder
     */
    public Builder targetNode(String targetNode) {
      this.targetNode = Objects.requireNonNull(targetNode, "targetNode");
      return this;
    }

    /**
     * Replaces the target node's addresses.
     *
     * @param targetNodeAddresses the addresses
     * @return this builder
     */
    public Builder targetNodeAddresses(List<V1NodeAddress> targetNodeAddresses) {
      addresses.clear();
      addresses.addAll(NodeAddresses.copyOf(targetNodeAddresses, "targetNodeAddresses"));
      return this;
    }

    /**
     * Sets whether the addresses are reported and compared.
     *
     * @param enableNodeAddresses the flag
     * @return this builder
     */
    public Builder enableNodeAddresses(boolean enableNodeAddresses) {
      this.enableNodeAddresses = enableNodeAddresses;
      return this;
    }

    /**
     * Sets the destination CIDR.
     *
     * @param destinationCidr for example {@code 10.244.1.0/24}
     * @return this builder
     */
    public Builder destinationCidr(String destinationCidr) {
      this.destinationCidr = Objects.requireNonNull(destinationCidr, "destinationCidr");
      return this;
    }

    /**
     * Marks the route as a blackhole.
     *
     * @param blackhole the flag
     * @return this builder
     */
    public Builder blackhole(boolean blackhole) {
      this.blackhole = blackhole;
      return this;
    }

    /**
     * Builds the route.
     *
     * @return the immutable route
     * @throws IllegalArgumentException if the destination CIDR is empty or an address is incomplete
     */
    public Route build() {
      return new Route(name, targetNode, addresses, enableNodeAddresses, destinationCidr, blackhole);
    }
  }
}
