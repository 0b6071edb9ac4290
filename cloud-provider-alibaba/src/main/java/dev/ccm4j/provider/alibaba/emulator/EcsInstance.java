package dev.ccm4j.provider.alibaba.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One emulated ECS instance, an immutable snapshot; {@link EcsState} replaces it on every change. {@link #status()}
 * is Alibaba's word: {@code Pending}, {@code Starting}, {@code Running}, {@code Stopping} or {@code Stopped}
 * (terminated instances vanish from the state).
 */
public final class EcsInstance {
  /** Instance status {@code Pending}: just created. */
  public static final String PENDING = "Pending";
  /** Instance status {@code Starting}. */
  public static final String STARTING = "Starting";
  /** Instance status {@code Running}. */
  public static final String RUNNING = "Running";
  /** Instance status {@code Stopping}. */
  public static final String STOPPING = "Stopping";
  /** Instance status {@code Stopped}. */
  public static final String STOPPED = "Stopped";

  private final String instanceId;
  private final String instanceName;
  private final String hostName;
  private final String regionId;
  private final String zoneId;
  private final String vpcId;
  private final String vSwitchId;
  private final String privateIp;
  private final String publicIp;
  private final String instanceType;
  private final String instanceChargeType;
  private final String spotStrategy;
  private final String networkInterfaceId;
  private final String macAddress;
  private final boolean sourceDestCheck;
  private final Map<String, String> tags;
  private final String status;
  private final String settlesTo;
  private final Instant settlesAt;
  private final Instant creationTime;

  private EcsInstance(Builder b) {
    this.instanceId = Objects.requireNonNull(b.instanceId, "instanceId");
    this.instanceName = Objects.requireNonNull(b.instanceName, "instanceName");
    this.hostName = Objects.requireNonNull(b.hostName, "hostName");
    this.regionId = Objects.requireNonNull(b.regionId, "regionId");
    this.zoneId = Objects.requireNonNull(b.zoneId, "zoneId");
    this.vpcId = Objects.requireNonNull(b.vpcId, "vpcId");
    this.vSwitchId = Objects.requireNonNull(b.vSwitchId, "vSwitchId");
    this.privateIp = Objects.requireNonNull(b.privateIp, "privateIp");
    this.publicIp = b.publicIp;
    this.instanceType = Objects.requireNonNull(b.instanceType, "instanceType");
    this.instanceChargeType = Objects.requireNonNull(b.instanceChargeType, "instanceChargeType");
    this.spotStrategy = Objects.requireNonNull(b.spotStrategy, "spotStrategy");
    this.networkInterfaceId = Objects.requireNonNull(b.networkInterfaceId, "networkInterfaceId");
    this.macAddress = Objects.requireNonNull(b.macAddress, "macAddress");
    this.sourceDestCheck = b.sourceDestCheck;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.status = Objects.requireNonNull(b.status, "status");
    this.settlesTo = b.settlesTo;
    this.settlesAt = b.settlesAt;
    this.creationTime = Objects.requireNonNull(b.creationTime, "creationTime");
  }

  /** A builder with every field unset except the defaults noted on its setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this instance's fields. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.instanceId = instanceId;
    b.instanceName = instanceName;
    b.hostName = hostName;
    b.regionId = regionId;
    b.zoneId = zoneId;
    b.vpcId = vpcId;
    b.vSwitchId = vSwitchId;
    b.privateIp = privateIp;
    b.publicIp = publicIp;
    b.instanceType = instanceType;
    b.instanceChargeType = instanceChargeType;
    b.spotStrategy = spotStrategy;
    b.networkInterfaceId = networkInterfaceId;
    b.macAddress = macAddress;
    b.sourceDestCheck = sourceDestCheck;
    b.tags = new LinkedHashMap<>(tags);
    b.status = status;
    b.settlesTo = settlesTo;
    b.settlesAt = settlesAt;
    b.creationTime = creationTime;
    return b;
  }

  /** The instance id, {@code i-} and 20 lower-case alphanumerics. */
  public String instanceId() {
    return instanceId;
  }

  /** The instance name. */
  public String instanceName() {
    return instanceName;
  }

  /** The host name, Alibaba's default {@code iZ<id>Z} unless set. */
  public String hostName() {
    return hostName;
  }

  /** The region. */
  public String regionId() {
    return regionId;
  }

  /** The zone. */
  public String zoneId() {
    return zoneId;
  }

  /** The VPC. */
  public String vpcId() {
    return vpcId;
  }

  /** The vSwitch. */
  public String vSwitchId() {
    return vSwitchId;
  }

  /** The primary private IPv4 address, from the vSwitch's CIDR block. */
  public String privateIp() {
    return privateIp;
  }

  /** The public IP assigned with the instance (not an EIP), if any. */
  public Optional<String> publicIp() {
    return Optional.ofNullable(publicIp);
  }

  /** The instance type, e.g. {@code ecs.g6.large}. */
  public String instanceType() {
    return instanceType;
  }

  /** The billing method, {@code PostPaid} or {@code PrePaid}. */
  public String instanceChargeType() {
    return instanceChargeType;
  }

  /** The spot strategy, {@code NoSpot}, {@code SpotWithPriceLimit} or {@code SpotAsPriceGo}. */
  public String spotStrategy() {
    return spotStrategy;
  }

  /** The primary ENI. */
  public String networkInterfaceId() {
    return networkInterfaceId;
  }

  /** The primary ENI's MAC address. */
  public String macAddress() {
    return macAddress;
  }

  /** Whether the primary ENI checks source and destination addresses (the node controller turns it off). */
  public boolean sourceDestCheck() {
    return sourceDestCheck;
  }

  /** The tags, in the order they were set. */
  public Map<String, String> tags() {
    return tags;
  }

  /** The status, Alibaba's word, e.g. {@code Running}. */
  public String status() {
    return status;
  }

  /** The status a transition ({@code Stopping}, {@code Starting}, {@code Pending}) ends in, if one is under way. */
  public Optional<String> settlesTo() {
    return Optional.ofNullable(settlesTo);
  }

  /** When the transition under way ends. */
  public Optional<Instant> settlesAt() {
    return Optional.ofNullable(settlesAt);
  }

  /** When the instance was created. */
  public Instant creationTime() {
    return creationTime;
  }

  @Override
  public String toString() {
    return "EcsInstance{" + instanceId + " " + instanceName + " " + privateIp + " " + zoneId + " " + status + "}";
  }

  /** Builds an {@link EcsInstance}. */
  public static final class Builder {
    private String instanceId;
    private String instanceName;
    private String hostName;
    private String regionId;
    private String zoneId;
    private String vpcId;
    private String vSwitchId;
    private String privateIp;
    private String publicIp;
    private String instanceType = "ecs.g6.large";
    private String instanceChargeType = "PostPaid";
    private String spotStrategy = "NoSpot";
    private String networkInterfaceId;
    private String macAddress;
    private boolean sourceDestCheck = true;
    private Map<String, String> tags = new LinkedHashMap<>();
    private String status = RUNNING;
    private String settlesTo;
    private Instant settlesAt;
    private Instant creationTime;

    private Builder() {}

    /** Sets the instance id. */
    public Builder instanceId(String v) {
      this.instanceId = v;
      return this;
    }

    /** Sets the name. */
    public Builder instanceName(String v) {
      this.instanceName = v;
      return this;
    }

    /** Sets the host name. */
    public Builder hostName(String v) {
      this.hostName = v;
      return this;
    }

    /** Sets the region. */
    public Builder regionId(String v) {
      this.regionId = v;
      return this;
    }

    /** Sets the zone. */
    public Builder zoneId(String v) {
      this.zoneId = v;
      return this;
    }

    /** Sets the VPC. */
    public Builder vpcId(String v) {
      this.vpcId = v;
      return this;
    }

    /** Sets the vSwitch. */
    public Builder vSwitchId(String v) {
      this.vSwitchId = v;
      return this;
    }

    /** Sets the primary private IP. */
    public Builder privateIp(String v) {
      this.privateIp = v;
      return this;
    }

    /** Sets the public IP; null for none (the default). */
    public Builder publicIp(String v) {
      this.publicIp = v;
      return this;
    }

    /** Sets the instance type; default {@code ecs.g6.large}. */
    public Builder instanceType(String v) {
      this.instanceType = v;
      return this;
    }

    /** Sets the billing method; default {@code PostPaid}. */
    public Builder instanceChargeType(String v) {
      this.instanceChargeType = v;
      return this;
    }

    /** Sets the spot strategy; default {@code NoSpot}. */
    public Builder spotStrategy(String v) {
      this.spotStrategy = v;
      return this;
    }

    /** Sets the primary ENI id. */
    public Builder networkInterfaceId(String v) {
      this.networkInterfaceId = v;
      return this;
    }

    /** Sets the primary ENI's MAC address. */
    public Builder macAddress(String v) {
      this.macAddress = v;
      return this;
    }

    /** Sets the source/destination check of the primary ENI; default on. */
    public Builder sourceDestCheck(boolean v) {
      this.sourceDestCheck = v;
      return this;
    }

    /** Replaces the tags. */
    public Builder tags(Map<String, String> v) {
      this.tags = new LinkedHashMap<>(v);
      return this;
    }

    /** Adds or replaces one tag. */
    public Builder tag(String key, String value) {
      this.tags.put(key, value);
      return this;
    }

    /** Sets the status and ends any transition; default {@code Running}. */
    public Builder status(String v) {
      this.status = v;
      this.settlesTo = null;
      this.settlesAt = null;
      return this;
    }

    /**
     * Puts the instance in a transitional status that ends at a given time.
     *
     * @param transitional e.g. {@code Stopping}
     * @param target e.g. {@code Stopped}
     * @param at when the transition ends
     * @return this builder
     */
    public Builder transition(String transitional, String target, Instant at) {
      this.status = transitional;
      this.settlesTo = target;
      this.settlesAt = at;
      return this;
    }

    /** Sets the creation time. */
    public Builder creationTime(Instant v) {
      this.creationTime = v;
      return this;
    }

    /** Builds the instance; every field without a default must be set. */
    public EcsInstance build() {
      return new EcsInstance(this);
    }
  }
}
