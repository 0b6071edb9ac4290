package dev.ccm4j.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.ccm4j.api.Route;
import dev.ccm4j.core.manager.ControllerManagerOptions;
import dev.ccm4j.core.controller.ControllerNames;
import dev.ccm4j.core.patch.NodePatches;
import dev.ccm4j.core.testing.ControllerHarness;
import dev.ccm4j.testkit.cloud.Capability;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NodeRouteControllerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLUSTER = "kubernetes";

  private static ControllerHarness start(Duration period) {
    return start(period, o -> {});
  }

  private static ControllerHarness start(Duration period,
      Consumer<ControllerManagerOptions.Builder> more) {
    return ControllerHarness.builder()
        .options(o -> {
          o.clusterName(CLUSTER).clusterCidrs(List.of("10.120.0.0/16")).routeReconciliationPeriod(period);
          more.accept(o);
        })
        .controller(ControllerNames.NODE_ROUTE, NodeRouteController.factory(Duration.ofMillis(200)))
        .start();
  }

  private static void node(CoreV1Api api, String name, String ip, String podCidr) throws ApiException {
    V1NodeSpec spec = new V1NodeSpec();
    if (podCidr != null) {
      spec.podCIDR(podCidr).podCIDRs(List.of(podCidr));
    }
    api.createNode(new V1Node().metadata(new V1ObjectMeta().name(name)).spec(spec)
        .status(new V1NodeStatus().addresses(List.of(new V1NodeAddress().type("InternalIP").address(ip)))))
        .execute();
  }

  private static List<String> table(ControllerHarness h) {
    return h.cloud().routesOf(CLUSTER).stream().map(r -> r.targetNode() + " " + r.destinationCidr()).sorted()
        .toList();
  }

  private static Optional<String> reason(CoreV1Api api, String name) throws ApiException {
    return NetworkCondition.current(api.readNode(name).execute()).map(c -> c.getStatus() + "/" + c.getReason());
  }

  private static double successfulReconciles(ControllerHarness h) {
    Matcher m = Pattern.compile("(?m)^ccm4j_controller_reconcile_total\\{controller=\"node-route-controller\","
        + "result=\"success\"} (\\S+)$").matcher(h.metrics());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void routesFollowPodCidrsTheConditionFlipsAndDeletedNodesLoseTheirRoute() throws Exception {
    try (ControllerHarness h = start(Duration.ofMinutes(10))) {
      CoreV1Api api = h.core();
      node(api, "node-1", "10.0.0.1", "10.120.1.0/24");
      node(api, "node-2", "10.0.0.2", "10.120.2.0/24");
      node(api, "node-3", "10.0.0.3", null);

      await().atMost(WAIT).until(() -> table(h).equals(List.of("node-1 10.120.1.0/24", "node-2 10.120.2.0/24")));
      await().atMost(WAIT).until(() -> reason(api, "node-1").equals(Optional.of("False/RouteCreated"))
          && reason(api, "node-2").equals(Optional.of("False/RouteCreated")));
      assertThat(reason(api, "node-3")).isEmpty();

      JsonObject spec = new JsonObject();
      spec.addProperty("podCIDR", "10.120.3.0/24");
      new NodePatches(h.client()).patchSpec("node-3", spec);
      await().atMost(WAIT).until(() -> table(h).contains("node-3 10.120.3.0/24"));
      await().atMost(WAIT).until(() -> reason(api, "node-3").equals(Optional.of("False/RouteCreated")));

      api.deleteNode("node-2").execute();
      await().atMost(WAIT).until(() -> table(h).equals(List.of("node-1 10.120.1.0/24", "node-3 10.120.3.0/24")));
      assertThat(h.metrics()).contains("route_controller_route_sync_total");
    }
  }

  @Test
  void aSteadyStateMakesNoCloudCallOnEventsAndNoCloudWriteOnThePeriodicPass() throws Exception {
    try (ControllerHarness h = start(Duration.ofMinutes(10))) {
      CoreV1Api api = h.core();
      node(api, "node-1", "10.0.0.1", "10.120.1.0/24");
      node(api, "node-2", "10.0.0.2", "10.120.2.0/24");
      await().atMost(WAIT).until(() -> table(h).size() == 2
          && reason(api, "node-2").equals(Optional.of("False/RouteCreated")));
      await().atMost(WAIT).until(() -> h.manager().runningControllers().size() == 1
          && h.cloud().count(Operation.CREATE_ROUTE) == 2);
      double before = successfulReconciles(h);
      h.cloud().clearCalls();

      // each of these enqueues a reconcile, none changes the routing inputs
      node(api, "no-cidr", "10.0.0.9", null);
      new NodePatches(h.client()).patchLabels("node-1", Map.of("team", "blue"));
      await().atMost(WAIT).until(() -> successfulReconciles(h) >= before + 1);

      assertThat(h.cloud().calls()).isEmpty();
    }
    try (ControllerHarness h = start(Duration.ofMillis(300))) {
      CoreV1Api api = h.core();
      node(api, "node-1", "10.0.0.1", "10.120.1.0/24");
      await().atMost(WAIT).until(() -> table(h).size() == 1);
      await().atMost(WAIT).until(() -> h.cloud().count(Operation.LIST_ROUTES) >= 4);

      assertThat(h.cloud().count(Operation.CREATE_ROUTE)).isEqualTo(1);
      assertThat(h.cloud().count(Operation.DELETE_ROUTE)).isZero();
    }
  }

  @Test
  void thePeriodicPassRepairsDriftInTheCloud() throws Exception {
    try (ControllerHarness h = start(Duration.ofMillis(300))) {
      CoreV1Api api = h.core();
      node(api, "node-1", "10.0.0.1", "10.120.1.0/24");
      await().atMost(WAIT).until(() -> table(h).size() == 1);

      Route created = h.cloud().routesOf(CLUSTER).get(0);
      h.cloud().routes().orElseThrow().deleteRoute(CLUSTER, created);
      h.cloud().putRoute(CLUSTER, Route.builder().name("stale").targetNode("ghost").destinationCidr("10.120.9.0/24")
          .build());

      await().atMost(WAIT).until(() -> table(h).equals(List.of("node-1 10.120.1.0/24")));
    }
  }

  @Test
  void startConditionsAndClusterCidrValidation() {
    try (ControllerHarness h = start(Duration.ofMinutes(1), o -> o.configureCloudRoutes(false))) {
      assertThat(h.manager().runningControllers()).isEmpty();
    }
    try (ControllerHarness h = ControllerHarness.builder()
        .cloud(new FakeCloud().disable(Capability.ROUTES))
        .options(o -> o.clusterCidrs(List.of("10.120.0.0/16")))
        .controller(ControllerNames.NODE_ROUTE, NodeRouteController.factory())
        .start()) {
      assertThat(h.manager().runningControllers()).isEmpty();
    }
    for (List<String> bad : List.of(List.<String>of(), List.of("10.120.0.0/33"),
        List.of("10.0.0.0/16,10.1.0.0/16"), List.of("10.0.0.0/16,fd00::/48,10.2.0.0/16"))) {
      assertThatThrownBy(() -> start(Duration.ofMinutes(1), o -> o.clusterCidrs(bad)).close()).as(bad.toString())
          .hasStackTraceContaining("--cluster-cidr");
    }
  }
}
