package dev.ccm4j.provider.local;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An inclusive range of IPv4 or IPv6 addresses, written as a CIDR ({@code 10.0.0.0/24}), a range
 * ({@code 127.0.0.100-127.0.0.200}) or a single address.
 *
 * @param first the first address
 * @param last the last address, of the same family and not below {@code first}
 */
public record IpRange(InetAddress first, InetAddress last) {
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

  /** Checks that both ends have one family and are in order. */
  public IpRange {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    if (first.getAddress().length != last.getAddress().length) {
      throw new IllegalArgumentException("range mixes IPv4 and IPv6: " + first.getHostAddress() + "-"
          + last.getHostAddress());
    }
    if (toNumber(first).compareTo(toNumber(last)) > 0) {
      throw new IllegalArgumentException("range ends before it starts: " + first.getHostAddress() + "-"
          + last.getHostAddress());
    }
  }

  /**
   * Parses a CIDR, a {@code first-last} range or a single address.
   *
   * @param text the text
   * @return the range
   * @throws IllegalArgumentException naming the text if it is none of these
   */
  public static IpRange parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    int slash = s.indexOf('/');
    int dash = s.indexOf('-');
    if (slash >= 0) {
      InetAddress base = address(s.substring(0, slash), text);
      int bits = base.getAddress().length * 8;
      int prefix;
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid prefix length in \"" + text + "\"", e);
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix length out of range in \"" + text + "\"");
      }
      BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
      BigInteger low = toNumber(base).andNot(hostMask);
      return new IpRange(fromNumber(low, bits), fromNumber(low.or(hostMask), bits));
    }
    if (dash >= 0) {
      return new IpRange(address(s.substring(0, dash), text), address(s.substring(dash + 1), text));
    }
    InetAddress single = address(s, text);
    return new IpRange(single, single);
  }

  /**
   * Whether the address lies in this range.
   *
   * @param address an address; an IPv4-mapped IPv6 address counts as IPv4
   * @return true if it is inside
   */
  public boolean contains(InetAddress address) {
    if (address.getAddress().length != first.getAddress().length) {
      return false;
    }
    BigInteger n = toNumber(address);
    return n.compareTo(toNumber(first)) >= 0 && n.compareTo(toNumber(last)) <= 0;
  }

  /**
   * The address {@code offset} places after {@link #first()}, if it is still inside.
   *
   * @param offset a non-negative offset
   * @return the address, or empty past the end
   */
  public Optional<InetAddress> at(BigInteger offset) {
    BigInteger n = toNumber(first).add(offset);
    if (offset.signum() < 0 || n.compareTo(toNumber(last)) > 0) {
      return Optional.empty();
    }
    return Optional.of(fromNumber(n, first.getAddress().length * 8));
  }

  /**
   * The canonical text form.
   *
   * @return {@code first-last}, or the single address
   */
  @Override
  public String toString() {
    return first.equals(last) ? first.getHostAddress() : first.getHostAddress() + "-" + last.getHostAddress();
  }

  private static InetAddress address(String literal, String whole) {
    String s = literal.strip();
    if (s.isEmpty() || !LITERAL.matcher(s).matches()) {
      throw new IllegalArgumentException("\"" + whole + "\" is not an IP address, CIDR or range");
    }
    try {
      // only literals reach here, so no name lookup happens
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + whole + "\" is not an IP address, CIDR or range", e);
    }
  }

  private static BigInteger toNumber(InetAddress a) {
    return new BigInteger(1, a.getAddress());
  }

  private static InetAddress fromNumber(BigInteger n, int bits) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[bits / 8];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of illegal length " + out.length, e);
    }
  }
}
