package dev.ccm4j.provider.alibaba.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one emulator knows, shared by its products: the region, one VPC with a vSwitch per zone (two zones to
 * begin with, {@code <region>-a} and {@code <region>-b}), the ECS instances, the id generator and the clock every
 * time-driven transition reads (route entries becoming available, instances stopping, STS credentials expiring).
 * Products that keep state of their own (SLB, NLB) keep it in their {@link ProductApi} instance.
 */
public final class AlibabaCloudState {
  private final Object lock = new Object();
  private final String region;
  private final Clock clock;
  private final IdGenerator ids;
  private final VpcState vpc;
  private final EcsState ecs;
  private final VSwitch primary;

  AlibabaCloudState(String region, Clock clock, long seed, Map<String, String> instanceTags,
      Duration routeEntryPending, Duration instanceTransition) {
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = new IdGenerator(seed);
    this.vpc = new VpcState(lock, clock, ids, routeEntryPending);
    this.primary = vpc.vSwitchForZone(region + "-a");
    vpc.vSwitchForZone(region + "-b");
    this.ecs = new EcsState(lock, region, clock, ids, vpc, instanceTags, instanceTransition);
  }

  /**
   * A state for unit tests of a product's handlers, without a server.
   *
   * @param region the region
   * @param clock the clock
   * @return a state with an empty ECS and the default VPC
   */
  public static AlibabaCloudState forTests(String region, Clock clock) {
    return new AlibabaCloudState(region, clock, 1L, Map.of(), Duration.ZERO, Duration.ZERO);
  }

  /** The region this emulator serves, e.g. {@code cn-hangzhou}. */
  public String region() {
    return region;
  }

  /** The ECS instances. */
  public EcsState ecs() {
    return ecs;
  }

  /** The VPC, its vSwitches, route table and elastic IPs. */
  public VpcState vpc() {
    return vpc;
  }

  /** The VPC id, as the cloud-config's {@code vpcid} carries it. */
  public String vpcId() {
    return vpc.vpcId();
  }

  /** The primary zone's vSwitch, as the cloud-config's {@code vswitchid} carries it. */
  public String vswitchId() {
    return primary.vSwitchId();
  }

  /** The primary zone, as the cloud-config's {@code zoneid} carries it. */
  public String zoneId() {
    return primary.zoneId();
  }

  /** The id generator every product uses, so ids never collide. */
  public IdGenerator ids() {
    return ids;
  }

  /** The clock of every time-driven transition. */
  public Clock clock() {
    return clock;
  }
}
