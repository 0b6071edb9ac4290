package dev.ccm4j.provider.huawei.emulator;

/**
 * One emulated pool member ({@code address:protocol_port}, unique within its pool). Mutable; changed only by
 * {@link ElbStore} under the state's lock.
 */
final class ElbMember {
  final String id;
  final String poolId;
  final String address;
  final int protocolPort;
  /** The Neutron IPv4 subnet id, or null for a cross-VPC IP member of a v3 {@code ip_target_enable} ELB. */
  final String subnetId;
  final String createdAt;
  String name = "";
  int weight = 1;
  boolean adminStateUp = true;
  String updatedAt;

  ElbMember(String id, String poolId, String address, int protocolPort, String subnetId, String createdAt) {
    this.id = id;
    this.poolId = poolId;
    this.address = address;
    this.protocolPort = protocolPort;
    this.subnetId = subnetId;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
