package dev.ccm4j.cloud.emulator;

import java.util.Optional;

/**
 * IPv4 address and CIDR arithmetic for the address plans of the emulated VPCs, shared by every vendor emulator.
 */
public final class Ipv4 {
  private Ipv4() {}

  /**
   * Parses a dotted quad.
   *
   * @param address the text; surrounding blanks are ignored
   * @return the address as an unsigned 32-bit value, or empty when it is not a dotted quad
   */
  public static Optional<Long> parse(String address) {
    if (address == null) {
      return Optional.empty();
    }
    String[] parts = address.trim().split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    long value = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
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
  public static String format(long value) {
    return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "."
        + (value & 0xff);
  }

  /**
   * Whether the text is a dotted-quad IPv4 address.
   *
   * @param address the text
   * @return true for a dotted quad
   */
  public static boolean isIpv4(String address) {
    return parse(address).isPresent();
  }

  /**
   * A parsed CIDR block with its network address.
   *
   * @param network the network address, host bits cleared
   * @param prefix the prefix length, 0 to 32
   */
  public record Cidr(long network, int prefix) {
    /** How many addresses the block holds. */
    public long size() {
      return 1L << (32 - prefix);
    }

    /**
     * Whether the block holds an address.
     *
     * @param address an unsigned 32-bit value
     * @return true when inside
     */
    public boolean contains(long address) {
      return (address & mask()) == network;
    }

    /** The netmask as an unsigned 32-bit value. */
    public long mask() {
      return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    @Override
    public String toString() {
      return format(network) + "/" + prefix;
    }
  }

  /**
   * Parses {@code a.b.c.d/n} (a bare address is a {@code /32}) and normalises host bits away.
   *
   * @param text the text
   * @return the block, or empty when malformed
   */
  public static Optional<Cidr> cidr(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    int prefix = 32;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(p);
      if (prefix > 32) {
        return Optional.empty();
      }
    }
    Optional<Long> a = parse(address);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    return Optional.of(new Cidr(a.get() & mask, prefix));
  }
}
