package dev.ccm4j.kubeapi.admission;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A CIDR block.
 *
 * @param network the network address (host bits cleared)
 * @param prefix the prefix length
 * @param text the CIDR as written
 */
record Cidr(IpAddress network, int prefix, String text) {

  /** Parses {@code address/prefix}; empty when either part is invalid. */
  static Optional<Cidr> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<IpAddress> address = IpAddress.parse(text.substring(0, slash));
    String prefixText = text.substring(slash + 1);
    if (address.isEmpty() || prefixText.isEmpty() || prefixText.length() > 3
        || !prefixText.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(prefixText);
    IpFamily family = address.get().family();
    if (prefix > family.bits) {
      return Optional.empty();
    }
    BigInteger hostMask = BigInteger.ONE.shiftLeft(family.bits - prefix).subtract(BigInteger.ONE);
    BigInteger network = address.get().value().andNot(hostMask);
    return Optional.of(new Cidr(new IpAddress(network, family), prefix, text));
  }

  IpFamily family() {
    return network.family();
  }

  /** The last address of the block. */
  BigInteger last() {
    return network.value().add(BigInteger.ONE.shiftLeft(family().bits - prefix)).subtract(BigInteger.ONE);
  }
}
