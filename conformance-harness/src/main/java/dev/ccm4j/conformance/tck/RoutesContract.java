package dev.ccm4j.conformance.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.Routes;
import dev.ccm4j.api.fixture.FixtureInstance;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@link Routes} contract: routes to instances the fixture creates are created, listed as the cloud holds them,
 * reported as blackholes once their target is gone, and deleted. Each test uses CIDRs of its own, so routes of the
 * cluster that belong to someone else are left alone.
 */
public interface RoutesContract {

  /**
   * A created route is listed with its destination and target node; deleting it as listed removes it, and deleting
   * it again returns normally.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Routes [Feature:Routes] create, list and delete round trip")
  default void routesCreateListDeleteRoundTrip(TckTarget target) {
    Routes routes = Tck.require(target, target.provider().routes(), "Routes");
    FixtureInstance instance = Tck.createInstance(target, "route");
    String cidr = RouteChecks.ipv4Cidr();
    try {
      routes.createRoute(target.clusterName(), UUID.randomUUID().toString(), RouteChecks.route(instance, cidr));
      Route listed = RouteChecks.listedOnce(routes, target, cidr);
      assertThat(listed.targetNode()).as("target node of route %s", cidr).isEqualTo(instance.name());
      assertThat(listed.blackhole()).as("route %s to running %s is a blackhole", cidr, instance.name()).isFalse();

      routes.deleteRoute(target.clusterName(), listed);
      assertThat(RouteChecks.withDestination(routes, target, cidr)).as("routes to %s after delete", cidr).isEmpty();
      routes.deleteRoute(target.clusterName(), listed);
    } finally {
      RouteChecks.cleanup(routes, target, cidr);
    }
  }

  /**
   * The route is named from the hint (or, at least, listed under a stable name with its destination and target),
   * so the route controller finds it again on every pass.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Routes [Feature:Routes] a created route is found by its name hint or its destination and target")
  default void routesNameHintIsHonoured(TckTarget target) {
    Routes routes = Tck.require(target, target.provider().routes(), "Routes");
    FixtureInstance instance = Tck.createInstance(target, "hint");
    String cidr = RouteChecks.ipv4Cidr();
    String hint = UUID.randomUUID().toString();
    try {
      routes.createRoute(target.clusterName(), hint, RouteChecks.route(instance, cidr));
      Route first = RouteChecks.listedOnce(routes, target, cidr);
      Route second = RouteChecks.listedOnce(routes, target, cidr);
      assertThat(first.targetNode()).as("target node of route %s", cidr).isEqualTo(instance.name());
      assertThat(second.name()).as("name of route %s on a second list", cidr).isEqualTo(first.name());
    } finally {
      RouteChecks.cleanup(routes, target, cidr);
    }
  }

  /**
   * A dual-stack node's IPv4 and IPv6 routes, created with the same name hint, are both listed. Skipped when the
   * provider does not implement IPv6 routes.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Routes [Feature:Routes] dual-stack routes of one node are both listed")
  default void routesDualStackRoutesAreBothListed(TckTarget target) {
    Routes routes = Tck.require(target, target.provider().routes(), "Routes");
    FixtureInstance instance = Tck.createInstance(target, "dual");
    String v4 = RouteChecks.ipv4Cidr();
    String v6 = RouteChecks.ipv6Cidr();
    String hint = UUID.randomUUID().toString();
    try {
      routes.createRoute(target.clusterName(), hint, RouteChecks.route(instance, v4));
      Tck.implemented(target, "IPv6 routes", () -> {
        routes.createRoute(target.clusterName(), hint, RouteChecks.route(instance, v6));
        return null;
      });
      Route ipv4 = RouteChecks.listedOnce(routes, target, v4);
      Route ipv6 = RouteChecks.listedOnce(routes, target, v6);
      assertThat(List.of(ipv4.targetNode(), ipv6.targetNode())).as("targets of the dual-stack routes")
          .containsOnly(instance.name());
    } finally {
      RouteChecks.cleanup(routes, target, v4, v6);
    }
  }

  /**
   * Once its target instance is terminated, a route is listed as a blackhole (or no longer listed at all), so the
   * route controller replaces it.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Routes [Feature:Routes] a route to a terminated instance is reported as a blackhole")
  default void routesToATerminatedInstanceAreBlackholes(TckTarget target) {
    Routes routes = Tck.require(target, target.provider().routes(), "Routes");
    FixtureInstance instance = Tck.createInstance(target, "hole");
    String cidr = RouteChecks.ipv4Cidr();
    try {
      routes.createRoute(target.clusterName(), UUID.randomUUID().toString(), RouteChecks.route(instance, cidr));
      assertThat(RouteChecks.listedOnce(routes, target, cidr).blackhole()).as("route %s before termination", cidr)
          .isFalse();
      Tck.fixtureRun(target, "terminate instances", () -> target.fixture().terminateInstance(instance.providerId()));
      assertThat(RouteChecks.withDestination(routes, target, cidr))
          .as("routes to %s after its target %s was terminated", cidr, instance.name())
          .allSatisfy(r -> assertThat(r.blackhole()).as("route %s is a blackhole", r.name()).isTrue());
    } finally {
      RouteChecks.cleanup(routes, target, cidr);
    }
  }

  /**
   * The routes the cloud holds are the routes the provider lists: same destinations, targets and blackhole flags.
   *
   * @param target the provider under test
   */
  @Test
  @DisplayName("Routes [Feature:Routes] routes listed agree with the cloud's route table")
  default void routesListedAgreeWithTheCloud(TckTarget target) {
    Routes routes = Tck.require(target, target.provider().routes(), "Routes");
    FixtureInstance one = Tck.createInstance(target, "agree1");
    FixtureInstance two = Tck.createInstance(target, "agree2");
    String first = RouteChecks.ipv4Cidr();
    String second = RouteChecks.ipv4CidrOtherThan(first);
    try {
      routes.createRoute(target.clusterName(), UUID.randomUUID().toString(), RouteChecks.route(one, first));
      routes.createRoute(target.clusterName(), UUID.randomUUID().toString(), RouteChecks.route(two, second));
      Set<String> ours = Set.of(first, second);
      List<Route> cloud = Tck.fixture(target, "read routes", () -> target.fixture().routes(target.clusterName()));
      assertThat(RouteChecks.describe(routes.listRoutes(target.clusterName()), ours))
          .as("routes listed by the provider vs held by the cloud")
          .isEqualTo(RouteChecks.describe(cloud, ours))
          .hasSize(2);
    } finally {
      RouteChecks.cleanup(routes, target, first, second);
    }
  }
}
