package dev.ccm4j.core.nodeipam;

import dev.ccm4j.core.net.Cidr;
import java.math.BigInteger;
import java.util.BitSet;
import java.util.Optional;

/**
 * The node-sized subnets of one cluster CIDR and which of them are taken. Not thread-safe: the allocator
 * serialises access.
 */
final class CidrSet {
  /** Upstream's limit on the bits between the cluster and node prefixes, which bounds the bitmap to 64 Ki. */
  static final int MAX_SUBNET_BITS = 16;

  private final Cidr cluster;
  private final int nodePrefix;
  private final int size;
  private final BitSet used;
  private int next;

  CidrSet(Cidr cluster, int nodePrefix) {
    this.cluster = cluster;
    this.nodePrefix = nodePrefix;
    this.size = 1 << (nodePrefix - cluster.prefix());
    this.used = new BitSet(size);
  }

  Cidr cluster() {
    return cluster;
  }

  int size() {
    return size;
  }

  int usedCount() {
    return used.cardinality();
  }

  /** The next free subnet after the last one handed out, wrapping around, or empty when all are taken. */
  Optional<Cidr> allocateNext() {
    int free = used.nextClearBit(next);
    if (free >= size) {
      free = used.nextClearBit(0);
      if (free >= size) {
        return Optional.empty();
      }
    }
    used.set(free);
    next = (free + 1) % size;
    return Optional.of(subnet(free));
  }

  /**
   * Marks every subnet overlapping {@code cidr} as taken.
   *
   * @return false when {@code cidr} does not overlap this cluster CIDR
   */
  boolean occupy(Cidr cidr) {
    int[] range = range(cidr);
    if (range.length == 0) {
      return false;
    }
    used.set(range[0], range[1] + 1);
    return true;
  }

  /**
   * Frees every subnet overlapping {@code cidr}.
   *
   * @return false when {@code cidr} does not overlap this cluster CIDR
   */
  boolean release(Cidr cidr) {
    int[] range = range(cidr);
    if (range.length == 0) {
      return false;
    }
    used.clear(range[0], range[1] + 1);
    return true;
  }

  private int[] range(Cidr cidr) {
    if (cidr.ipv6() != cluster.ipv6()) {
      return new int[0];
    }
    BigInteger first = cidr.base().max(cluster.base());
    BigInteger last = cidr.last().min(cluster.last());
    if (first.compareTo(last) > 0) {
      return new int[0];
    }
    return new int[] {index(first), index(last)};
  }

  private int index(BigInteger address) {
    return address.subtract(cluster.base()).shiftRight(cluster.addressBits() - nodePrefix).intValueExact();
  }

  private Cidr subnet(int index) {
    BigInteger offset = BigInteger.valueOf(index).shiftLeft(cluster.addressBits() - nodePrefix);
    return new Cidr(cluster.base().add(offset), nodePrefix, cluster.ipv6());
  }
}
