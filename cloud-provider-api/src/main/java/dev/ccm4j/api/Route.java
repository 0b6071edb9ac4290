package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A cloud route that sends a node's pod CIDR to that node.
 *
 * <p>Built only through {@link #builder()}, so that a field added later (upstream added the target node addresses)
 * gets a default and breaks no provider. Immutable; two routes are equal when every field is.
 */
public final class Route {
  private final String name;
  private final String targetNode;
  private final List<V1NodeAddress> targetNodeAddresses;
  private final boolean enableNodeAddresses;
  private final String destinationCidr;
  private final boolean blackhole;

  private Route(Builder b) {
    if (b.destinationCidr.isEmpty()) {
      throw new IllegalArgumentException("route destinationCidr is empty");
    }
    this.name = b.name;
    this.targetNode = b.targetNode;
    this.targetNodeAddresses = NodeAddresses.copyOf(b.addresses, "targetNodeAddresses");
    this.enableNodeAddresses = b.enableNodeAddresses;
    this.destinationCidr = b.destinationCidr;
    this.blackhole = b.blackhole;
  }

  /**
   * The cloud-side name; ignored by {@link Routes#createRoute}, which may use the name hint instead.
   *
   * @return the name; empty when unknown
   */
  public String name() {
    return name;
  }

  /**
   * The node the route points at.
   *
   * @return the node name; empty when the cloud no longer knows the target
   */
  public String targetNode() {
    return targetNode;
  }

  /**
   * The target node's addresses, as fresh copies the caller may modify; only compared when
   * {@link #enableNodeAddresses()} is set.
   *
   * @return a new mutable list of new address objects
   */
  public List<V1NodeAddress> targetNodeAddresses() {
    return NodeAddresses.copies(targetNodeAddresses);
  }

  /**
   * Whether the provider reports and honours {@link #targetNodeAddresses()}. A provider that leaves this false
   * makes the route controller compare routes by destination only, so a provider that cannot report addresses is
   * not caught in an endless delete-and-recreate loop.
   *
   * @return the flag
   */
  public boolean enableNodeAddresses() {
    return enableNodeAddresses;
  }

  /**
   * The pod CIDR the route covers.
   *
   * @return for example {@code 10.244.1.0/24}; never empty
   */
  public String destinationCidr() {
    return destinationCidr;
  }

  /**
   * Whether the cloud reports the route as a blackhole (its target is gone); the route controller deletes blackhole
   * routes inside the cluster CIDR.
   *
   * @return the flag
   */
  public boolean blackhole() {
    return blackhole;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Route r && name.equals(r.name) && targetNode.equals(r.targetNode)
        && targetNodeAddresses.equals(r.targetNodeAddresses) && enableNodeAddresses == r.enableNodeAddresses
        && destinationCidr.equals(r.destinationCidr) && blackhole == r.blackhole;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, targetNode, targetNodeAddresses, enableNodeAddresses, destinationCidr, blackhole);
  }

  @Override
  public String toString() {
    return "Route[name=" + name + ", targetNode=" + targetNode + ", targetNodeAddresses=" + targetNodeAddresses
        + ", enableNodeAddresses=" + enableNodeAddresses + ", destinationCidr=" + destinationCidr + ", blackhole="
        + blackhole + "]";
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
      return new Route(this);
    }
  }
}
