package dev.ccm4j.provider.local;

import io.kubernetes.client.openapi.models.V1NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cloud-config says about one node. Every field is optional; an absent field falls back to the node's own
 * data and then to the config's defaults.
 *
 * @param zone the zone, or empty
 * @param region the region, or empty
 * @param instanceType the instance type, or empty
 * @param addresses the node's addresses; when not empty they replace the node's own {@code status.addresses}
 * @param state the instance state, or empty for running
 */
public record NodeSettings(
    Optional<String> zone,
    Optional<String> region,
    Optional<String> instanceType,
    List<V1NodeAddress> addresses,
    Optional<InstanceState> state) {

  /** Checks for nulls and copies the addresses. */
  public NodeSettings {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(state, "state");
    addresses = copy(Objects.requireNonNull(addresses, "addresses"));
  }

  /**
   * Copies of the configured addresses, so callers cannot change this value.
   *
   * @return the addresses
   */
  @Override
  public List<V1NodeAddress> addresses() {
    return copy(addresses);
  }

  private static List<V1NodeAddress> copy(List<V1NodeAddress> in) {
    List<V1NodeAddress> out = new ArrayList<>(in.size());
    for (V1NodeAddress a : in) {
      out.add(new V1NodeAddress().type(a.getType()).address(a.getAddress()));
    }
    return List.copyOf(out);
  }
}
