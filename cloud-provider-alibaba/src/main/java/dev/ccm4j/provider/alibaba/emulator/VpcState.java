package dev.ccm4j.provider.alibaba.emulator;

import dev.ccm4j.cloud.emulator.Ipv4;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The emulated VPC: one VPC with one vRouter and one system route table, vSwitches (one per zone, created on demand),
 * the route table's entries, and elastic IPs. Thread-safe; every method holds the state's lock.
 */
public final class VpcState {
  /** The VPC's CIDR block. */
  public static final String VPC_CIDR = "192.168.0.0/16";
  private static final int VSWITCH_PREFIX = 20;
  // Alibaba keeps the first and the last three addresses of every vSwitch for itself
  private static final int RESERVED_AT_START = 3;
  private static final long PUBLIC_POOL = Ipv4.parse("47.100.0.0").orElseThrow();

  private final Object lock;
  private final Clock clock;
  private final IdGenerator ids;
  private final String vpcId;
  private final String vRouterId;
  private final String routeTableId;
  private final Instant creationTime;
  private final Map<String, VSwitch> vSwitches = new LinkedHashMap<>();
  private final Map<String, Long> nextHost = new HashMap<>();
  private final Set<String> usedPrivateIps = new HashSet<>();
  private final Map<String, RouteEntry> routes = new LinkedHashMap<>();
  private final Map<String, EipAddress> eips = new LinkedHashMap<>();
  private long nextPublic = 10;
  private volatile Duration routeEntryPending;

  VpcState(Object lock, Clock clock, IdGenerator ids, Duration routeEntryPending) {
    this.lock = lock;
    this.clock = clock;
    this.ids = ids;
    this.routeEntryPending = routeEntryPending;
    this.vpcId = ids.next("vpc-");
    this.vRouterId = ids.next("vrt-");
    this.routeTableId = ids.next("vtb-");
    this.creationTime = clock.instant();
    // the cloud service range every VPC route table carries
    addSystemRoute("100.64.0.0/10", "service");
  }

  /** The VPC id. */
  public String vpcId() {
    return vpcId;
  }

  /** The VPC's CIDR block. */
  public String cidrBlock() {
    return VPC_CIDR;
  }

  /** The vRouter id. */
  public String vRouterId() {
    return vRouterId;
  }

  /** The id of the VPC's (only) route table. */
  public String routeTableId() {
    return routeTableId;
  }

  /** When the VPC was created. */
  public Instant creationTime() {
    return creationTime;
  }

  /** How long a new custom route entry stays {@code Pending}. */
  public Duration routeEntryPending() {
    return routeEntryPending;
  }

  /**
   * Changes how long new custom route entries stay {@code Pending}; {@link Duration#ZERO} makes them available at
   * once (and so never in the way of the next create).
   *
   * @param pending the delay
   */
  public void routeEntryPending(Duration pending) {
    if (pending.isNegative()) {
      throw new IllegalArgumentException("routeEntryPending must not be negative");
    }
    this.routeEntryPending = pending;
  }

  /** The vSwitches, in creation order. */
  public List<VSwitch> vSwitches() {
    synchronized (lock) {
      return List.copyOf(vSwitches.values());
    }
  }

  /**
   * A vSwitch by id.
   *
   * @param vSwitchId the id
   * @return the vSwitch
   */
  public Optional<VSwitch> vSwitch(String vSwitchId) {
    synchronized (lock) {
      return Optional.ofNullable(vSwitches.get(vSwitchId));
    }
  }

  /**
   * The vSwitch of a zone, created (with the next free /20 of the VPC) when the zone has none yet.
   *
   * @param zoneId the zone
   * @return the vSwitch
   */
  public VSwitch vSwitchForZone(String zoneId) {
    Objects.requireNonNull(zoneId, "zoneId");
    synchronized (lock) {
      for (VSwitch v : vSwitches.values()) {
        if (v.zoneId().equals(zoneId)) {
          return v;
        }
      }
      Ipv4.Cidr vpc = Ipv4.cidr(VPC_CIDR).orElseThrow();
      long blocks = vpc.size() >> (32 - VSWITCH_PREFIX);
      if (vSwitches.size() >= blocks) {
        throw new IllegalStateException("the emulated VPC has no room for another vSwitch");
      }
      long network = vpc.network() + ((long) vSwitches.size() << (32 - VSWITCH_PREFIX));
      String cidr = Ipv4.format(network) + "/" + VSWITCH_PREFIX;
      VSwitch created = new VSwitch(ids.next("vsw-"), zoneId, cidr, "ccm4j-" + zoneId);
      vSwitches.put(created.vSwitchId(), created);
      nextHost.put(created.vSwitchId(), network + RESERVED_AT_START);
      addSystemRoute(cidr, "local");
      return created;
    }
  }

  /**
   * Takes the next free private address of a vSwitch, for an instance, an intranet load balancer or an ENI.
   *
   * @param vSwitchId the vSwitch
   * @return the address
   * @throws AlibabaApiError {@code InvalidVSwitchId.NotFound} for an unknown vSwitch and
   *     {@code VSwitchAvailableIpNotExist} when it is full
   */
  public String allocatePrivateIp(String vSwitchId) {
    synchronized (lock) {
      VSwitch v = vSwitches.get(vSwitchId);
      if (v == null) {
        throw AlibabaApiError.notFound("InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist.");
      }
      Ipv4.Cidr cidr = Ipv4.cidr(v.cidrBlock()).orElseThrow();
      long last = cidr.network() + cidr.size() - 1 - RESERVED_AT_START;
      long host = nextHost.get(vSwitchId);
      while (host <= last && usedPrivateIps.contains(Ipv4.format(host))) {
        host++;
      }
      if (host > last) {
        throw AlibabaApiError.invalid("VSwitchAvailableIpNotExist",
            "The specified VSwitch has no available IP address.");
      }
      nextHost.put(vSwitchId, host + 1);
      String address = Ipv4.format(host);
      usedPrivateIps.add(address);
      return address;
    }
  }

  /**
   * How many addresses of a vSwitch are still free.
   *
   * @param vSwitchId the vSwitch
   * @return the count, 0 for an unknown vSwitch
   */
  public long availableIpCount(String vSwitchId) {
    synchronized (lock) {
      VSwitch v = vSwitches.get(vSwitchId);
      if (v == null) {
        return 0;
      }
      Ipv4.Cidr cidr = Ipv4.cidr(v.cidrBlock()).orElseThrow();
      long used = usedPrivateIps.stream().filter(ip -> cidr.contains(Ipv4.parse(ip).orElseThrow())).count();
      return cidr.size() - 2L * RESERVED_AT_START - used;
    }
  }

  /**
   * Claims a specific private address of a vSwitch.
   *
   * @param vSwitchId the vSwitch
   * @param address the address
   * @throws IllegalArgumentException if the address is malformed, outside the vSwitch or already used
   */
  public void claimPrivateIp(String vSwitchId, String address) {
    synchronized (lock) {
      VSwitch v = vSwitches.get(vSwitchId);
      if (v == null) {
        throw new IllegalArgumentException("unknown vSwitch " + vSwitchId);
      }
      long a = Ipv4.parse(address).orElseThrow(() -> new IllegalArgumentException(
          "privateIp " + address + " is not an IPv4 address"));
      if (!Ipv4.cidr(v.cidrBlock()).orElseThrow().contains(a)) {
        throw new IllegalArgumentException("privateIp " + address + " is outside the vSwitch " + v.vSwitchId() + " ("
            + v.cidrBlock() + ") of zone " + v.zoneId());
      }
      if (!usedPrivateIps.add(Ipv4.format(a))) {
        throw new IllegalArgumentException("privateIp " + address + " is already in use");
      }
    }
  }

  /**
   * Gives a private address back.
   *
   * @param address the address
   */
  public void releasePrivateIp(String address) {
    synchronized (lock) {
      usedPrivateIps.remove(address);
    }
  }

  /** Takes the next free public address of the emulated internet pool ({@code 47.100.0.0/16}). */
  public String allocatePublicIp() {
    synchronized (lock) {
      return Ipv4.format(PUBLIC_POOL + nextPublic++);
    }
  }

  /** Every entry of the route table, system entries first, then custom entries in creation order. */
  public List<RouteEntry> routeEntries() {
    synchronized (lock) {
      List<RouteEntry> out = new ArrayList<>();
      routes.values().stream().filter(r -> r.type().equals(RouteEntry.SYSTEM)).forEach(out::add);
      routes.values().stream().filter(r -> r.type().equals(RouteEntry.CUSTOM)).forEach(out::add);
      return out;
    }
  }

  /**
   * Creates a custom route entry to an ECS instance, as {@code CreateRouteEntry} does.
   *
   * @param tableId the route table
   * @param destination the destination CIDR block
   * @param nextHopId the instance
   * @param instanceExists whether the next hop instance exists in this VPC
   * @param name the entry's name, may be empty
   * @param description the description, may be empty
   * @return the new entry, {@code Pending} for {@link #routeEntryPending()}
   * @throws AlibabaApiError with Alibaba's codes: {@code InvalidRouteTableId.NotFound},
   *     {@code InvalidDestinationCidrBlock.Malformed}, {@code InvalidInstanceId.NotFound},
   *     {@code InvalidCIDRBlock.Duplicate}, {@code OperationConflict} while another entry of the table is pending
   */
  public RouteEntry createRouteEntry(String tableId, String destination, String nextHopId, boolean instanceExists,
      String name, String description) {
    synchronized (lock) {
      requireTable(tableId);
      Ipv4.Cidr cidr = Ipv4.cidr(destination).orElseThrow(() -> AlibabaApiError.invalid(
          "InvalidDestinationCidrBlock.Malformed", "The specified DestinationCidrBlock is not a valid CIDR block."));
      if (!instanceExists) {
        throw AlibabaApiError.of(400, "InvalidInstanceId.NotFound",
            "The specified NextHopId does not exist in this VPC.");
      }
      Instant now = clock.instant();
      for (RouteEntry r : routes.values()) {
        if (r.destinationCidrBlock().equals(cidr.toString())) {
          throw AlibabaApiError.invalid("InvalidCIDRBlock.Duplicate", "Specified CIDR block is already exists.");
        }
      }
      for (RouteEntry r : routes.values()) {
        if (r.status(now).equals("Pending")) {
          // Alibaba serialises route changes per table: a create while another one is in flight is refused
          throw AlibabaApiError.invalid("OperationConflict",
              "Request was denied due to conflict with a previous request.");
        }
      }
      RouteEntry entry = new RouteEntry(ids.next("rte-"), tableId, cidr.toString(), RouteEntry.CUSTOM, "Instance",
          nextHopId, name, description, now, now.plus(routeEntryPending));
      routes.put(entry.routeEntryId(), entry);
      return entry;
    }
  }

  /**
   * Deletes a custom route entry, as {@code DeleteRouteEntry} does: by id, or by table, destination and (optionally)
   * next hop.
   *
   * @param tableId the route table, may be null when {@code routeEntryId} is given
   * @param routeEntryId the entry id, may be null
   * @param destination the destination CIDR block, may be null when {@code routeEntryId} is given
   * @param nextHopId the next hop, may be null
   * @return the deleted entry
   * @throws AlibabaApiError {@code InvalidRouteEntry.NotFound} (400) when nothing matches,
   *     {@code IncorrectRouteEntryStatus} while it is pending, {@code OperationDenied} for a system entry
   */
  public RouteEntry deleteRouteEntry(String tableId, String routeEntryId, String destination, String nextHopId) {
    synchronized (lock) {
      if (tableId != null) {
        requireTable(tableId);
      }
      String normalised = destination == null ? null
          : Ipv4.cidr(destination).map(Ipv4.Cidr::toString).orElseThrow(() -> AlibabaApiError.invalid(
              "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid."));
      RouteEntry found = null;
      for (RouteEntry r : routes.values()) {
        boolean matches = routeEntryId != null ? r.routeEntryId().equals(routeEntryId)
            : r.destinationCidrBlock().equals(normalised)
                && (nextHopId == null || r.nextHopId().equals(nextHopId));
        if (matches) {
          found = r;
          break;
        }
      }
      if (found == null) {
        throw AlibabaApiError.of(400, "InvalidRouteEntry.NotFound", "Route entry not exists.");
      }
      if (found.type().equals(RouteEntry.SYSTEM)) {
        throw AlibabaApiError.invalid("OperationDenied",
            "Specified operation is denied as route entry type is system.");
      }
      if (found.status(clock.instant()).equals("Pending")) {
        throw AlibabaApiError.invalid("IncorrectRouteEntryStatus",
            "Some route entry status blocked this operation.");
      }
      routes.remove(found.routeEntryId());
      return found;
    }
  }

  /** Every elastic IP, in allocation order. */
  public List<EipAddress> eips() {
    synchronized (lock) {
      return List.copyOf(eips.values());
    }
  }

  /**
   * Allocates an elastic IP.
   *
   * @param bandwidth the bandwidth text, e.g. {@code 5}
   * @param internetChargeType {@code PayByTraffic} or {@code PayByBandwidth}
   * @return the new, unbound address
   */
  public EipAddress allocateEip(String bandwidth, String internetChargeType) {
    synchronized (lock) {
      EipAddress eip = new EipAddress(ids.next("eip-"), allocatePublicIp(), bandwidth, internetChargeType, "", "",
          clock.instant());
      eips.put(eip.allocationId(), eip);
      return eip;
    }
  }

  /**
   * Binds an elastic IP to a resource.
   *
   * @param allocationId the EIP
   * @param instanceType the resource type, e.g. {@code EcsInstance} or {@code SlbInstance}
   * @param instanceId the resource id
   * @return the bound address
   * @throws AlibabaApiError {@code InvalidAllocationId.NotFound}, or {@code IncorrectEipStatus} when it is bound
   *     already
   */
  public EipAddress associateEip(String allocationId, String instanceType, String instanceId) {
    synchronized (lock) {
      EipAddress eip = requireEip(allocationId);
      if (!eip.instanceId().isEmpty()) {
        throw AlibabaApiError.invalid("IncorrectEipStatus",
            "The current status of the resource does not support this operation.");
      }
      EipAddress bound = eip.bind(instanceType, instanceId);
      eips.put(allocationId, bound);
      return bound;
    }
  }

  /**
   * Unbinds an elastic IP.
   *
   * @param allocationId the EIP
   * @return the unbound address
   * @throws AlibabaApiError {@code InvalidAllocationId.NotFound}
   */
  public EipAddress unassociateEip(String allocationId) {
    synchronized (lock) {
      EipAddress unbound = requireEip(allocationId).bind("", "");
      eips.put(allocationId, unbound);
      return unbound;
    }
  }

  /**
   * Releases an unbound elastic IP.
   *
   * @param allocationId the EIP
   * @throws AlibabaApiError {@code InvalidAllocationId.NotFound}, or {@code IncorrectEipStatus} when bound
   */
  public void releaseEip(String allocationId) {
    synchronized (lock) {
      EipAddress eip = requireEip(allocationId);
      if (!eip.instanceId().isEmpty()) {
        throw AlibabaApiError.invalid("IncorrectEipStatus",
            "The current status of the resource does not support this operation.");
      }
      eips.remove(allocationId);
    }
  }

  /**
   * The elastic IPs bound to one resource.
   *
   * @param instanceId the resource id
   * @return the bound addresses
   */
  public List<EipAddress> eipsOf(String instanceId) {
    synchronized (lock) {
      return eips.values().stream().filter(e -> e.instanceId().equals(instanceId)).toList();
    }
  }

  /** Unbinds whatever was bound to a resource that went away. */
  void forget(String instanceId) {
    synchronized (lock) {
      for (EipAddress e : List.copyOf(eips.values())) {
        if (e.instanceId().equals(instanceId)) {
          eips.put(e.allocationId(), e.bind("", ""));
        }
      }
    }
  }

  private void requireTable(String tableId) {
    if (!routeTableId.equals(tableId)) {
      throw AlibabaApiError.notFound("InvalidRouteTableId.NotFound", "The specified route table does not exist.");
    }
  }

  private EipAddress requireEip(String allocationId) {
    EipAddress eip = eips.get(allocationId);
    if (eip == null) {
      throw AlibabaApiError.notFound("InvalidAllocationId.NotFound", "The specified EIP does not exist.");
    }
    return eip;
  }

  private void addSystemRoute(String cidr, String nextHopType) {
    Instant now = clock.instant();
    RouteEntry entry = new RouteEntry(ids.next("rte-"), routeTableId, cidr, RouteEntry.SYSTEM, nextHopType, "", "",
        "", now, now);
    routes.put(entry.routeEntryId(), entry);
  }
}
