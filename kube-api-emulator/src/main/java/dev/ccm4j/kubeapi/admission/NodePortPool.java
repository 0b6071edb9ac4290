package dev.ccm4j.kubeapi.admission;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Node ports in {@code [min, max]}, keyed by port number alone as upstream's allocator is: a number held by one
 * Service is unavailable to every other Service whatever the protocol. One Service may still use the same number
 * for a TCP and a UDP port of the same service port, and then holds it once.
 */
final class NodePortPool {
  private final int min;
  private final int max;
  private final Set<Integer> used = new HashSet<>();
  private int cursor;

  NodePortPool(int min, int max) {
    if (min < 1 || max > 65535 || min > max) {
      throw new IllegalArgumentException("invalid node port range " + min + "-" + max);
    }
    this.min = min;
    this.max = max;
    this.cursor = min;
  }

  boolean inRange(int port) {
    return port >= min && port <= max;
  }

  boolean isAllocated(int port) {
    return used.contains(port);
  }

  void allocate(int port) {
    used.add(port);
  }

  OptionalInt allocateNext() {
    int candidate = cursor;
    for (int tried = 0; tried <= max - min; tried++) {
      if (!used.contains(candidate)) {
        used.add(candidate);
        cursor = candidate == max ? min : candidate + 1;
        return OptionalInt.of(candidate);
      }
      candidate = candidate == max ? min : candidate + 1;
    }
    return OptionalInt.empty();
  }

  void release(int port) {
    used.remove(port);
  }

  /** The message the real allocator gives for a port outside the range. */
  String notInRangeMessage() {
    return "provided port is not in the valid range. The range of valid ports is " + min + "-" + max;
  }
}
