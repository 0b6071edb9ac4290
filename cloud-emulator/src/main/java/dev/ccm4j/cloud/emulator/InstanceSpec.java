package dev.ccm4j.cloud.emulator;

import com.google.gson.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create through the control API: every field is optional and the vendor emulator fills in the rest (a
 * generated name, its default zone, the next free private IP, a small instance type).
 */
public final class InstanceSpec {
  private final String name;
  private final String zone;
  private final String privateIp;
  private final String instanceType;

  private InstanceSpec(Builder b) {
    this.name = b.name;
    this.zone = b.zone;
    this.privateIp = b.privateIp;
    this.instanceType = b.instanceType;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A spec with nothing set: the emulator chooses everything. */
  public static InstanceSpec defaults() {
    return builder().build();
  }

  /** The instance name, if requested. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The zone, if requested. */
  public Optional<String> zone() {
    return Optional.ofNullable(zone);
  }

  /** The private IPv4 address, if requested. */
  public Optional<String> privateIp() {
    return Optional.ofNullable(privateIp);
  }

  /** The vendor instance type, if requested. */
  public Optional<String> instanceType() {
    return Optional.ofNullable(instanceType);
  }

  /** The control API's JSON form: only the fields that are set. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    name().ifPresent(v -> o.addProperty("name", v));
    zone().ifPresent(v -> o.addProperty("zone", v));
    privateIp().ifPresent(v -> o.addProperty("privateIp", v));
    instanceType().ifPresent(v -> o.addProperty("instanceType", v));
    return o;
  }

  /**
   * Reads the control API's JSON form.
   *
   * @param json an object with optional {@code name}, {@code zone}, {@code privateIp}, {@code instanceType}
   * @return the spec
   * @throws IllegalArgumentException naming the field when one has the wrong type
   */
  public static InstanceSpec fromJson(JsonObject json) {
    Builder b = builder();
    Jsons.string(json, "name").ifPresent(b::name);
    Jsons.string(json, "zone").ifPresent(b::zone);
    Jsons.string(json, "privateIp").ifPresent(b::privateIp);
    Jsons.string(json, "instanceType").ifPresent(b::instanceType);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InstanceSpec s && Objects.equals(name, s.name) && Objects.equals(zone, s.zone)
        && Objects.equals(privateIp, s.privateIp) && Objects.equals(instanceType, s.instanceType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, zone, privateIp, instanceType);
  }

  @Override
  public String toString() {
    return "InstanceSpec" + toJson();
  }

  /** Builds an {@link InstanceSpec}. */
  public static final class Builder {
    private String name;
    private String zone;
    private String privateIp;
    private String instanceType;

    private Builder() {
    }

    /**
     * Sets the instance name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the zone.
     *
     * @param zone the vendor zone id
     * @return this builder
     */
    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Sets the private IPv4 address.
     *
     * @param privateIp the address
     * @return this builder
     */
    public Builder privateIp(String privateIp) {
      this.privateIp = privateIp;
      return this;
    }

    /**
     * Sets the vendor instance type.
     *
     * @param instanceType e.g. {@code ecs.g6.large}
     * @return this builder
     */
    public Builder instanceType(String instanceType) {
      this.instanceType = instanceType;
      return this;
    }

    /** Builds the spec. */
    public InstanceSpec build() {
      return new InstanceSpec(this);
    }
  }
}
