package dev.ccm4j.provider.huawei.emulator;

import dev.ccm4j.cloud.emulator.InstanceSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The emulated Huawei Cloud account in one region: one project, one VPC with its subnets, ports, ECS servers,
 * security groups and elastic IPs. Every product shares this state and its single {@link #lock()}; a product that
 * reads or changes several things at once holds the lock around them. Ids come from a seeded random source, so a
 * run repeats.
 */
final class HuaweiState {
  /** The {@code created}/{@code updated} format of ECS: {@code yyyy-MM-dd'T'HH:mm:ss'Z'}. */
  static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter VPC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Object lock = new Object();
  private final Clock clock;
  private final Random random;
  private final String region;
  private final List<String> zones;
  private final String projectId;
  private final String domainId;
  private final String userId;
  private final String vpcId;
  private final String imageId;
  private final Duration provisioningDelay;
  private final Map<String, Subnet> subnets = new LinkedHashMap<>();
  private final Map<String, Port> ports = new LinkedHashMap<>();
  private final Map<String, Server> servers = new LinkedHashMap<>();
  private final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
  private final EipStore eips;
  private final String defaultSecurityGroupId;
  private final String nodeSecurityGroupId;
  private int serverCount;
  private int instanceIndex = 0x1000;

  /**
   * Creates the account.
   *
   * @param region the region, e.g. {@code cn-north-4}
   * @param zones its AZs, at least one
   * @param projectId the project id, or null for a seeded one
   * @param clock the emulator's clock
   * @param seed the id seed
   * @param provisioningDelay how long new ELBs stay {@code PENDING_*}
   */
  HuaweiState(String region, List<String> zones, String projectId, Clock clock, long seed,
      Duration provisioningDelay) {
    this.region = Objects.requireNonNull(region, "region");
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("at least one availability zone is required");
    }
    this.zones = List.copyOf(zones);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = new Random(seed);
    this.provisioningDelay = Objects.requireNonNull(provisioningDelay, "provisioningDelay");
    this.projectId = projectId != null ? projectId : hex(32);
    this.domainId = hex(32);
    this.userId = hex(32);
    this.vpcId = newId();
    this.imageId = newId();
    this.eips = new EipStore(this);
    String now = VPC_TIME.format(clock.instant());
    // one subnet per AZ, the first is the cluster's default (the [Vpc] subnet-id of the cloud-config)
    for (int i = 0; i < this.zones.size(); i++) {
      Subnet s = new Subnet(newId(), newId(), i == 0 ? "subnet-default" : "subnet-" + this.zones.get(i),
          "192.168." + i + ".0/24", vpcId, this.zones.get(i), now);
      subnets.put(s.neutronSubnetId(), s);
    }
    SecurityGroup def = new SecurityGroup(newId(), "default", "Default security group");
    SecurityGroup nodes = new SecurityGroup(newId(), "ccm4j-nodes", "Security group for cluster nodes");
    securityGroups.put(def.id(), def);
    securityGroups.put(nodes.id(), nodes);
    this.defaultSecurityGroupId = def.id();
    this.nodeSecurityGroupId = nodes.id();
  }

  /** The emulator's clock: every expiry and transition is measured on it. */
  Clock clock() {
    return clock;
  }

  /** The one lock all products share. */
  Object lock() {
    return lock;
  }

  /** A new UUID from the seeded source. */
  String newId() {
    synchronized (random) {
      return new UUID(random.nextLong(), random.nextLong()).toString();
    }
  }

  /**
   * Random lower-case hex from the seeded source.
   *
   * @param length the number of digits
   * @return the text
   */
  String hex(int length) {
    byte[] bytes = new byte[(length + 1) / 2];
    synchronized (random) {
      random.nextBytes(bytes);
    }
    return HexFormat.of().formatHex(bytes).substring(0, length);
  }

  /**
   * A stable id derived from another (a server's root volume, say), so repeated renderings agree.
   *
   * @param base the id it belongs to
   * @param what what it names
   * @return a UUID
   */
  String derivedId(String base, String what) {
    return UUID.nameUUIDFromBytes((base + "/" + what).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
  }

  /** The project id every path and {@code X-Project-Id} must carry. */
  String projectId() {
    return projectId;
  }

  /** The account's domain id (IAM {@code domain_id}). */
  String domainId() {
    return domainId;
  }

  /** The IAM user id of the account's keys. */
  String userId() {
    return userId;
  }

  /** The region. */
  String region() {
    return region;
  }

  /** The AZs, e.g. {@code cn-north-4a, cn-north-4b}. */
  List<String> availabilityZones() {
    return zones;
  }

  /** How long a new load balancer stays in {@code PENDING_CREATE} (and a change in {@code PENDING_UPDATE}). */
  Duration provisioningDelay() {
    return provisioningDelay;
  }

  /** The VPC id (the {@code [Vpc] id} of the cloud-config, the key of a server's {@code addresses}). */
  String vpcId() {
    return vpcId;
  }

  // ------------------------------------------------------------------ subnets and ports

  /**
   * A subnet by its Neutron IPv4 subnet id.
   *
   * @param neutronSubnetId the id
   * @return the subnet, if it exists
   */
  Optional<Subnet> subnet(String neutronSubnetId) {
    synchronized (lock) {
      return Optional.ofNullable(subnets.get(neutronSubnetId));
    }
  }

  /**
   * A subnet by either of its ids (the VPC subnet id or the Neutron IPv4 subnet id).
   *
   * @param id the id
   * @return the subnet, if it exists
   */
  Optional<Subnet> subnetByAnyId(String id) {
    synchronized (lock) {
      return subnet(id).or(() -> subnets.values().stream().filter(s -> s.id().equals(id)).findFirst());
    }
  }

  /** The cluster's subnet: the first AZ's, where servers are created unless told otherwise. */
  Subnet defaultSubnet() {
    synchronized (lock) {
      return subnets.values().iterator().next();
    }
  }

  /** Every subnet, in creation order. */
  List<Subnet> subnets() {
    synchronized (lock) {
      return List.copyOf(subnets.values());
    }
  }

  /**
   * Creates a port with the subnet's next free address.
   *
   * @param subnetId the Neutron IPv4 subnet id
   * @param deviceOwner e.g. {@code neutron:LOADBALANCERV2}
   * @return the port
   * @throws HuaweiApiError 400 when the subnet does not exist or is full
   */
  Port createPort(String subnetId, String deviceOwner) {
    return createPort(subnetId, deviceOwner, null);
  }

  /**
   * Creates a port with a given address, or the next free one.
   *
   * @param subnetId the Neutron IPv4 subnet id
   * @param deviceOwner the owner
   * @param ip the address, or null for the next free one
   * @return the port
   * @throws HuaweiApiError 400 when the subnet does not exist or is full
   * @throws IllegalArgumentException when the address is unusable or taken
   */
  Port createPort(String subnetId, String deviceOwner, String ip) {
    synchronized (lock) {
      Subnet s = subnet(subnetId).orElseThrow(() -> HuaweiApiError.badRequest("VPC.0202",
          "Subnet " + subnetId + " does not exist."));
      String address;
      if (ip == null) {
        address = s.allocateIp();
      } else {
        s.reserve(ip);
        address = ip;
      }
      Port p = new Port(newId(), s.neutronSubnetId(), s.id(), address, deviceOwner, mac(), "");
      ports.put(p.id(), p);
      return p;
    }
  }

  /**
   * A port.
   *
   * @param id the port id
   * @return the port, if it exists
   */
  Optional<Port> port(String id) {
    synchronized (lock) {
      return Optional.ofNullable(id == null ? null : ports.get(id));
    }
  }

  /** Every port, in creation order. */
  List<Port> ports() {
    synchronized (lock) {
      return List.copyOf(ports.values());
    }
  }

  /**
   * Deletes a port, returning its address to the subnet and unbinding any EIP from it (as deleting the device
   * behind it does on Huawei). Unknown ids are ignored.
   *
   * @param id the port id
   */
  void deletePort(String id) {
    synchronized (lock) {
      Port p = ports.remove(id);
      if (p != null) {
        subnet(p.subnetId()).ifPresent(s -> s.release(p.ipAddress()));
        eips.portDeleted(id);
      }
    }
  }

  /** The elastic IPs. */
  EipStore eips() {
    return eips;
  }

  // ------------------------------------------------------------------ security groups

  /**
   * A security group by id or name (Nova actions accept either).
   *
   * @param idOrName the id or name
   * @return the group, if it exists
   */
  Optional<SecurityGroup> securityGroup(String idOrName) {
    synchronized (lock) {
      SecurityGroup byId = securityGroups.get(idOrName);
      if (byId != null) {
        return Optional.of(byId);
      }
      return securityGroups.values().stream().filter(g -> g.name().equals(idOrName)).findFirst();
    }
  }

  /** Every security group. */
  List<SecurityGroup> securityGroups() {
    synchronized (lock) {
      return List.copyOf(securityGroups.values());
    }
  }

  /** The {@code default} group every server starts in. */
  String defaultSecurityGroupId() {
    return defaultSecurityGroupId;
  }

  /** A second group, {@code ccm4j-nodes}, for the provider's {@code [Vpc] security-group-id}. */
  String nodeSecurityGroupId() {
    return nodeSecurityGroupId;
  }

  // ------------------------------------------------------------------ servers

  /**
   * Creates an {@code ACTIVE} server with one NIC.
   *
   * @param spec name, AZ, fixed IP and flavor; unset ones are chosen here
   * @return the server
   * @throws IllegalArgumentException when the AZ is unknown, or the IP is not free in the AZ's subnet
   */
  Server createServer(InstanceSpec spec) {
    synchronized (lock) {
      String az = spec.zone().orElse(zones.get(0));
      if (!zones.contains(az)) {
        throw new IllegalArgumentException("zone " + az + " is not one of " + String.join(", ", zones));
      }
      Subnet subnet = spec.privateIp()
          .map(ip -> subnets.values().stream().filter(s -> s.contains(ip)).findFirst()
              .orElseThrow(() -> new IllegalArgumentException("privateIp " + ip + " is in none of the subnets")))
          .orElseGet(() -> subnets.values().stream().filter(s -> s.availabilityZone().equals(az)).findFirst()
              .orElse(defaultSubnet()));
      String flavor = spec.instanceType().orElse(Server.DEFAULT_FLAVOR);
      if (flavor.isBlank()) {
        throw new IllegalArgumentException("instanceType must not be blank");
      }
      serverCount++;
      String name = spec.name().filter(n -> !n.isBlank()).orElse("ccm4j-node-" + serverCount);
      String id = newId();
      Port nic = createPort(subnet.neutronSubnetId(), "compute:" + az, spec.privateIp().orElse(null));
      nic.deviceId(id);
      Server s = new Server(id, name, flavor, az, ISO_SECONDS.format(clock.instant()), imageId,
          String.format(Locale.ROOT, "instance-%08x", instanceIndex++));
      s.addPort(nic);
      s.securityGroupIds().add(defaultSecurityGroupId);
      servers.put(id, s);
      return s;
    }
  }

  /**
   * A server.
   *
   * @param id the server id
   * @return the server, if it exists
   */
  Optional<Server> server(String id) {
    synchronized (lock) {
      return Optional.ofNullable(servers.get(id));
    }
  }

  /**
   * The server with this fixed address on one of its NICs.
   *
   * @param ip the address
   * @return the server, if any
   */
  Optional<Server> serverByIp(String ip) {
    synchronized (lock) {
      return servers.values().stream().filter(s -> s.hasIp(ip)).findFirst();
    }
  }

  /** Every server, in creation order. */
  List<Server> servers() {
    synchronized (lock) {
      return new ArrayList<>(servers.values());
    }
  }

  /**
   * Sets a server's status.
   *
   * @param id the server id
   * @param status {@code ACTIVE} or {@code SHUTOFF}
   * @return the server
   * @throws NoSuchElementException when unknown
   */
  Server setStatus(String id, String status) {
    synchronized (lock) {
      Server s = servers.get(id);
      if (s == null) {
        throw new NoSuchElementException("no server " + id);
      }
      s.status(status, ISO_SECONDS.format(clock.instant()));
      return s;
    }
  }

  /**
   * Deletes a server and its NIC ports (Huawei deletes a server's ports with it).
   *
   * @param id the server id
   * @return the server as it was
   * @throws NoSuchElementException when unknown
   */
  Server deleteServer(String id) {
    synchronized (lock) {
      Server s = servers.remove(id);
      if (s == null) {
        throw new NoSuchElementException("no server " + id);
      }
      s.ports().forEach(p -> deletePort(p.id()));
      return s;
    }
  }

  private String mac() {
    byte[] b = new byte[3];
    synchronized (random) {
      random.nextBytes(b);
    }
    return String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
  }
}
