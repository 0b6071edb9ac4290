package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.util.Objects;

/** An emulated route table entry as the vendor-neutral control API shows it. */
public final class ControlRoute {
  private final String id;
  private final String destinationCidr;
  private final String nextHopInstanceId;
  private final String routeTableId;
  private final boolean blackhole;

  private ControlRoute(Builder b) {
    this.id = ControlInstance.nullToEmpty(b.id);
    this.destinationCidr = ControlInstance.requireText(b.destinationCidr, "destinationCidr");
    this.nextHopInstanceId = ControlInstance.nullToEmpty(b.nextHopInstanceId);
    this.routeTableId = ControlInstance.nullToEmpty(b.routeTableId);
    this.blackhole = b.blackhole;
  }

  /** A builder; {@code destinationCidr} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The vendor's id for the entry (empty when the cloud has none). */
  public String id() {
    return id;
  }

  /** The destination CIDR, e.g. {@code 10.244.1.0/24}. */
  public String destinationCidr() {
    return destinationCidr;
  }

  /** The instance the route points at; empty when it points nowhere. */
  public String nextHopInstanceId() {
    return nextHopInstanceId;
  }

  /** The route table holding the entry. */
  public String routeTableId() {
    return routeTableId;
  }

  /** Whether the next hop no longer exists (the cloud drops the traffic). */
  public boolean blackhole() {
    return blackhole;
  }

  /** The control API's JSON form. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("destinationCidr", destinationCidr);
    o.addProperty("nextHopInstanceId", nextHopInstanceId);
    o.addProperty("routeTableId", routeTableId);
    o.addProperty("blackhole", blackhole);
    return o;
  }

  /**
   * Reads the control API's JSON form.
   *
   * @param json the object
   * @return the route
   */
  public static ControlRoute fromJson(JsonObject json) {
    return builder().id(Jsons.string(json, "id").orElse(""))
        .destinationCidr(Jsons.string(json, "destinationCidr").orElse(null))
        .nextHopInstanceId(Jsons.string(json, "nextHopInstanceId").orElse(""))
        .routeTableId(Jsons.string(json, "routeTableId").orElse(""))
        .blackhole(Jsons.bool(json, "blackhole").orElse(false))
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControlRoute c && toJson().equals(c.toJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, destinationCidr, nextHopInstanceId, routeTableId, blackhole);
  }

  @Override
  public String toString() {
    return "ControlRoute" + toJson();
  }

  /** Builds a {@link ControlRoute}. */
  public static final class Builder {
    private String id;
    private String destinationCidr;
    private String nextHopInstanceId;
    private String routeTableId;
    private boolean blackhole;

    private Builder() {
    }

    /**
     * Sets the id.
     *
     * @param id the vendor's entry id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the destination.
     *
     * @param destinationCidr the destination CIDR
     * @return this builder
     */
    public Builder destinationCidr(String destinationCidr) {
      this.destinationCidr = destinationCidr;
      return this;
    }

    /**
     * Sets the next hop.
     *
     * @param nextHopInstanceId the instance id
     * @return this builder
     */
    public Builder nextHopInstanceId(String nextHopInstanceId) {
      this.nextHopInstanceId = nextHopInstanceId;
      return this;
    }

    /**
     * Sets the route table.
     *
     * @param routeTableId the table id
     * @return this builder
     */
    public Builder routeTableId(String routeTableId) {
      this.routeTableId = routeTableId;
      return this;
    }

    /**
     * Marks the route as a blackhole.
     *
     * @param blackhole whether the next hop is gone
     * @return this builder
     */
    public Builder blackhole(boolean blackhole) {
      this.blackhole = blackhole;
      return this;
    }

    /**
     * Builds the route.
     *
     * @throws IllegalArgumentException when {@code destinationCidr} is blank
     */
    public ControlRoute build() {
      return new ControlRoute(this);
    }
  }
}
