package dev.ccm4j.kubeapi.admission;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address as a number plus its family. Parsing never touches DNS: only literals are accepted.
 *
 * @param value the address as an unsigned integer
 * @param family its family
 */
record IpAddress(BigInteger value, IpFamily family) {

  /** Parses a literal IPv4 (dotted quad, no leading zeros) or IPv6 address; empty for anything else. */
  static Optional<IpAddress> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0) {
      return parseIpv4(text);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
      if (!ok) {
        return Optional.empty();
      }
    }
    try {
      InetAddress address = InetAddress.getByName(text);
      IpFamily family = address instanceof Inet4Address ? IpFamily.IPv4 : IpFamily.IPv6;
      return Optional.of(new IpAddress(new BigInteger(1, address.getAddress()), family));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Optional<IpAddress> parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
          || !part.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return Optional.empty();
      }
      value = (value << 8) | octet;
    }
    return Optional.of(new IpAddress(BigInteger.valueOf(value), IpFamily.IPv4));
  }

  /** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6. */
  @Override
  public String toString() {
    if (family == IpFamily.IPv4) {
      long v = value.longValue();
      return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
