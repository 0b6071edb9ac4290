package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.util.Objects;
import java.util.Set;

/**
 * An emulated instance as the vendor-neutral control API shows it. {@code state} is one of {@code running},
 * {@code stopped}, {@code terminated}; {@code vendorState} is the cloud's own word (e.g. {@code Running}).
 */
public final class ControlInstance {
  /** The state of a running instance. */
  public static final String RUNNING = "running";
  /** The state of a stopped instance. */
  public static final String STOPPED = "stopped";
  /** The state of a terminated instance. */
  public static final String TERMINATED = "terminated";

  private static final Set<String> STATES = Set.of(RUNNING, STOPPED, TERMINATED);

  private final String id;
  private final String name;
  private final String privateIp;
  private final String zone;
  private final String region;
  private final String instanceType;
  private final String state;
  private final String vendorState;
  private final String providerId;

  private ControlInstance(Builder b) {
    this.id = requireText(b.id, "id");
    this.name = nullToEmpty(b.name);
    this.privateIp = nullToEmpty(b.privateIp);
    this.zone = nullToEmpty(b.zone);
    this.region = nullToEmpty(b.region);
    this.instanceType = nullToEmpty(b.instanceType);
    if (b.state == null || !STATES.contains(b.state)) {
      throw new IllegalArgumentException("state must be one of running, stopped, terminated; got " + b.state);
    }
    this.state = b.state;
    this.vendorState = nullToEmpty(b.vendorState);
    this.providerId = nullToEmpty(b.providerId);
  }

  /** A builder; {@code id} and {@code state} are required, the rest default to empty strings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The vendor's instance id. */
  public String id() {
    return id;
  }

  /** The instance name. */
  public String name() {
    return name;
  }

  /** The primary private IPv4 address. */
  public String privateIp() {
    return privateIp;
  }

  /** The zone. */
  public String zone() {
    return zone;
  }

  /** The region. */
  public String region() {
    return region;
  }

  /** The vendor instance type. */
  public String instanceType() {
    return instanceType;
  }

  /** {@code running}, {@code stopped} or {@code terminated}. */
  public String state() {
    return state;
  }

  /** The cloud's own state word, e.g. {@code Running} or {@code Stopped}. */
  public String vendorState() {
    return vendorState;
  }

  /** What the vendor's provider writes to a node's {@code spec.providerID} for this instance. */
  public String providerId() {
    return providerId;
  }

  /** A builder initialised from this instance, for state changes. */
  public Builder toBuilder() {
    return builder().id(id).name(name).privateIp(privateIp).zone(zone).region(region).instanceType(instanceType)
        .state(state).vendorState(vendorState).providerId(providerId);
  }

  /** The control API's JSON form (every field, as named by the getters). */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("name", name);
    o.addProperty("privateIp", privateIp);
    o.addProperty("zone", zone);
    o.addProperty("region", region);
    o.addProperty("instanceType", instanceType);
    o.addProperty("state", state);
    o.addProperty("vendorState", vendorState);
    o.addProperty("providerId", providerId);
    return o;
  }

  /**
   * Reads the control API's JSON form.
   *
   * @param json the object
   * @return the instance
   * @throws IllegalArgumentException when {@code id} or {@code state} is missing or invalid
   */
  public static ControlInstance fromJson(JsonObject json) {
    return builder()
        .id(Jsons.string(json, "id").orElse(null))
        .name(Jsons.string(json, "name").orElse(""))
        .privateIp(Jsons.string(json, "privateIp").orElse(""))
        .zone(Jsons.string(json, "zone").orElse(""))
        .region(Jsons.string(json, "region").orElse(""))
        .instanceType(Jsons.string(json, "instanceType").orElse(""))
        .state(Jsons.string(json, "state").orElse(null))
        .vendorState(Jsons.string(json, "vendorState").orElse(""))
        .providerId(Jsons.string(json, "providerId").orElse(""))
        .build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControlInstance c && toJson().equals(c.toJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, privateIp, zone, region, instanceType, state, vendorState, providerId);
  }

  @Override
  public String toString() {
    return "ControlInstance" + toJson();
  }

  static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  /** Builds a {@link ControlInstance}. */
  public static final class Builder {
    private String id;
    private String name;
    private String privateIp;
    private String zone;
    private String region;
    private String instanceType;
    private String state;
    private String vendorState;
    private String providerId;

    private Builder() {
    }

    /**
     * Sets the id.
     *
     * @param id the vendor instance id
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the name.
     *
     * @param name the instance name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the private IP.
     *
     * @param privateIp the primary private IPv4 address
     * @return this builder
     */
    public Builder privateIp(String privateIp) {
      this.privateIp = privateIp;
      return this;
    }

    /**
     * Sets the zone.
     *
     * @param zone the zone id
     * @return this builder
     */
    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Sets the region.
     *
     * @param region the region id
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Sets the instance type.
     *
     * @param instanceType the vendor instance type
     * @return this builder
     */
    public Builder instanceType(String instanceType) {
      this.instanceType = instanceType;
      return this;
    }

    /**
     * Sets the neutral state.
     *
     * @param state {@code running}, {@code stopped} or {@code terminated}
     * @return this builder
     */
    public Builder state(String state) {
      this.state = state;
      return this;
    }

    /**
     * Sets the vendor's state word.
     *
     * @param vendorState e.g. {@code Running}
     * @return this builder
     */
    public Builder vendorState(String vendorState) {
      this.vendorState = vendorState;
      return this;
    }

    /**
     * Sets the provider ID.
     *
     * @param providerId what the provider writes to {@code spec.providerID}
     * @return this builder
     */
    public Builder providerId(String providerId) {
      this.providerId = providerId;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @throws IllegalArgumentException when {@code id} is blank or {@code state} is not a neutral state
     */
    public ControlInstance build() {
      return new ControlInstance(this);
    }
  }
}
