package dev.ccm4j.provider.huawei.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.ccm4j.cloud.emulator.Ipv4;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A VPC subnet of the emulated cloud. Huawei gives a subnet two ids: {@link #id()} (the VPC API's subnet id, which is
 * also the Neutron network id and the {@code net_id} of an ECS interface) and {@link #neutronSubnetId()} (the IPv4
 * subnet id that ELB {@code vip_subnet_id}, {@code vip_subnet_cidr_id}, member {@code subnet_id} and interface
 * {@code fixed_ips[].subnet_id} carry). Addresses are handed out from {@code .2} upwards; Huawei keeps {@code .0},
 * {@code .1} (gateway) and the last three of a subnet for itself. Thread-safe.
 */
final class Subnet {
  private final String id;
  private final String neutronSubnetId;
  private final String name;
  private final String cidr;
  private final String vpcId;
  private final String availabilityZone;
  private final String createdAt;
  private final long network;
  private final int prefix;
  private final Set<Long> used = new HashSet<>();

  /**
   * Creates a subnet.
   *
   * @param id the VPC subnet id (= Neutron network id)
   * @param neutronSubnetId the IPv4 subnet id
   * @param name the subnet name
   * @param cidr {@code a.b.c.d/n}, n between 16 and 29
   * @param vpcId the VPC it belongs to
   * @param availabilityZone the AZ it is pinned to (Huawei subnets have one)
   * @param createdAt creation time, {@code yyyy-MM-dd'T'HH:mm:ss}
   * @throws IllegalArgumentException when the CIDR is malformed
   */
  Subnet(String id, String neutronSubnetId, String name, String cidr, String vpcId, String availabilityZone,
      String createdAt) {
    this.id = Objects.requireNonNull(id, "id");
    this.neutronSubnetId = Objects.requireNonNull(neutronSubnetId, "neutronSubnetId");
    this.name = Objects.requireNonNull(name, "name");
    this.vpcId = Objects.requireNonNull(vpcId, "vpcId");
    this.availabilityZone = Objects.requireNonNull(availabilityZone, "availabilityZone");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    String[] parts = cidr.split("/", -1);
    long address = parts.length == 2 ? Ipv4.parse(parts[0]).orElse(-1L) : -1L;
    int bits = parts.length == 2 && parts[1].matches("\\d{1,2}") ? Integer.parseInt(parts[1]) : -1;
    if (address < 0 || bits < 16 || bits > 29) {
      throw new IllegalArgumentException("subnet CIDR must be a.b.c.d/16..29, got " + cidr);
    }
    long mask = (0xffffffffL << (32 - bits)) & 0xffffffffL;
    this.network = address & mask;
    this.prefix = bits;
    this.cidr = Ipv4.format(network) + "/" + bits;
  }

  /** The VPC API's subnet id (= Neutron network id, {@code net_id} of an interface). */
  String id() {
    return id;
  }

  /** The IPv4 subnet id used by ELB, members and interfaces' {@code fixed_ips}. */
  String neutronSubnetId() {
    return neutronSubnetId;
  }

  /** The subnet name. */
  String name() {
    return name;
  }

  /** The normalised CIDR block. */
  String cidr() {
    return cidr;
  }

  /** The VPC id. */
  String vpcId() {
    return vpcId;
  }

  /** The AZ the subnet is in. */
  String availabilityZone() {
    return availabilityZone;
  }

  /** The gateway, the first host address. */
  String gatewayIp() {
    return Ipv4.format(network + 1);
  }

  /**
   * Whether an address lies inside this subnet.
   *
   * @param ip a dotted quad
   * @return true when it is in the CIDR block
   */
  boolean contains(String ip) {
    return Ipv4.parse(ip).map(a -> (a >>> (32 - prefix)) == (network >>> (32 - prefix))).orElse(false);
  }

  /**
   * Takes the lowest free host address.
   *
   * @return the address
   * @throws HuaweiApiError 400 when the subnet is full
   */
  synchronized String allocateIp() {
    long last = network + (1L << (32 - prefix)) - 4;
    for (long a = network + 2; a <= last; a++) {
      if (used.add(a)) {
        return Ipv4.format(a);
      }
    }
    throw HuaweiApiError.badRequest("VPC.0703", "No available IP address in subnet " + neutronSubnetId + ".");
  }

  /**
   * Takes a given address.
   *
   * @param ip a host address of this subnet
   * @throws IllegalArgumentException when it is outside the usable range or already taken
   */
  synchronized void reserve(String ip) {
    long a = Ipv4.parse(ip).orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: " + ip));
    if (!contains(ip) || a < network + 2 || a > network + (1L << (32 - prefix)) - 4) {
      throw new IllegalArgumentException(ip + " is not a usable address of subnet " + cidr);
    }
    if (!used.add(a)) {
      throw new IllegalArgumentException(ip + " is already in use in subnet " + cidr);
    }
  }

  /**
   * Gives an address back.
   *
   * @param ip an address taken before; others are ignored
   */
  synchronized void release(String ip) {
    Ipv4.parse(ip).ifPresent(used::remove);
  }

  /** The VPC v1 API's {@code subnet} object. */
  JsonObject json(String projectId) {
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("name", name);
    o.addProperty("description", "");
    o.addProperty("cidr", cidr);
    JsonArray dns = new JsonArray();
    dns.add("100.125.1.250");
    dns.add("100.125.129.250");
    o.add("dnsList", dns);
    o.addProperty("status", "ACTIVE");
    o.addProperty("vpc_id", vpcId);
    o.addProperty("ipv6_enable", false);
    o.addProperty("gateway_ip", gatewayIp());
    o.addProperty("dhcp_enable", true);
    o.addProperty("primary_dns", "100.125.1.250");
    o.addProperty("secondary_dns", "100.125.129.250");
    o.addProperty("availability_zone", availabilityZone);
    o.addProperty("neutron_network_id", id);
    o.addProperty("neutron_subnet_id", neutronSubnetId);
    o.add("extra_dhcp_opts", new JsonArray());
    o.addProperty("tenant_id", projectId);
    o.addProperty("created_at", createdAt);
    o.addProperty("updated_at", createdAt);
    return o;
  }
}
