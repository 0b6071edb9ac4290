package dev.ccm4j.provider.local;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An in-memory route table per cluster. Route names are the name hint plus the destination CIDR, so the two
 * routes of a dual-stack node get distinct names. Routes report the node addresses they were created with, and are
 * blackholes while their target node's instance is terminated, as a cloud route to a deleted VM is.
 */
final class LocalRoutes implements Routes {
  private final Map<String, Map<String, Route>> tables = new ConcurrentHashMap<>();
  private final Function<String, InstanceState> instanceStates;

  LocalRoutes(Function<String, InstanceState> instanceStates) {
    this.instanceStates = instanceStates;
  }

  @Override
  public List<Route> listRoutes(String clusterName) {
    Map<String, Route> table = tables.get(clusterName);
    if (table == null) {
      return List.of();
    }
    List<Route> routes = new ArrayList<>();
    for (Route r : table.values()) {
      boolean gone = instanceStates.apply(r.targetNode()) == InstanceState.TERMINATED;
      routes.add(gone ? r.toBuilder().blackhole(true).build() : r);
    }
    return routes;
  }

  @Override
  public void createRoute(String clusterName, String nameHint, Route route) {
    String name = routeName(nameHint, route.destinationCidr());
    Route stored = route.toBuilder().name(name).enableNodeAddresses(true).blackhole(false).build();
    tables.computeIfAbsent(clusterName, c -> new ConcurrentHashMap<>()).put(name, stored);
  }

  @Override
  public void deleteRoute(String clusterName, Route route) {
    Map<String, Route> table = tables.get(clusterName);
    if (table == null) {
      return;
    }
    if (!route.name().isEmpty() && table.remove(route.name()) != null) {
      return;
    }
    table.values().removeIf(r -> r.destinationCidr().equals(route.destinationCidr())
        && r.targetNode().equals(route.targetNode()));
  }

  /**
   * A name derived from the hint and the CIDR, with only letters, digits and dashes.
   *
   * @param nameHint the hint, usually the node UID
   * @param cidr the destination CIDR
   * @return the name
   */
  static String routeName(String nameHint, String cidr) {
    return (nameHint + "-" + cidr).replaceAll("[^A-Za-z0-9-]", "-");
  }
}
