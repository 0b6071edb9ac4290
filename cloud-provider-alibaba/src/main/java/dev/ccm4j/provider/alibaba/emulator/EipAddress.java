package dev.ccm4j.provider.alibaba.emulator;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An elastic IP address, possibly bound to an ECS instance or a load balancer.
 *
 * @param allocationId the id, {@code eip-...}
 * @param ipAddress the public IPv4 address
 * @param bandwidth the peak bandwidth in Mbit/s, as text the way Alibaba returns it
 * @param internetChargeType {@code PayByTraffic} or {@code PayByBandwidth}
 * @param instanceType the bound resource's type ({@code EcsInstance}, {@code SlbInstance}, {@code Nlb},
 *     {@code NetworkInterface}, ...), empty when unbound
 * @param instanceId the bound resource's id, empty when unbound
 * @param allocationTime when it was allocated
 */
public record EipAddress(String allocationId, String ipAddress, String bandwidth, String internetChargeType,
    String instanceType, String instanceId, Instant allocationTime) {
  /** Validates the fields. */
  public EipAddress {
    Objects.requireNonNull(allocationId, "allocationId");
    Objects.requireNonNull(ipAddress, "ipAddress");
    Objects.requireNonNull(bandwidth, "bandwidth");
    Objects.requireNonNull(internetChargeType, "internetChargeType");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(allocationTime, "allocationTime");
  }

  /** {@code InUse} when bound, else {@code Available}. */
  public String status() {
    return instanceId.isEmpty() ? "Available" : "InUse";
  }

  /** The bound resource's id. */
  public Optional<String> boundTo() {
    return instanceId.isEmpty() ? Optional.empty() : Optional.of(instanceId);
  }

  /** A copy bound to a resource, or unbound when both arguments are empty. */
  EipAddress bind(String type, String id) {
    return new EipAddress(allocationId, ipAddress, bandwidth, internetChargeType, type, id, allocationTime);
  }
}
