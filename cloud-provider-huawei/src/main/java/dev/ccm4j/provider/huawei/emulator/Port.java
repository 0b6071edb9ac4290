package dev.ccm4j.provider.huawei.emulator;

import java.util.Objects;

/**
 * A VPC port: one IPv4 address in one subnet, owned by a server's NIC ({@code compute:<az>}), an ELB's VIP
 * ({@code neutron:LOADBALANCERV2} / {@code neutron:LOADBALANCERV3}) or anything else a product creates. EIPs bind to
 * ports. Immutable apart from the device it is attached to.
 */
final class Port {
  private final String id;
  private final String subnetId;
  private final String networkId;
  private final String ipAddress;
  private final String deviceOwner;
  private final String macAddress;
  private volatile String deviceId;

  /**
   * Creates a port.
   *
   * @param id the port id
   * @param subnetId the Neutron IPv4 subnet id
   * @param networkId the Neutron network id (the VPC API's subnet id)
   * @param ipAddress the fixed IPv4 address
   * @param deviceOwner e.g. {@code compute:cn-north-4a}
   * @param macAddress the MAC address
   * @param deviceId what it is attached to (server or load balancer id), or empty
   */
  Port(String id, String subnetId, String networkId, String ipAddress, String deviceOwner, String macAddress,
      String deviceId) {
    this.id = Objects.requireNonNull(id, "id");
    this.subnetId = Objects.requireNonNull(subnetId, "subnetId");
    this.networkId = Objects.requireNonNull(networkId, "networkId");
    this.ipAddress = Objects.requireNonNull(ipAddress, "ipAddress");
    this.deviceOwner = Objects.requireNonNull(deviceOwner, "deviceOwner");
    this.macAddress = Objects.requireNonNull(macAddress, "macAddress");
    this.deviceId = deviceId == null ? "" : deviceId;
  }

  /** The port id. */
  String id() {
    return id;
  }

  /** The Neutron IPv4 subnet id ({@code fixed_ips[].subnet_id}). */
  String subnetId() {
    return subnetId;
  }

  /** The Neutron network id ({@code net_id}), which is the VPC API's subnet id. */
  String networkId() {
    return networkId;
  }

  /** The fixed IPv4 address. */
  String ipAddress() {
    return ipAddress;
  }

  /** Who owns the port, e.g. {@code compute:cn-north-4a} or {@code neutron:LOADBALANCERV2}. */
  String deviceOwner() {
    return deviceOwner;
  }

  /** The MAC address, {@code fa:16:3e:..}. */
  String macAddress() {
    return macAddress;
  }

  /** The id of the device the port is attached to; empty when none. */
  String deviceId() {
    return deviceId;
  }

  /**
   * Attaches the port to a device.
   *
   * @param deviceId the server or load balancer id
   */
  void deviceId(String deviceId) {
    this.deviceId = deviceId == null ? "" : deviceId;
  }
}
