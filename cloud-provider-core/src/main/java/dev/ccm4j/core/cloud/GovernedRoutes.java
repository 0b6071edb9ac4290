package dev.ccm4j.core.cloud;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import java.util.List;

/** Routes {@link Routes} calls through a {@link CloudCallGovernor}. */
final class GovernedRoutes implements Routes {
  private final Routes delegate;
  private final CloudCallGovernor governor;

  GovernedRoutes(Routes delegate, CloudCallGovernor governor) {
    this.delegate = delegate;
    this.governor = governor;
  }

  @Override
  public List<Route> listRoutes(String clusterName) {
    return governor.call("ListRoutes", () -> delegate.listRoutes(clusterName));
  }

  @Override
  public void createRoute(String clusterName, String nameHint, Route route) {
    governor.run("CreateRoute", () -> delegate.createRoute(clusterName, nameHint, route));
  }

  @Override
  public void deleteRoute(String clusterName, Route route) {
    governor.run("DeleteRoute", () -> delegate.deleteRoute(clusterName, route));
  }
}
