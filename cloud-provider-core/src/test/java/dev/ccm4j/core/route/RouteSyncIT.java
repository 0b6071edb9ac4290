package dev.ccm4j.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccm4j.api.CloudProviderException;
import dev.ccm4j.api.Route;
import dev.ccm4j.api.WellKnown;
import dev.ccm4j.core.clock.Clock;
import dev.ccm4j.core.events.EventRecorder;
import dev.ccm4j.core.net.ClusterCidrs;
import dev.ccm4j.core.patch.NodePatches;
import dev.ccm4j.kubeapi.KubeApiServer;
import dev.ccm4j.testkit.cloud.Call;
import dev.ccm4j.testkit.cloud.FakeCloud;
import dev.ccm4j.testkit.cloud.Operation;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ports upstream's TestReconcile and TestUpdateNetworkingCondition (with the Calico scenario): one pass against
 * the API server emulator and the fake cloud's route table.
 */
class RouteSyncIT {
  private static final String CLUSTER = "my-k8s";

  private KubeApiServer server;
  private ApiClient client;
  private CoreV1Api api;
  private FakeCloud cloud;
  private ExecutorService pool;
  private final List<String> warnings = new ArrayList<>();
  private final EventRecorder recorder = (ref, type, reason, message) -> {
    synchronized (warnings) {
      warnings.add(ref.getName() + " " + type.name() + " " + reason + " " + message);
    }
  };

  @BeforeEach
  void start() {
    server = KubeApiServer.builder().build().start();
    client = new ClientBuilder().setBasePath(server.url()).setReadTimeout(Duration.ofSeconds(30)).build();
    api = new CoreV1Api(client);
    cloud = new FakeCloud();
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    server.close();
  }

  private RouteSync.Result sync(String... clusterCidrs) throws Exception {
    RouteSync sync = new RouteSync(cloud.routes().orElseThrow(), CLUSTER,
        new RouteResponsibility(ClusterCidrs.parse(List.of(clusterCidrs))), new NodePatches(client), recorder,
        Counter.builder().name("route_controller_route_sync").register(new PrometheusRegistry()), Clock.system(),
        pool);
    return sync.sync(api.listNode().execute().getItems());
  }

  private RouteSync.Result sync() throws Exception {
    return sync("10.120.0.0/16");
  }

  private V1Node node(String name, String ip, String... podCidrs) throws ApiException {
    V1NodeSpec spec = new V1NodeSpec();
    if (podCidrs.length > 0) {
      spec.podCIDR(podCidrs[0]).podCIDRs(Arrays.asList(podCidrs));
    }
    return api.createNode(new V1Node().metadata(new V1ObjectMeta().name(name)).spec(spec)
        .status(new V1NodeStatus().addresses(List.of(new V1NodeAddress().type("InternalIP").address(ip)))))
        .execute();
  }

  private void route(String name, String target, String cidr) {
    cloud.putRoute(CLUSTER, Route.builder().name(name).targetNode(target).destinationCidr(cidr).build());
  }

  private List<String> table() {
    return cloud.routesOf(CLUSTER).stream()
        .map(r -> r.targetNode() + " " + r.destinationCidr() + (r.blackhole() ? " blackhole" : "")).sorted()
        .toList();
  }

  private Optional<V1NodeCondition> condition(String name) throws ApiException {
    return NetworkCondition.current(api.readNode(name).execute());
  }

  private int writes() {
    return cloud.count(Operation.CREATE_ROUTE) + cloud.count(Operation.DELETE_ROUTE);
  }

  // ---- TestReconcile, single CIDR ----

  @Test
  void twoNodesWithoutRoutesGetRoutesNamedByTheirUidAndTheConditionSaysCreated() throws Exception {
    V1Node n1 = node("node-1", "10.1.1.1", "10.120.0.0/24");
    node("node-2", "10.1.1.2", "10.120.1.0/24");

    RouteSync.Result result = sync();

    assertThat(result.clean()).isTrue();
    assertThat(table()).containsExactly("node-1 10.120.0.0/24", "node-2 10.120.1.0/24");
    assertThat(cloud.routesOf(CLUSTER)).extracting(Route::name)
        .contains(FakeCloud.routeName(n1.getMetadata().getUid(), "10.120.0.0/24"));
    for (String n : List.of("node-1", "node-2")) {
      assertThat(condition(n)).hasValueSatisfying(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo(WellKnown.REASON_ROUTE_CREATED);
      });
    }
  }

  @Test
  void oneMissingRouteIsTheOnlyWrite() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    node("node-2", "10.1.1.2", "10.120.1.0/24");
    route("r1", "node-1", "10.120.0.0/24");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24", "node-2 10.120.1.0/24");
    assertThat(cloud.count(Operation.CREATE_ROUTE)).isEqualTo(1);
    assertThat(cloud.count(Operation.DELETE_ROUTE)).isZero();
  }

  @Test
  void allRoutesPresentMeansNoCloudWrite() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    node("node-2", "10.1.1.2", "10.120.1.0/24");
    route("r1", "node-1", "10.120.0.0/24");
    route("r2", "node-2", "10.120.1.0/24");

    RouteSync.Result result = sync();

    assertThat(result.writes()).isZero();
    assertThat(writes()).isZero();
    assertThat(condition("node-1")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("RouteCreated"));
  }

  @Test
  void tooManyRoutesAreDeleted() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    route("r1", "node-1", "10.120.0.0/24");
    route("r2", "node-gone", "10.120.1.0/24");
    route("r3", "", "10.120.2.0/24");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24");
  }

  @Test
  void oneIncorrectRouteIsReplaced() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    node("node-2", "10.1.1.2", "10.120.1.0/24");
    route("r1", "node-1", "10.120.0.0/24");
    route("r2", "node-2", "10.120.5.0/24");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24", "node-2 10.120.1.0/24");
  }

  @Test
  void aNodeWithoutAPodCidrGetsNoRouteAndNoCondition() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    node("node-2", "10.1.1.2");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24");
    assertThat(condition("node-2")).isEmpty();
  }

  @Test
  void aNodeThatLostItsPodCidrLosesItsRouteAndIsMarkedUnavailable() throws Exception {
    node("node-1", "10.1.1.1");
    route("r1", "node-1", "10.120.0.0/24");

    sync();

    assertThat(table()).isEmpty();
    assertThat(condition("node-1")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo(WellKnown.REASON_NO_ROUTE_CREATED);
    });
  }

  @Test
  void blackholeRoutesAreDeletedOnlyInsideTheClusterCidr() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    route("r1", "node-1", "10.120.0.0/24");
    route("hole-in", "node-x", "10.120.9.0/24");
    cloud.markBlackhole(CLUSTER, "hole-in");
    route("hole-out", "node-y", "10.1.0.0/24");
    cloud.markBlackhole(CLUSTER, "hole-out");
    route("foreign", "someone", "192.168.0.0/24");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24", "node-y 10.1.0.0/24 blackhole",
        "someone 192.168.0.0/24");
  }

  @Test
  void aBlackholeRouteForAnExistingNodeIsReplaced() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    route("r1", "node-1", "10.120.0.0/24");
    cloud.markBlackhole(CLUSTER, "r1");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24");
  }

  @Test
  void duplicateRoutesForOneNodeCidrAreDeduplicated() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    route("r1", "node-1", "10.120.0.0/24");
    route("r1-copy", "node-1", "10.120.0.0/24");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24");
    assertThat(cloud.count(Operation.DELETE_ROUTE)).isEqualTo(1);
  }

  @Test
  void twoNodesClaimingOnePodCidrEachGetTheirOwnRoute() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    node("node-2", "10.1.1.2", "10.120.0.0/24");

    sync();

    assertThat(table()).containsExactly("node-1 10.120.0.0/24", "node-2 10.120.0.0/24");
  }

  // ---- TestReconcile, multi CIDR ----

  @Test
  void dualStackNodesWithoutRoutesGetOneRoutePerPodCidr() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24", "a00:100::/24");
    node("node-2", "10.1.1.2", "10.120.1.0/24", "a00:200::/24");

    sync("10.120.0.0/16", "a00::/8");

    assertThat(table()).containsExactly("node-1 10.120.0.0/24", "node-1 a00:100::/24", "node-2 10.120.1.0/24",
        "node-2 a00:200::/24");
  }

  @Test
  void dualStackWithAllRoutesPresentWritesNothingAndFixesAFewWrongOnes() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24", "a00:100::/24");
    node("node-2", "10.1.1.2", "10.120.1.0/24", "a00:200::/24");
    route("r1", "node-1", "10.120.0.0/24");
    route("r2", "node-1", "a00:100::/24");
    route("r3", "node-2", "10.120.1.0/24");
    route("r4", "node-2", "a00:200::/24");

    sync("10.120.0.0/16", "a00::/8");
    assertThat(writes()).isZero();

    cloud.putRoute(CLUSTER, Route.builder().name("r4").targetNode("node-2").destinationCidr("a00:300::/24").build());
    route("extra", "node-3", "a00:400::/24");
    sync("10.120.0.0/16", "a00::/8");

    assertThat(table()).containsExactly("node-1 10.120.0.0/24", "node-1 a00:100::/24", "node-2 10.120.1.0/24",
        "node-2 a00:200::/24");
  }

  // ---- TestReconcile, target addresses ----

  @Test
  void routesWithoutAddressesFromAProviderThatReportsThemAreRecreatedDeletesFirst() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    cloud.setEnableNodeAddresses(true);
    cloud.putRoute(CLUSTER, Route.builder().name("r1").targetNode("node-1").destinationCidr("10.120.0.0/24")
        .enableNodeAddresses(true).build());

    sync();

    assertThat(cloud.routesOf(CLUSTER)).singleElement().satisfies(r -> assertThat(r.targetNodeAddresses())
        .extracting(V1NodeAddress::getAddress).containsExactly("10.1.1.1"));
    List<Call> calls = cloud.calls();
    long delete = calls.stream().filter(c -> c.operation() == Operation.DELETE_ROUTE).findFirst().orElseThrow()
        .sequence();
    long create = calls.stream().filter(c -> c.operation() == Operation.CREATE_ROUTE).findFirst().orElseThrow()
        .sequence();
    assertThat(delete).isLessThan(create);
  }

  @Test
  void changedTargetAddressesAreRecreatedButIgnoredWhenTheProviderDoesNotReportThem() throws Exception {
    node("node-1", "10.1.1.9", "10.120.0.0/24");
    node("node-2", "10.1.1.8", "10.120.1.0/24");
    cloud.putRoute(CLUSTER, Route.builder().name("r1").targetNode("node-1").destinationCidr("10.120.0.0/24")
        .enableNodeAddresses(true)
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address("10.1.1.1"))).build());
    cloud.putRoute(CLUSTER, Route.builder().name("r2").targetNode("node-2").destinationCidr("10.120.1.0/24")
        .targetNodeAddresses(List.of(new V1NodeAddress().type("InternalIP").address("10.1.1.1"))).build());
    cloud.setEnableNodeAddresses(true);

    sync();

    assertThat(cloud.calls(Operation.DELETE_ROUTE)).extracting(Call::target).containsExactly("r1");
    assertThat(cloud.calls(Operation.CREATE_ROUTE)).hasSize(1);
    assertThat(cloud.routesOf(CLUSTER)).filteredOn(r -> r.targetNode().equals("node-1")).singleElement()
        .satisfies(r -> assertThat(r.targetNodeAddresses()).extracting(V1NodeAddress::getAddress)
            .containsExactly("10.1.1.9"));
  }

  // ---- failures ----

  @Test
  void aFailedCreateWarnsMarksTheNodeUnavailableAndIsNotClean() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    cloud.failAlways(Operation.CREATE_ROUTE, new CloudProviderException("quota exceeded"));

    RouteSync.Result result = sync();

    assertThat(result.clean()).isFalse();
    assertThat(warnings).singleElement().asString().startsWith("node-1 WARNING FailedToCreateRoute Could not create"
        + " route ").contains("10.120.0.0/24 for node node-1 after ").endsWith("quota exceeded");
    assertThat(condition("node-1")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("NoRouteCreated");
      assertThat(c.getMessage()).isEqualTo("RouteController failed to create a route");
    });
  }

  // ---- TestUpdateNetworkingCondition ----

  @ParameterizedTest(name = "{0}/{1} with routes created={2} -> {3}/{4}, written={5}")
  @CsvSource({
      "'', '', true, False, RouteCreated, true",
      "False, RouteCreated, true, False, RouteCreated, false",
      "True, NoRouteCreated, true, False, RouteCreated, true",
      "False, CalicoIsUp, true, False, RouteCreated, true",
      "'', '', false, True, NoRouteCreated, true",
      "True, NoRouteCreated, false, True, NoRouteCreated, false",
      "False, RouteCreated, false, True, NoRouteCreated, true",
      "False, CalicoIsUp, false, True, NoRouteCreated, true",
  })
  void networkingCondition(String status, String reason, boolean created, String wantStatus, String wantReason,
      boolean written) throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    if (!status.isEmpty()) {
      new NodePatches(client).setCondition("node-1", new V1NodeCondition()
          .type(WellKnown.CONDITION_NETWORK_UNAVAILABLE).status(status).reason(reason).message("set before"));
    }
    if (created) {
      route("r1", "node-1", "10.120.0.0/24");
    } else {
      cloud.failAlways(Operation.CREATE_ROUTE, new CloudProviderException("no"));
    }
    String before = api.readNode("node-1").execute().getMetadata().getResourceVersion();

    sync();

    V1Node after = api.readNode("node-1").execute();
    V1NodeCondition c = NetworkCondition.current(after).orElseThrow();
    assertThat(c.getStatus()).isEqualTo(wantStatus);
    assertThat(c.getReason()).isEqualTo(wantReason);
    assertThat(!after.getMetadata().getResourceVersion().equals(before)).isEqualTo(written);
  }

  @Test
  void calicoScenarioTheRouteControllerReassertsItsCondition() throws Exception {
    node("node-1", "10.1.1.1", "10.120.0.0/24");
    route("r1", "node-1", "10.120.0.0/24");
    NodePatches patches = new NodePatches(client);
    patches.setCondition("node-1", new V1NodeCondition().type(WellKnown.CONDITION_NETWORK_UNAVAILABLE)
        .status("False").reason("CalicoIsUp").message("Calico is running on this node"));

    sync();
    assertThat(condition("node-1")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("RouteCreated"));

    patches.setCondition("node-1", new V1NodeCondition().type(WellKnown.CONDITION_NETWORK_UNAVAILABLE)
        .status("False").reason("CalicoIsUp").message("Calico is running on this node"));
    sync();

    assertThat(condition("node-1")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("RouteCreated");
      assertThat(c.getMessage()).isEqualTo("RouteController created a route");
    });
    assertThat(writes()).isZero();
  }
}
