package dev.ccm4j.provider.huawei.emulator;

import java.time.Instant;
import java.util.List;

/**
 * One emulated ELB instance, shared (created through v2, {@code guaranteed=false}) or dedicated (created through v3).
 * Its listeners and pools are found in {@link ElbStore} by their {@code loadbalancer id}, so there is one truth for
 * both API versions. The provisioning fields model Huawei's asynchronous configuration: after a mutation the load
 * balancer is {@link #pendingStatus} until {@link #pendingUntil} on the emulator clock. Mutable; changed only by
 * {@link ElbStore} under the state's lock.
 */
final class ElbLoadBalancer {
  final String id;
  final boolean dedicated;
  final String vipSubnetId;
  final String vipPortId;
  final String vipAddress;
  final List<String> availabilityZones;
  final String createdAt;
  String name;
  String description;
  boolean ipTargetEnable;
  String l4FlavorId;
  String l7FlavorId;
  String updatedAt;
  /** PENDING_CREATE or PENDING_UPDATE while {@link #pendingUntil} is in the future. */
  String pendingStatus;
  Instant pendingUntil;
  /** Forced or settled into ERROR; cleared by the next successful mutation. */
  boolean error;
  /** The running provisioning ends in ERROR instead of ACTIVE (a fault hook). */
  boolean errorWhenSettled;

  ElbLoadBalancer(String id, boolean dedicated, String vipSubnetId, String vipPortId, String vipAddress,
      List<String> availabilityZones, String createdAt) {
    this.id = id;
    this.dedicated = dedicated;
    this.vipSubnetId = vipSubnetId;
    this.vipPortId = vipPortId;
    this.vipAddress = vipAddress;
    this.availabilityZones = List.copyOf(availabilityZones);
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
