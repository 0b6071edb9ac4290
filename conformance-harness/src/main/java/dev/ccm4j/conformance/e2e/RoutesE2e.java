package dev.ccm4j.conformance.e2e;

import dev.ccm4j.api.Route;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.api.fixture.CloudFixture;
import io.kubernetes.client.openapi.models.V1Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route controller's contract: every node with a pod CIDR gets a cloud route to it, and the CCM then clears the
 * node's {@code NetworkUnavailable} condition with reason {@code RouteCreated}.
 */
@ExtendWith(E2eExtension.class)
@DisplayName("[sig-cloud-provider] [ccm4j] Routes")
public final class RoutesE2e {
  private static final Logger LOG = LoggerFactory.getLogger(RoutesE2e.class);

  @Test
  @DisplayName("should create a route to the pod CIDR of every node and set NetworkUnavailable=False")
  void routesEveryNode(E2eEnvironment env) throws Exception {
    Assumptions.assumeTrue(env.routesExpected(), "the CCM under test does not configure cloud routes");
    Nodes nodes = new Nodes(env);
    Optional<String> fresh = env.nodePool().isPresent()
        ? Optional.of(Nodes.name(nodes.joinInitialized(env.nodePool().get()))) : Optional.empty();
    Optional<CloudFixture> fixture = env.fixture().filter(f -> readsRoutes(f, env.clusterName()));
    if (fixture.isEmpty()) {
      LOG.info("no fixture that reads routes for provider {}: checking the nodes' conditions only",
          env.providerName());
    }
    Waits.until("every node with a pod CIDR" + fresh.map(n -> ", " + n + " included,").orElse("")
        + " to be routed", env.timeouts().routes(), env.timeouts().poll(),
        () -> new Observed(nodes.live(), fixture.isPresent() ? fixture.get().routes(env.clusterName()) : List.of()),
        o -> problems(o, fixture.isPresent(), fresh).isEmpty(),
        o -> String.join("; ", problems(o, fixture.isPresent(), fresh)));
  }

  private static boolean readsRoutes(CloudFixture fixture, String clusterName) {
    try {
      fixture.routes(clusterName);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /** What is not routed yet, empty once every node with a pod CIDR is. */
  private static List<String> problems(Observed o, boolean checkCloud, Optional<String> joined) {
    List<String> problems = new ArrayList<>();
    List<V1Node> withCidrs = o.nodes().stream().filter(n -> !Nodes.podCidrs(n).isEmpty()).toList();
    if (withCidrs.isEmpty()) {
      problems.add("no node has spec.podCIDR");
    }
    joined.filter(name -> withCidrs.stream().noneMatch(n -> Nodes.name(n).equals(name)))
        .ifPresent(name -> problems.add("the joined node " + name + " has no spec.podCIDR"));
    for (V1Node n : withCidrs) {
      boolean routed = Nodes.condition(n, WellKnown.CONDITION_NETWORK_UNAVAILABLE)
          .map(c -> "False".equals(c.getStatus()) && WellKnown.REASON_ROUTE_CREATED.equals(c.getReason()))
          .orElse(false);
      if (!routed) {
        problems.add(Nodes.name(n) + " is not NetworkUnavailable=False(" + WellKnown.REASON_ROUTE_CREATED + ") ["
            + Nodes.describe(n) + "]");
      }
      if (checkCloud) {
        for (String cidr : Nodes.podCidrs(n)) {
          boolean found = o.routes().stream().anyMatch(r -> r.destinationCidr().equals(cidr)
              && r.targetNode().equals(Nodes.name(n)) && !r.blackhole());
          if (!found) {
            problems.add("no cloud route " + cidr + " -> " + Nodes.name(n) + " among " + o.routes().stream()
                .map(r -> r.destinationCidr() + "->" + r.targetNode() + (r.blackhole() ? "(blackhole)" : ""))
                .collect(Collectors.toList()));
          }
        }
      }
    }
    return problems;
  }

  private record Observed(List<V1Node> nodes, List<Route> routes) {}
}
