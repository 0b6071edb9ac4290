package dev.ccm4j.core.route;

import dev.ccm4j.core.net.Cidr;
import java.util.List;

/**
 * Which cloud routes this controller manages: those whose destination's first or last address lies inside a
 * cluster CIDR. Anything else in the route table belongs to someone else and is never deleted.
 */
final class RouteResponsibility {
  private final List<Cidr> clusterCidrs;

  RouteResponsibility(List<Cidr> clusterCidrs) {
    this.clusterCidrs = List.copyOf(clusterCidrs);
  }

  boolean isResponsibleFor(String destinationCidr) {
    Cidr destination;
    try {
      destination = Cidr.parse(destinationCidr);
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (Cidr cluster : clusterCidrs) {
      if (cluster.contains(destination.base(), destination.ipv6())
          || cluster.contains(destination.last(), destination.ipv6())) {
        return true;
      }
    }
    return false;
  }
}
