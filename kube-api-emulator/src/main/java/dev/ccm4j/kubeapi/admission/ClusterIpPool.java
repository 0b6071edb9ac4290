package dev.ccm4j.kubeapi.admission;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Cluster IPs of one service CIDR. Hands out addresses in order with a rotating cursor, so a released address is not
 * reused at once. Never hands out the network address, the first host (kube keeps it for the {@code kubernetes}
 * Service, which may still request it explicitly) or, for IPv4, the broadcast address.
 */
final class ClusterIpPool {
  private final Cidr cidr;
  private final BigInteger firstRequestable;
  private final BigInteger firstDynamic;
  private final BigInteger last;
  private final Set<BigInteger> used = new HashSet<>();
  private BigInteger cursor;

  ClusterIpPool(Cidr cidr) {
    this.cidr = cidr;
    this.firstRequestable = cidr.network().value().add(BigInteger.ONE);
    this.firstDynamic = firstRequestable.add(BigInteger.ONE);
    this.last = cidr.family() == IpFamily.IPv4 ? cidr.last().subtract(BigInteger.ONE) : cidr.last();
    if (last.compareTo(firstDynamic) < 0) {
      throw new IllegalArgumentException("service CIDR " + cidr.text() + " is too small");
    }
    this.cursor = firstDynamic;
  }

  Cidr cidr() {
    return cidr;
  }

  boolean inRange(IpAddress ip) {
    return ip.family() == cidr.family() && ip.value().compareTo(firstRequestable) >= 0
        && ip.value().compareTo(last) <= 0;
  }

  boolean isAllocated(IpAddress ip) {
    return used.contains(ip.value());
  }

  void allocate(IpAddress ip) {
    used.add(ip.value());
  }

  /** Allocates the next free address, or empty when the range is full. */
  Optional<IpAddress> allocateNext() {
    BigInteger candidate = cursor;
    BigInteger span = last.subtract(firstDynamic).add(BigInteger.ONE);
    for (BigInteger tried = BigInteger.ZERO; tried.compareTo(span) < 0; tried = tried.add(BigInteger.ONE)) {
      if (!used.contains(candidate)) {
        used.add(candidate);
        cursor = candidate.equals(last) ? firstDynamic : candidate.add(BigInteger.ONE);
        return Optional.of(new IpAddress(candidate, cidr.family()));
      }
      candidate = candidate.equals(last) ? firstDynamic : candidate.add(BigInteger.ONE);
    }
    return Optional.empty();
  }

  void release(IpAddress ip) {
    used.remove(ip.value());
  }
}
