package dev.ccm4j.provider.alibaba.emulator;

import java.util.Objects;

/**
 * An emulated vSwitch: a subnet of the VPC in one zone.
 *
 * @param vSwitchId the id, {@code vsw-...}
 * @param zoneId the zone
 * @param cidrBlock the IPv4 CIDR block, e.g. {@code 192.168.0.0/20}
 * @param name the name
 */
public record VSwitch(String vSwitchId, String zoneId, String cidrBlock, String name) {
  /** Validates the fields. */
  public VSwitch {
    Objects.requireNonNull(vSwitchId, "vSwitchId");
    Objects.requireNonNull(zoneId, "zoneId");
    Objects.requireNonNull(cidrBlock, "cidrBlock");
    Objects.requireNonNull(name, "name");
  }
}
