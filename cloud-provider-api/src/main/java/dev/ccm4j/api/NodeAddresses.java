package dev.ccm4j.api;

import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Defensive copies of the mutable generated {@link V1NodeAddress} model, so value types stay immutable. */
final class NodeAddresses {
  private NodeAddresses() {}

  static List<V1NodeAddress> copyOf(List<V1NodeAddress> addresses, String what) {
    Objects.requireNonNull(addresses, what);
    List<V1NodeAddress> copy = new ArrayList<>(addresses.size());
    for (V1NodeAddress a : addresses) {
      Objects.requireNonNull(a, what + " contains null");
      if (a.getType() == null || a.getType().isEmpty() || a.getAddress() == null || a.getAddress().isEmpty()) {
        throw new IllegalArgumentException(what + " entry needs a type and an address, got " + a.getType() + "="
            + a.getAddress());
      }
      copy.add(copy(a));
    }
    return Collections.unmodifiableList(copy);
  }

  static List<V1NodeAddress> copies(List<V1NodeAddress> addresses) {
    List<V1NodeAddress> copy = new ArrayList<>(addresses.size());
    for (V1NodeAddress a : addresses) {
      copy.add(copy(a));
    }
    return copy;
  }

  private static V1NodeAddress copy(V1NodeAddress a) {
    return new V1NodeAddress().type(a.getType()).address(a.getAddress());
  }
}
