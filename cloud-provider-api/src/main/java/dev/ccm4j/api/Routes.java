package dev.ccm4j.api;

import java.util.List;

/**
 * Cloud routes that send each node's pod CIDR to that node, for clusters whose pod network relies on the cloud's
 * route table. Contracts: see {@link CloudProvider}.
 */
public interface Routes {

  /**
   * The routes this cluster manages.
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @return the routes; never null
   */
  List<Route> listRoutes(String clusterName);

  /**
   * Creates a route. Dual-stack nodes get two routes with the same name hint, so derive distinct names (for
   * example from the hint and the destination CIDR).
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @param nameHint a stable hint for the route's name: the target Node's UID
   * @param route the route; its {@link Route#name()} is ignored
   */
  void createRoute(String clusterName, String nameHint, Route route);

  /**
   * Deletes a route as {@link #listRoutes} returned it. Returns normally if it is already gone.
   *
   * @param clusterName the {@code --cluster-name} of this cluster
   * @param route the route to delete
   */
  void deleteRoute(String clusterName, Route route);
}
