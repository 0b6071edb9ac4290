package dev.ccm4j.testkit.cloud;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@link Routes} over a table of routes per cluster, keyed by route name. A route whose target node's instance is
 * terminated reads back as a blackhole, as a cloud reports a route whose next hop is gone.
 */
final class FakeRoutes implements Routes {
  private final CallGate gate;
  private final Predicate<String> targetGone;
  private final Map<String, Map<String, Route>> byCluster = new LinkedHashMap<>();
  private boolean enableNodeAddresses;

  FakeRoutes(CallGate gate, Predicate<String> targetGone) {
    this.gate = gate;
    this.targetGone = targetGone;
  }

  @Override
  public List<Route> listRoutes(String clusterName) {
    return gate.call(Operation.LIST_ROUTES, clusterName, CallGate.keys(clusterName), List.of(),
        () -> routes(clusterName));
  }

  /**
   * Names the route {@code <hint>-<CIDR with every non-alphanumeric character as '-'>}, so a dual-stack node's two
   * routes differ. Creating an existing name again replaces it, which converges like a real idempotent create.
   */
  @Override
  public void createRoute(String clusterName, String nameHint, Route route) {
    String name = routeName(nameHint, route.destinationCidr());
    gate.run(Operation.CREATE_ROUTE, name, CallGate.keys(name, nameHint, route.targetNode()), List.of(), () -> {
      synchronized (this) {
        Route.Builder stored = route.toBuilder().name(name).blackhole(false)
            .enableNodeAddresses(enableNodeAddresses);
        if (!enableNodeAddresses) {
          stored.targetNodeAddresses(List.of());
        }
        table(clusterName).put(name, stored.build());
      }
    });
  }

  /** Removes the route with the given name, or with the same destination and target when it has no name. */
  @Override
  public void deleteRoute(String clusterName, Route route) {
    gate.run(Operation.DELETE_ROUTE, route.name(), CallGate.keys(route.name(), route.targetNode()), List.of(),
        () -> {
          synchronized (this) {
            Map<String, Route> table = table(clusterName);
            if (!route.name().isEmpty()) {
              table.remove(route.name());
            } else {
              table.values().removeIf(r -> r.destinationCidr().equals(route.destinationCidr())
                  && r.targetNode().equals(route.targetNode()));
            }
          }
        });
  }

  static String routeName(String nameHint, String destinationCidr) {
    return nameHint + "-" + destinationCidr.replaceAll("[^A-Za-z0-9]", "-");
  }

  synchronized List<Route> routes(String clusterName) {
    Map<String, Route> table = byCluster.get(clusterName);
    if (table == null) {
      return List.of();
    }
    return table.values().stream()
        .map(r -> !r.blackhole() && targetGone.test(r.targetNode()) ? r.toBuilder().blackhole(true).build() : r)
        .toList();
  }

  synchronized void putRoute(String clusterName, Route route) {
    if (route.name().isEmpty()) {
      throw new IllegalArgumentException("a route put directly into the fake needs a name");
    }
    table(clusterName).put(route.name(), route);
  }

  synchronized void markBlackhole(String clusterName, String routeName) {
    Route route = table(clusterName).get(routeName);
    if (route == null) {
      throw new IllegalArgumentException("no fake route " + routeName + " in cluster " + clusterName);
    }
    table(clusterName).put(routeName, route.toBuilder().blackhole(true).build());
  }

  synchronized void setEnableNodeAddresses(boolean enable) {
    enableNodeAddresses = enable;
  }

  private Map<String, Route> table(String clusterName) {
    return byCluster.computeIfAbsent(Objects.requireNonNull(clusterName, "clusterName"), c -> new LinkedHashMap<>());
  }
}
