package dev.ccm4j.core.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation, normalised so that the host bits of {@link #base()} are zero.
 *
 * @param base the network's first address as an unsigned number
 * @param prefix the prefix length
 * @param ipv6 whether the network is IPv6
 */
public record Cidr(BigInteger base, int prefix, boolean ipv6) {

  /**
   * Validates the fields.
   *
   * @param base the network's first address; host bits must be zero
   * @param prefix the prefix length
   * @param ipv6 the family
   */
  public Cidr {
    Objects.requireNonNull(base, "base");
    int bits = ipv6 ? 128 : 32;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix " + prefix + " out of range for " + (ipv6 ? "IPv6" : "IPv4"));
    }
    if (base.signum() < 0 || base.bitLength() > bits || !base.and(hostMask(prefix, bits)).equals(BigInteger.ZERO)) {
      throw new IllegalArgumentException("base address has host bits set or is out of range");
    }
  }

  /**
   * Parses {@code address/prefix}. Host bits are cleared, as Go's {@code net.ParseCIDR} does for the network.
   *
   * @param text for example {@code 10.244.0.0/16} or {@code fd00::/48}
   * @return the network
   * @throws IllegalArgumentException if the text is not a CIDR
   */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim();
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": expected address/prefix");
    }
    String address = s.substring(0, slash);
    boolean v6 = address.contains(":");
    if (!v6 && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": bad IPv4 address");
    }
    if (v6 && !address.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": bad IPv6 address");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": " + e.getMessage(), e);
    }
    if (bytes.length != (v6 ? 16 : 4)) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": IPv4-mapped addresses are not supported");
    }
    int prefix;
    try {
      prefix = Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": bad prefix length", e);
    }
    int bits = v6 ? 128 : 32;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("invalid CIDR \"" + text + "\": prefix length out of range");
    }
    BigInteger value = new BigInteger(1, bytes);
    return new Cidr(value.andNot(hostMask(prefix, bits)), prefix, v6);
  }

  /**
   * The number of address bits of this family.
   *
   * @return 32 or 128
   */
  public int addressBits() {
    return ipv6 ? 128 : 32;
  }

  /**
   * The network's last address.
   *
   * @return the broadcast (IPv4) or last (IPv6) address as a number
   */
  public BigInteger last() {
    return base.or(hostMask(prefix, addressBits()));
  }

  /**
   * Whether an address of the same family lies in this network.
   *
   * @param address the address as a number
   * @param addressIpv6 its family
   * @return true if inside
   */
  public boolean contains(BigInteger address, boolean addressIpv6) {
    return addressIpv6 == ipv6 && address.compareTo(base) >= 0 && address.compareTo(last()) <= 0;
  }

  /**
   * Whether another network lies entirely inside this one.
   *
   * @param other the other network
   * @return true if contained
   */
  public boolean contains(Cidr other) {
    return other.ipv6 == ipv6 && other.prefix >= prefix && contains(other.base, other.ipv6);
  }

  @Override
  public String toString() {
    return format(base, ipv6) + "/" + prefix;
  }

  static BigInteger hostMask(int prefix, int bits) {
    return BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
  }

  private static String format(BigInteger value, boolean v6) {
    int length = v6 ? 16 : 4;
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
    if (!v6) {
      return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
