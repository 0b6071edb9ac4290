package dev.ccm4j.core.node;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses IP address literals without ever resolving a host name. */
final class IpLiteral {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiteral() {}

  /**
   * Parses an IPv4 or IPv6 literal.
   *
   * @param text the text
   * @return the address, or empty when the text is not an IP literal
   */
  static Optional<InetAddress> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (IPV4.matcher(text).matches()) {
      for (String part : text.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return Optional.empty();
        }
      }
      return resolveLiteral(text);
    }
    // The colon makes InetAddress treat the text as an IPv6 literal, so no name lookup can happen.
    if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
      return resolveLiteral(text);
    }
    return Optional.empty();
  }

  static boolean isIpv6(InetAddress address) {
    return address instanceof Inet6Address;
  }

  private static Optional<InetAddress> resolveLiteral(String text) {
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
