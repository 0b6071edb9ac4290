package dev.ccm4j.provider.huawei.emulator;

import java.util.Optional;

/** Dotted-quad IPv4 parsing and formatting for the emulated VPC's address plans. */
final class Ipv4 {
  private Ipv4() {}

  /**
   * Parses a dotted quad.
   *
   * @param address the text
   * @return the address as an unsigned 32-bit value, or empty when it is not a dotted quad
   */
  static Optional<Long> parse(String address) {
    if (address == null) {
      return Optional.empty();
    }
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    long value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(p);
      if (octet > 255) {
        return Optional.empty();
      }
      value = (value << 8) | octet;
    }
    return Optional.of(value);
  }

  /**
   * Formats an address.
   *
   * @param value an unsigned 32-bit value
   * @return the dotted quad
   */
  static String format(long value) {
    return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "."
        + (value & 0xff);
  }

  /** Whether the text is a dotted-quad IPv4 address. */
  static boolean isIpv4(String address) {
    return parse(address).isPresent();
  }
}
