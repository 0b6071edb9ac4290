package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.fixture.FixtureInstance;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/** Route builders and lookups shared by the route contracts. */
final class RouteChecks {
  private RouteChecks() {}

  static Route route(FixtureInstance instance, String cidr) {
    return Route.builder().targetNode(instance.name()).targetNodeAddresses(instance.addresses())
        .destinationCidr(cidr).build();
  }

  /** A random /24 in 10.128.0.0/9, unlikely to collide with another test's or another run's. */
  static String ipv4Cidr() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + (128 + r.nextInt(128)) + "." + r.nextInt(256) + ".0/24";
  }

  /** A random /24 as {@link #ipv4Cidr()}, but not {@code taken}. */
  static String ipv4CidrOtherThan(String taken) {
    String cidr = ipv4Cidr();
    while (cidr.equals(taken)) {
      cidr = ipv4Cidr();
    }
    return cidr;
  }

  /** A random /64 in fd00::/8. */
  static String ipv6Cidr() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("fd%02x:%x:%x:%x::/64", r.nextInt(256), r.nextInt(0x10000), r.nextInt(0x10000),
        r.nextInt(0x10000));
  }

  static List<Route> withDestination(Routes routes, TckTarget target, String cidr) {
    return routes.listRoutes(target.clusterName()).stream().filter(r -> r.destinationCidr().equals(cidr)).toList();
  }

  static Route listedOnce(Routes routes, TckTarget target, String cidr) {
    List<Route> found = withDestination(routes, target, cidr);
    assertThat(found).as("routes to %s listed for cluster %s", cidr, target.clusterName()).hasSize(1);
    return found.get(0);
  }

  /** The routes to the given destinations as {@code destination -> target [blackhole]}, sorted. */
  static List<String> describe(List<Route> routes, Set<String> destinations) {
    return routes.stream().filter(r -> destinations.contains(r.destinationCidr()))
        .map(r -> r.destinationCidr() + " -> " + r.targetNode() + (r.blackhole() ? " blackhole" : ""))
        .sorted().collect(Collectors.toList());
  }

  /** Deletes the test's routes; failures are logged. */
  static void cleanup(Routes routes, TckTarget target, String... cidrs) {
    Tck.cleanup("delete routes " + String.join(", ", cidrs), () -> {
      Set<String> ours = Set.of(cidrs);
      for (Route r : routes.listRoutes(target.clusterName())) {
        if (ours.contains(r.destinationCidr())) {
          routes.deleteRoute(target.clusterName(), r);
        }
      }
    });
  }
}
